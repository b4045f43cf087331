"""A job's row: what the doors read (status, progress, rate, ETA, failures), only within a key's reach."""

from __future__ import annotations

import pytest

from service.batch.plan import plan
from service.batch.progress import jobs
from service.store.errors import Conflict, NotFound
from benchmarks.rosters import HEADER
from tests.batch.conftest import OPTIONS, rows_of, small_roster


ROSTER = small_roster(20)


def planned(database, organization_id=None) -> int:
    return plan(
        database,
        rows_of(ROSTER),
        OPTIONS,
        runner="local",
        source="test",
        chunk_documents=500,
        organization_id=organization_id,
    )


def test_a_new_job_is_queued_with_its_total_and_no_progress(app):
    database = app.extensions["database"]
    job = jobs.describe(database, planned(database))
    assert (job["status"], job["done"], job["failed"], job["rate"], job["failures"]) == ("queued", 0, 0, None, [])
    exempt = HEADER.index("Miễn sinh hoạt")
    reviewed = sum(row[exempt] != "x" for row in ROSTER[1:])
    cells = len({(row[1], row[2]) for row in ROSTER[1:]})
    # A self-review each; report, slips, minutes, book a cell; the summary (report, workbook) of the đảng bộ.
    assert job["total"] == reviewed + 4 * cells + 2
    assert job["options"] == {"year": 2026} and job["source"] == "test"


def test_jobs_outside_a_key_s_reach_are_not_found(app):
    database = app.extensions["database"]
    mine, other = planned(database, 7), planned(database, 8)
    assert [job["id"] for job in jobs.list_jobs(database, 10, within=frozenset({7}))] == [mine]
    assert [job["id"] for job in jobs.list_jobs(database, 10)] == [other, mine]
    jobs.reach(database, mine, frozenset({7}))
    for call in (
        lambda: jobs.reach(database, other, frozenset({7})),
        lambda: jobs.describe(database, 2**40),
        lambda: jobs.cancel(database, other, frozenset({7})),
    ):
        with pytest.raises(NotFound):
            call()


def test_a_job_is_cancelled_once_and_has_no_output(app):
    database = app.extensions["database"]
    job_id = planned(database)
    with pytest.raises(Conflict):
        jobs.output(database, job_id)
    assert jobs.cancel(database, job_id)["status"] == "cancelled"
    with pytest.raises(Conflict) as again:
        jobs.cancel(database, job_id)
    assert again.value.code == "batch_finished"
