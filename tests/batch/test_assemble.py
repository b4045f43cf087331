"""Packaging: the ZIP holds every document made exactly once in đảng bộ/chi bộ folders, the books, and both
manifests with each file's SHA-256; the same roster gives the same bytes; a fragment lost before it reached
the disk has its chunk made again."""

from __future__ import annotations

import csv
import hashlib
import io
import json

import pytest
from sqlalchemy import select, update

from service.batch.assemble import FragmentLost, assemble
from service.batch.plan import plan
from service.batch.progress import chunks, jobs, owners
from service.batch.progress.models import BatchChunk, BatchItem
from tests.batch.conftest import OPTIONS, rows_of, small_roster
from tests.batch.helpers import chunk_ids, entries, run_here, worker
from service.batch.chunk import run_chunk


def planned(app, members=40, chunk_documents=500):
    database = app.extensions["database"]
    return database, plan(
        database, rows_of(small_roster(members)), OPTIONS, runner="local", source="test", chunk_documents=chunk_documents
    )


def manifest(files: dict[str, bytes]) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(files["manifest.csv"].decode("utf-8-sig"))))


def test_the_zip_holds_every_document_once_with_its_manifest(app, tmp_path):
    database, job_id = planned(app)
    files = entries(run_here(database, tmp_path, job_id))
    rows = manifest(files)
    job = jobs.describe(database, job_id)
    assert job["status"] == "done" and job["done"] == job["total"] == len(rows) and job["failed"] == 0
    assert set(files) == {row["Đường dẫn"] for row in rows} | {
        "manifest.csv",
        "manifest.json",
        "Báo cáo kiểm tra danh sách.txt",
    }
    for row in rows:
        assert hashlib.sha256(files[row["Đường dẫn"]]).hexdigest() == row["SHA-256"]
        assert row["Đường dẫn"].startswith("Đảng bộ xã An Phú/Chi bộ Thôn ") or row["Đường dẫn"] in (
            "Đảng bộ xã An Phú/Tổng hợp xếp loại đảng viên năm 2026.docx",
            "Đảng bộ xã An Phú/Tổng hợp xếp loại đảng viên năm 2026.xlsx",
        )
    books = [row for row in rows if row["Loại văn bản"] == "Tập in của chi bộ"]
    assert len(books) == len({row["Đường dẫn"].split("/")[1] for row in rows if row["Đường dẫn"].count("/") > 1})
    listed = json.loads(files["manifest.json"])
    assert listed["year"] == 2026 and listed["regime"] == "qd366-2025"
    assert [d["path"] for d in listed["documents"]] == [row["Đường dẫn"] for row in rows]
    assert [cell["folder"] for cell in listed["cells"]] == [row["Đường dẫn"].rpartition("/")[0] for row in books]
    assert listed["check"]["members"] == 40
    assert files["Báo cáo kiểm tra danh sách.txt"].decode().startswith("KIỂM TRA DANH SÁCH KIỂM ĐIỂM NĂM 2026")
    assert job["output_sha256"] == hashlib.sha256((tmp_path / "jobs" / str(job_id) / "ket-qua.zip").read_bytes()).hexdigest()
    assert not list((tmp_path / "jobs" / str(job_id) / "chunks").iterdir())  # fragments are in the ZIP now


def test_the_same_roster_gives_the_same_zip(app, tmp_path):
    database, first = planned(app)
    _, second = planned(app)
    assert run_here(database, tmp_path, first) == run_here(database, tmp_path, second)


def test_a_cell_split_over_chunks_gets_its_book_when_packaging(app, tmp_path):
    database, split = planned(app, chunk_documents=10)
    _, whole = planned(app)
    split_files, whole_files = entries(run_here(database, tmp_path, split)), entries(run_here(database, tmp_path, whole))
    assert split_files.keys() == whole_files.keys()
    assert split_files == whole_files


def test_failed_documents_are_listed_with_their_reason_and_left_out(app, tmp_path):
    database, job_id = planned(app)
    with database.write() as session:
        session.execute(
            update(BatchItem)
            .where(BatchItem.job_id == job_id, BatchItem.kind == "phieu-xep-loai")
            .values(input={"year": 2026})
        )
    files = entries(run_here(database, tmp_path, job_id))
    failed = [row for row in manifest(files) if row["Trạng thái"] == "lỗi"]
    assert failed and all(row["Đường dẫn"] == "" and row["Lý do lỗi"].startswith("Chi bộ: bắt buộc") for row in failed)
    assert not any("Phiếu xếp loại" in name for name in files)


def test_a_lost_fragment_has_its_chunk_made_again(app, tmp_path):
    database, job_id = planned(app, chunk_documents=40)
    reference = run_here(database, tmp_path, planned(app, chunk_documents=40)[1])
    for chunk_id in chunks.unfinished(database, job_id):
        run_chunk(worker(database, tmp_path), chunk_id)
    first = chunk_ids(database, job_id)[0]
    with database.read() as session:
        fragment = tmp_path / session.get(BatchChunk, first).fragment
    fragment.write_bytes(fragment.read_bytes()[:100])  # what a crash before the disk had it leaves
    with pytest.raises(FragmentLost) as lost:
        assemble(database, tmp_path, job_id, owners.owner_id(), 600)
    assert lost.value.chunk_ids == [first]
    chunks.redo(database, job_id, lost.value.chunk_ids)
    assert jobs.describe(database, job_id)["status"] == "running"
    assert run_here(database, tmp_path, job_id) == reference
    assert jobs.describe(database, job_id)["done"] == jobs.describe(database, job_id)["total"]


def test_only_one_process_packages_a_job(app, tmp_path):
    database, job_id = planned(app)
    for chunk_id in chunks.unfinished(database, job_id):
        run_chunk(worker(database, tmp_path), chunk_id)
    assert jobs.claim_packaging(database, job_id, f"{owners.HOST}:1", 600)  # pid 1 lives: its claim holds
    assert not assemble(database, tmp_path, job_id, owners.owner_id(), 600)
    with database.read() as session:
        assert session.scalar(select(BatchItem.status).where(BatchItem.job_id == job_id).limit(1)) == "done"
