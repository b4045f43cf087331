"""Batch fixtures: an app whose batches run in two worker processes with small chunks, and rosters."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import time

import pytest
from sqlalchemy import update

from benchmarks.rosters import HEADER, roster_table
from service.batch.launch import get_batches
from service.batch.plan import plan
from service.batch.progress import jobs, owners
from service.batch.progress.models import FINISHED, BatchChunk, BatchJob
from service.batch.roster import BatchOptions, from_table

OPTIONS = BatchOptions(year=2026)


@pytest.fixture
def batch_app(app, tmp_path):
    """The test app with its batch folder, two workers and chunks of about one cell."""
    app.config.update(BATCH_DIR=str(tmp_path / "batches"), BATCH_WORKERS=2, BATCH_CHUNK_DOCUMENTS=30)
    return app


@pytest.fixture
def batches(batch_app):
    return get_batches(batch_app)


def rows_of(table: list[list], options: BatchOptions = OPTIONS):
    return from_table(table, options, 10_000)


def small_roster(members: int = 40, seed: int = 3) -> list[list]:
    return roster_table(members, seed)


def table_of(*rows: dict) -> list[list]:
    """A roster with the generator's header (and any other column the rows name), rows given by column."""
    header = HEADER + sorted({column for row in rows for column in row} - set(HEADER))
    return [header] + [[row.get(column, "") for column in header] for row in rows]


def wait_for(database, job_id: int, timeout: float = 120) -> dict:
    """The job once it has ended (the test fails if it has not within `timeout` seconds)."""
    deadline = time.monotonic() + timeout
    while (job := jobs.describe(database, job_id))["status"] not in FINISHED:
        assert time.monotonic() < deadline, f"batch {job_id} still {job['status']} after {timeout} s"
        time.sleep(0.1)
    return job


@pytest.fixture
def run_job(batches):
    """Plan a roster, run it with the app's runner and wait for its end; returns the job as described."""

    def run(table: list[list], options: BatchOptions = OPTIONS) -> dict:
        return wait_for(batches.database, batches.start(rows_of(table, options), options, source="test"))

    return run


def stopped_job(database, organization_id: int | None = None, *, holder: str | None = None) -> int:
    """A 40-member job as a runner leaves it when its process ends mid-job: running, one chunk claimed by that
    process (`holder`, by default one that has ended) and the rest not started."""
    if holder is None:
        ended = subprocess.Popen([sys.executable, "-c", "pass"])
        ended.wait()
        holder = f"{owners.HOST}:{ended.pid}"
    options = BatchOptions(year=2026)
    job_id = plan(
        database,
        from_table(roster_table(40), options, 1000),
        options,
        runner="local",
        source="test",
        chunk_documents=30,
        organization_id=organization_id,
    )
    with database.write() as session:
        session.execute(update(BatchJob).where(BatchJob.id == job_id).values(status="running"))
        session.execute(
            update(BatchChunk)
            .where(BatchChunk.job_id == job_id, BatchChunk.seq == 1)
            .values(status="running", owner=holder, lease_until=owners.now() + dt.timedelta(minutes=10), attempts=1)
        )
    return job_id
