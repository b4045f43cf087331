"""Planning: a self-review per member, each cell's report, slips, minutes and book, in chunks of whole cells
(a cell too big for one is split), all recorded before anything runs."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from service.batch.plan import BALLOT, BOOK, COLLECTIVE, MINUTES, SELF_REVIEW, plan
from service.batch.progress.models import BatchChunk, BatchItem, BatchJob
from service.findings import InputInvalid
from tests.batch.conftest import OPTIONS, rows_of, table_of

CELL = {"Đảng bộ": "Đảng bộ xã An Phú", "Chi bộ": "Chi bộ Thôn Đông", "Địa danh": "An Phú"}
MEMBERS = [
    {**CELL, "Họ và tên": "Nguyễn Văn An", "Chức vụ đảng": "Bí thư Chi bộ", "Tự xếp loại": "HTTNV"},
    {**CELL, "Họ và tên": "Trần Thị Bình", "Chức vụ đảng": "Phó Bí thư Chi bộ", "Mẫu": "2B"},
    {**CELL, "Họ và tên": "Đỗ Văn Minh", "Chính thức/dự bị": "Dự bị", "Chức vụ đoàn thể": "Bí thư Chi đoàn",
     "Chức vụ chính quyền": "Công an viên"},
    {**CELL, "Họ và tên": "Lê Văn Cường", "Miễn sinh hoạt": "x"},
    {**CELL, "Họ và tên": "Hoàng Văn Đức", "Đơn vị": "Cán bộ hưu trí"},
    {**CELL, "Chi bộ": "Chi bộ Thôn Tây", "Họ và tên": "Phạm Văn Dũng"},
]


def planned(database, table, chunk_documents=500):
    job_id = plan(database, rows_of(table), OPTIONS, runner="local", source="test", chunk_documents=chunk_documents)
    with database.read() as session:
        items = session.scalars(select(BatchItem).where(BatchItem.job_id == job_id)
                                .order_by(BatchItem.cell, BatchItem.position)).all()
        chunks = session.scalars(select(BatchChunk).where(BatchChunk.job_id == job_id)
                                 .order_by(BatchChunk.seq)).all()
        return session.get(BatchJob, job_id), items, chunks


def test_each_cell_gets_its_documents_in_book_order(app):
    job, items, _ = planned(app.extensions["database"], table_of(*MEMBERS))
    east = [(i.kind, i.member, i.form) for i in items if i.cell == 1]
    assert east == [(COLLECTIVE, None, None), (SELF_REVIEW, "Nguyễn Văn An", "2A"),
                    (SELF_REVIEW, "Trần Thị Bình", "2B"), (SELF_REVIEW, "Đỗ Văn Minh", "2B"),
                    (SELF_REVIEW, "Hoàng Văn Đức", "2C"), (BALLOT, None, None), (MINUTES, None, None),
                    (BOOK, None, None)]
    assert [i.kind for i in items if i.cell == 2] == [COLLECTIVE, SELF_REVIEW, BALLOT, MINUTES, BOOK]
    assert job.status == "queued" and job.total == len(items) == 13


def test_paths_are_folders_of_the_party_tree(app):
    _, items, _ = planned(app.extensions["database"], table_of(*MEMBERS))
    assert items[0].prefix == "Đảng bộ xã An Phú/Chi bộ Thôn Đông/"
    assert items[1].prefix == "Đảng bộ xã An Phú/Chi bộ Thôn Đông/Bản kiểm điểm cá nhân/001 - "
    assert items[7].input == {"title": "Tập in kiểm điểm năm 2026 - Chi bộ Thôn Đông"}


def test_self_reviews_carry_the_roster_s_row(app):
    _, items, _ = planned(app.extensions["database"], table_of(*MEMBERS))
    assert items[1].input == {
        "organization": {"upper": "Đảng bộ xã An Phú", "name": "Chi bộ Thôn Đông", "abbreviation": "CB",
                         "place": "An Phú"},
        "year": 2026, "role": "leader", "name": "Nguyễn Văn An", "party_position": "Bí thư Chi bộ",
        "self_rating": "HTTNV"}
    assert items[3].input["government_position"] == "Công an viên, Bí thư Chi đoàn"


def test_the_cell_documents_are_filled_from_the_roster(app):
    _, items, _ = planned(app.extensions["database"], table_of(*MEMBERS))
    report, ballot, minutes = items[0].input, items[5].input, items[6].input
    assert report["signer"] == {"name": "Nguyễn Văn An", "title": "BÍ THƯ"} and report["draft"] is True
    assert report["date"] == "2026-12-01"
    assert ballot["copies"] == 3 and [m["name"] for m in ballot["members"]] == [
        "Nguyễn Văn An", "Trần Thị Bình", "Đỗ Văn Minh", "Hoàng Văn Đức"]
    assert minutes["attendance"] == {"total": 5, "official": 4, "probationary": 1, "exempt": 1, "present": 4,
                                     "present_official": 3}
    assert minutes["chair"] == {"name": "Nguyễn Văn An", "position": "Bí thư Chi bộ"}
    assert minutes["members"][0] == {"name": "Nguyễn Văn An", "probationary": False, "self_rating": "HTTNV"}
    assert minutes["members"][2] == {"name": "Đỗ Văn Minh", "probationary": True}
    assert "votes" not in minutes["members"][0]            # left to write in by hand


def test_a_cell_without_secretary_leaves_the_signature_to_fill_in(app):
    _, items, _ = planned(app.extensions["database"], table_of(*MEMBERS))
    west = [i for i in items if i.cell == 2]
    assert west[0].input["signer"]["name"].startswith("……") and west[3].input["chair"]["name"].startswith("……")


def test_whole_cells_share_chunks_up_to_the_limit(app):
    _, items, chunks = planned(app.extensions["database"], table_of(*MEMBERS), chunk_documents=8)
    assert [c.documents for c in chunks] == [8, 5]
    assert {i.chunk_id for i in items if i.cell == 1} == {chunks[0].id}
    _, items, chunks = planned(app.extensions["database"], table_of(*MEMBERS), chunk_documents=500)
    assert len(chunks) == 1 and {i.chunk_id for i in items} == {chunks[0].id}


def test_a_cell_too_big_for_a_chunk_is_split_and_its_book_left_to_packaging(app):
    _, items, chunks = planned(app.extensions["database"], table_of(*MEMBERS), chunk_documents=3)
    east = [i for i in items if i.cell == 1]
    assert [c.documents for c in chunks] == [3, 3, 1, 3, 1]
    assert [i.chunk_id for i in east[:7]] == [chunks[0].id] * 3 + [chunks[1].id] * 3 + [chunks[2].id]
    assert east[7].kind == BOOK and east[7].chunk_id is None


def test_inactive_members_are_left_out_and_a_roster_of_none_plans_nothing(app):
    database = app.extensions["database"]
    with pytest.raises(InputInvalid) as invalid:
        planned(database, table_of({**MEMBERS[0], "Đang sinh hoạt": "không"}))
    assert invalid.value.errors[0].code == "roster_no_active_members"
    with database.read() as session:
        assert session.scalars(select(BatchJob).where(BatchJob.source == "test")).all() == []
