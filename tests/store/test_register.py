"""The number register: consecutive per type and term, never reused, and safe under concurrent writers."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from sqlalchemy import select

from service.store import organizations, register
from service.store.db import Database
from service.store.errors import Conflict, StoreError
from service.store.models import RegisterEntry
from tests.store.databases import SERVER_URL, Source

DAY = dt.date(2026, 11, 5)


def allocate(database, org_id, doc_type="NQ", day=DAY, **options):
    with database.write() as session:
        return register.allocate(session, org_id, doc_type, day, creator="test", **options).number


def test_numbers_run_on_per_document_type(database, chi_bo):
    assert [allocate(database, chi_bo["id"]) for _ in range(3)] == [1, 2, 3]
    assert allocate(database, chi_bo["id"], "BC") == 1
    assert allocate(database, chi_bo["id"]) == 4


def test_numbers_restart_in_a_new_term(database, chi_bo):
    organizations.add_term(
        database, chi_bo["id"], {"name": "Nhiệm kỳ 2020 - 2025", "start_on": "2020-01-01", "end_on": "2025-09-30"}
    )
    organizations.add_term(database, chi_bo["id"], {"name": "Nhiệm kỳ 2025 - 2030", "start_on": "2025-10-01"})
    assert allocate(database, chi_bo["id"], day=dt.date(2025, 9, 1)) == 1
    assert allocate(database, chi_bo["id"], day=dt.date(2025, 9, 2)) == 2
    assert allocate(database, chi_bo["id"], day=dt.date(2025, 10, 2)) == 1


def test_a_date_outside_every_recorded_term_is_refused(database, chi_bo):
    organizations.add_term(database, chi_bo["id"], {"name": "Nhiệm kỳ 2025 - 2030", "start_on": "2025-10-01"})
    with pytest.raises(StoreError) as refused:
        allocate(database, chi_bo["id"], day=dt.date(2025, 9, 1))
    assert refused.value.code == "term_missing" and "01/09/2025" in refused.value.message


def test_without_terms_one_open_term_starts_when_the_organization_was_recorded(database, chi_bo):
    assert allocate(database, chi_bo["id"], day=dt.date(2020, 1, 1)) == 1
    assert organizations.get_organization(database, chi_bo["id"])["terms"][0]["end_on"] is None
    with pytest.raises(StoreError):
        allocate(database, chi_bo["id"], day=dt.date(2019, 12, 31))


def test_cancelled_numbers_stay_recorded_and_are_not_reused(database, chi_bo):
    org_id = chi_bo["id"]
    with database.write() as session:
        entry = register.allocate(session, org_id, "NQ", DAY, creator="test", reserve=True)
    with database.write() as session:
        register.settle(session, org_id, entry.id, "cancelled")
    assert allocate(database, org_id) == 2
    with database.read() as session:
        assert [(e.number, e.status) for e in register.entries(session, org_id)] == [(1, "cancelled"), (2, "confirmed")]
    with pytest.raises(Conflict), database.write() as session:
        register.settle(session, org_id, entry.id, "confirmed")


def test_a_chosen_number_is_taken_once_and_numbering_continues_after_it(database, chi_bo):
    org_id = chi_bo["id"]
    with database.write() as session:
        register.claim(session, org_id, "NQ", DAY, 11, creator="test")
    with pytest.raises(Conflict) as taken, database.write() as session:
        register.claim(session, org_id, "NQ", DAY, 11, creator="test")
    assert taken.value.code == "number_taken" and "Số 11-NQ/CB" in taken.value.message
    assert allocate(database, org_id) == 12


def test_a_reserved_number_is_confirmed_by_claiming_it(database, chi_bo):
    org_id = chi_bo["id"]
    number = allocate(database, org_id, reserve=True)
    with database.write() as session:
        assert register.claim(session, org_id, "NQ", DAY, number, creator="test").status == "confirmed"


def test_a_failed_transaction_gives_its_number_back(database, chi_bo):
    with pytest.raises(RuntimeError), database.write() as session:
        register.allocate(session, chi_bo["id"], "NQ", DAY, creator="test")
        raise RuntimeError("the document could not be produced")
    assert allocate(database, chi_bo["id"]) == 1


def _allocate_concurrently(database: Database, org_id: int, count: int) -> list[int]:
    start = threading.Barrier(count)
    numbers, failures = [], []

    def work():
        try:
            start.wait()
            numbers.append(allocate(database, org_id))
        except Exception as exc:  # collected so the assertion shows what went wrong
            failures.append(exc)

    threads = [threading.Thread(target=work) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not failures, failures[:3]
    return numbers


def _assert_consecutive(database: Database, org_id: int, numbers: list[int], count: int) -> None:
    assert sorted(numbers) == list(range(1, count + 1))
    with database.read() as session:
        recorded = session.scalars(select(RegisterEntry.number).where(RegisterEntry.organization_id == org_id))
        assert sorted(recorded) == list(range(1, count + 1))


def test_50_concurrent_allocations_on_sqlite(tmp_path):
    (tmp_path / "source").mkdir()
    source = Source(tmp_path / "source", server_url=None)
    database = Database(source.fresh(tmp_path))
    try:
        org = organizations.create_organization(
            database, {"name": "Chi bộ 1", "place": "An Phú", "upper_name": "Đảng bộ xã An Phú", "created_on": "2020-01-01"}
        )
        numbers = _allocate_concurrently(database, org["id"], 50)
        _assert_consecutive(database, org["id"], numbers, 50)
    finally:
        database.dispose()


@pytest.mark.skipif(not SERVER_URL, reason="set TEST_DATABASE_URL to a PostgreSQL database to run it")
def test_200_concurrent_allocations_on_postgresql(database, chi_bo):
    numbers = _allocate_concurrently(database, chi_bo["id"], 200)
    _assert_consecutive(database, chi_bo["id"], numbers, 200)
