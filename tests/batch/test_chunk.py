"""The chunk function: renders a chunk's documents and its cells' books into one fragment file, records each
result once however often it runs, takes over chunks of dead processes only, and lets a document its data
refuses fail alone with the reason."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import subprocess
import sys

from sqlalchemy import select, update

from service.batch import book
from service.batch.chunk import run_chunk
from service.batch.plan import plan
from service.batch.progress import jobs
from service.batch.progress.chunks import MAX_ATTEMPTS
from service.batch.progress.models import BatchChunk, BatchItem
from service.batch.progress.owners import now
from service.render.package import Entry, data_start
from tests.batch.conftest import OPTIONS, rows_of, small_roster
from tests.batch.helpers import chunk_ids, worker


def planned(app, members=30, chunk_documents=500):
    database = app.extensions["database"]
    return database, plan(
        database, rows_of(small_roster(members)), OPTIONS, runner="local", source="test", chunk_documents=chunk_documents
    )


def items_of(database, job_id):
    with database.read() as session:
        return session.scalars(
            select(BatchItem).where(BatchItem.job_id == job_id).order_by(BatchItem.cell, BatchItem.position)
        ).all()


def test_a_chunk_writes_its_documents_and_books_to_its_fragment(app, tmp_path):
    database, job_id = planned(app)
    (first,) = chunk_ids(database, job_id)[:1]
    outcome = run_chunk(worker(database, tmp_path), first)
    assert outcome.job_id == job_id
    done = [item for item in items_of(database, job_id) if item.chunk_id == first]
    assert {item.status for item in done} == {"done"}
    with database.read() as session:
        fragment = session.get(BatchChunk, first).fragment
    data = (tmp_path / fragment).read_bytes()
    for item in done:
        start = data_start(Entry(item.path, item.crc32, item.size, item.size, 0, item.offset))
        assert hashlib.sha256(data[start : start + item.size]).hexdigest() == item.sha256
    names = [item.path.rpartition("/")[2] for item in done]
    assert names[0] == "Báo cáo kiểm điểm tập thể năm 2026.docx"
    assert names[1].startswith("001 - Bản kiểm điểm năm 2026 - ")
    assert any(name.startswith("Tập in kiểm điểm năm 2026 - Chi bộ Thôn") for name in names)


def test_running_a_chunk_again_changes_nothing_and_counts_once(app, tmp_path):
    database, job_id = planned(app)
    first = chunk_ids(database, job_id)[0]
    run_chunk(worker(database, tmp_path), first)
    before = jobs.describe(database, job_id)
    with database.read() as session:
        fragment = session.get(BatchChunk, first).fragment
    written = (tmp_path / fragment).read_bytes()
    assert run_chunk(worker(database, tmp_path), first) is None
    assert jobs.describe(database, job_id)["done"] == before["done"] > 0
    assert (tmp_path / fragment).read_bytes() == written


def test_a_document_its_data_refuses_fails_alone_with_the_reason(app, tmp_path):
    database, job_id = planned(app)
    with database.write() as session:
        member = session.scalars(
            select(BatchItem).where(BatchItem.job_id == job_id, BatchItem.kind == "ban-kiem-diem-ca-nhan")
        ).first()
        member.input = {**member.input, "birth_date": "1968-02-31"}
    for chunk_id in chunk_ids(database, job_id):
        run_chunk(worker(database, tmp_path), chunk_id)
    failed = [item for item in items_of(database, job_id) if item.status == "failed"]
    assert [(item.id, item.error) for item in failed] == [(member.id, "Ngày sinh: không có ngày này (1968-02-31).")]
    job = jobs.describe(database, job_id)
    assert job["status"] == "packaging" and job["failed"] == 1 and job["done"] == job["total"] - 1
    assert job["failures"] == [
        {
            "folder": member.prefix.rpartition("/")[0],
            "kind": "ban-kiem-diem-ca-nhan",
            "member": member.member,
            "error": failed[0].error,
        }
    ]


def test_a_fault_of_the_service_fails_its_chunk_and_the_job_goes_on(app, tmp_path, monkeypatch):
    database, job_id = planned(app, members=60, chunk_documents=40)
    first, *rest = chunk_ids(database, job_id)

    def broken(documents, title):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(book, "merge", broken)
    run_chunk(worker(database, tmp_path), first)
    monkeypatch.undo()
    for chunk_id in rest:
        run_chunk(worker(database, tmp_path), chunk_id)
    failed = {item.error for item in items_of(database, job_id) if item.chunk_id == first}
    assert failed == {"Lỗi của hệ thống khi tạo văn bản (RuntimeError)."}
    assert jobs.describe(database, job_id)["status"] == "packaging"


def test_a_chunk_held_by_a_live_process_is_left_to_it(app, tmp_path):
    database, job_id = planned(app)
    first = chunk_ids(database, job_id)[0]
    _hold(database, first, f"{os.uname().nodename}:{os.getppid()}")
    assert run_chunk(worker(database, tmp_path), first) is None


def test_a_chunk_held_by_a_dead_process_is_taken_over(app, tmp_path):
    database, job_id = planned(app)
    first = chunk_ids(database, job_id)[0]
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    _hold(database, first, f"{os.uname().nodename}:{dead.stdout.strip()}")
    assert run_chunk(worker(database, tmp_path), first) is not None
    with database.read() as session:
        assert session.get(BatchChunk, first).attempts == 2


def test_a_chunk_whose_processes_keep_dying_fails_with_the_reason(app, tmp_path):
    database, job_id = planned(app)
    first = chunk_ids(database, job_id)[0]
    with database.write() as session:
        session.execute(update(BatchChunk).where(BatchChunk.id == first).values(attempts=MAX_ATTEMPTS))
    run_chunk(worker(database, tmp_path), first)
    errors = {item.error for item in items_of(database, job_id) if item.chunk_id == first}
    assert errors == {"Không tạo được: tiến trình xử lý bị dừng đột ngột nhiều lần."}


def test_a_cancelled_job_s_chunks_do_not_run(app, tmp_path):
    database, job_id = planned(app)
    jobs.cancel(database, job_id)
    assert run_chunk(worker(database, tmp_path), chunk_ids(database, job_id)[0]) is None


def _hold(database, chunk_id: int, owner: str) -> None:
    with database.write() as session:
        session.execute(
            update(BatchChunk)
            .where(BatchChunk.id == chunk_id)
            .values(status="running", owner=owner, attempts=1, lease_until=now() + dt.timedelta(minutes=5))
        )
