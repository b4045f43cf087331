"""Batch fixtures: an app whose batches run in two worker processes with small chunks, and rosters."""
from __future__ import annotations

import time

import pytest

from benchmarks.rosters import HEADER, roster_table
from service.batch.launch import get_batches
from service.batch.progress import jobs
from service.batch.progress.models import FINISHED
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
