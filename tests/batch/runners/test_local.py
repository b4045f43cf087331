"""The embedded runner: a job rendered by a pool of processes inside the service; a pool process killed with
SIGKILL in the middle of a chunk costs a new pool, and the ZIP still holds every document exactly once,
byte for byte what an uninterrupted run gives."""

from __future__ import annotations

import os
import signal

from service.batch.progress import jobs
from tests.batch.conftest import OPTIONS, rows_of, small_roster, wait_for
from tests.batch.helpers import entries
from tests.batch.processes import attempts, stop_one_holding_a_chunk


def _zip(batches, job_id: int) -> bytes:
    return (batches.settings.batch_dir / jobs.output(batches.database, job_id).output).read_bytes()


def test_a_job_runs_in_the_pool_and_the_same_roster_gives_the_same_zip(batches, run_job):
    table = small_roster(60)
    job = run_job(table)
    assert job["status"] == "done" and job["failed"] == 0 and job["done"] == job["total"]
    assert job["rate"] > 0 and job["eta_seconds"] == 0
    reference = batches.start(rows_of(table), OPTIONS, source="reference")
    wait_for(batches.database, reference)
    assert _zip(batches, job["id"]) == _zip(batches, reference)
    assert len(entries(_zip(batches, job["id"]))) == job["total"] + 3  # the manifests and the check report


def test_killing_a_pool_process_mid_chunk_still_gives_every_document_once(batches):
    table = small_roster(240)
    reference_job = batches.start(rows_of(table), OPTIONS, source="reference")
    wait_for(batches.database, reference_job)
    reference = _zip(batches, reference_job)
    job_id = batches.start(rows_of(table), OPTIONS, source="test")
    victim, chunk = stop_one_holding_a_chunk(batches.database, [os.getpid()])
    os.kill(victim, signal.SIGKILL)
    job = wait_for(batches.database, job_id)
    assert job["status"] == "done" and job["failed"] == 0 and job["done"] == job["total"]
    assert attempts(batches.database, chunk) == 2  # the killed chunk was made again, once
    assert _zip(batches, job_id) == reference
    assert len(entries(reference)) == job["total"] + 3  # the manifests and the check report


def test_a_cancelled_job_stops_and_makes_no_zip(batches):
    job_id = batches.start(rows_of(small_roster(240)), OPTIONS, source="test")
    jobs.cancel(batches.database, job_id)
    job = wait_for(batches.database, job_id)
    assert job["status"] == "cancelled" and job["output_size"] is None
    assert job["done"] + job["failed"] < job["total"]


def test_the_fork_server_preload_leaves_workers_nothing_to_load():
    """What the fork server imports before forking workers: the kinds and the batch's compiled templates, so
    that a worker's first document loads neither (the kinds took 0.07 s, the templates more), on the batch's critical path."""
    import subprocess
    import sys

    probe = (
        "import service.batch.runners.preload\n"
        "from service.kinds import registry\n"
        "from service.render.engine import _CACHE\n"
        "print(registry._loaded, len(_CACHE))"
    )
    loaded, compiled = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout.split()
    assert loaded == "True" and int(compiled) >= 4
