"""The Celery runner with a real Redis and real `python -m service worker` processes: a job's chunks are
tasks; a worker's pool process killed with SIGKILL mid-chunk, or a whole worker killed and another started,
and the job still completes with every document exactly once, byte for byte the uninterrupted ZIP.

Needs Redis on TEST_REDIS_URL (default redis://127.0.0.1:6379/15); CI starts one (see .ci/run).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import uuid

import pytest
import redis

from service.batch.launch import Batches
from service.batch.plan import plan
from service.batch.progress import jobs
from service.batch.settings import batch_settings
from tests.batch.conftest import OPTIONS, rows_of, small_roster, wait_for
from tests.batch.helpers import entries, run_here
from tests.batch.processes import attempts, stop_one_holding_a_chunk
from tests.conftest import ROOT

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def _redis_up() -> bool:
    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


pytestmark = pytest.mark.skipif(not _redis_up(), reason=f"Redis is not running on {REDIS_URL} (CI starts it)")


@pytest.fixture
def celery_app(batch_app, tmp_path):
    """The test app with the Celery runner on a queue of its own, so that runs never share messages."""
    batch_app.config.update(
        BATCH_RUNNER="celery", CELERY_BROKER_URL=REDIS_URL, BATCH_QUEUE=f"partydocs-test-{uuid.uuid4().hex[:8]}"
    )
    yield batch_app
    redis.Redis.from_url(REDIS_URL).delete(batch_app.config["BATCH_QUEUE"])


@pytest.fixture
def start_worker(celery_app, tmp_path):
    """Start `python -m service worker` processes on the test's database, folder and queue."""
    config = celery_app.config
    environment = {
        **os.environ,
        "PARTYDOCS_DATABASE_URL": config["DATABASE_URL"],
        "PARTYDOCS_BATCH_DIR": config["BATCH_DIR"],
        "PARTYDOCS_CELERY_BROKER_URL": REDIS_URL,
        "PARTYDOCS_BATCH_QUEUE": config["BATCH_QUEUE"],
        "PARTYDOCS_BATCH_RUNNER": "celery",
    }
    started: list[subprocess.Popen] = []

    def start() -> subprocess.Popen:
        log = (tmp_path / f"worker{len(started)}.log").open("wb")
        process = subprocess.Popen(
            [sys.executable, "-m", "service", "worker", "--concurrency", "1", "--loglevel", "INFO"],
            cwd=ROOT,
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        started.append(process)
        return process

    yield start
    for process in started:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=30)


def _reference(celery_app, tmp_path, table) -> bytes:
    """The uninterrupted ZIP: the same roster through the same chunk function, in this process."""
    database = celery_app.extensions["database"]
    job_id = plan(database, rows_of(table), OPTIONS, runner="local", source="reference", chunk_documents=30)
    return run_here(database, tmp_path / "reference", job_id)


def _started(celery_app, table) -> tuple[Batches, int]:
    batches = Batches(batch_settings(celery_app), celery_app.extensions["database"])
    return batches, batches.start(rows_of(table), OPTIONS, source="test")


def _zip(batches: Batches, job_id: int) -> bytes:
    return (batches.settings.batch_dir / jobs.output(batches.database, job_id).output).read_bytes()


def test_a_worker_s_pool_process_killed_mid_chunk_is_replaced_and_the_job_completes(celery_app, start_worker, tmp_path):
    table = small_roster(150)
    reference = _reference(celery_app, tmp_path, table)
    worker = start_worker()
    batches, job_id = _started(celery_app, table)
    victim, chunk = stop_one_holding_a_chunk(batches.database, [worker.pid])
    os.kill(victim, signal.SIGKILL)
    job = wait_for(batches.database, job_id)
    assert job["status"] == "done" and job["failed"] == 0 and job["done"] == job["total"]
    assert attempts(batches.database, chunk) == 2
    assert _zip(batches, job_id) == reference and len(entries(reference)) == job["total"] + 3


def test_a_whole_worker_killed_mid_chunk_leaves_the_job_to_another_worker(celery_app, start_worker, tmp_path):
    table = small_roster(150)
    reference = _reference(celery_app, tmp_path, table)
    first = start_worker()
    batches, job_id = _started(celery_app, table)
    _, chunk = stop_one_holding_a_chunk(batches.database, [first.pid])
    os.killpg(first.pid, signal.SIGKILL)
    first.wait(timeout=30)
    assert jobs.describe(batches.database, job_id)["status"] == "running"
    start_worker()
    job = wait_for(batches.database, job_id)
    assert job["status"] == "done" and job["failed"] == 0 and job["done"] == job["total"]
    assert attempts(batches.database, chunk) == 2
    assert _zip(batches, job_id) == reference
