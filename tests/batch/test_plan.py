"""Planning: a self-review per member, each cell's report, slips, minutes and book, in chunks of whole cells
(a cell too big for one is split), all recorded before anything runs."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from service.batch.plan import BALLOT, BOOK, COLLECTIVE, MINUTES, SELF_REVIEW, SUMMARY, SUMMARY_XLSX, plan
from service.batch.progress.models import BatchChunk, BatchItem, BatchJob
from service.batch.roster import BatchOptions
from service.findings import InputInvalid
from tests.batch.conftest import OPTIONS, rows_of, table_of

CELL = {"Đảng bộ": "Đảng bộ xã An Phú", "Chi bộ": "Chi bộ Thôn Đông", "Địa danh": "An Phú"}
MEMBERS = [
    {**CELL, "Họ và tên": "Nguyễn Văn An", "Chức vụ đảng": "Bí thư Chi bộ", "Tự xếp loại": "HTTNV"},
    {**CELL, "Họ và tên": "Trần Thị Bình", "Chức vụ đảng": "Phó Bí thư Chi bộ", "Mẫu": "2B"},
    {
        **CELL,
        "Họ và tên": "Đỗ Văn Minh",
        "Chính thức/dự bị": "Dự bị",
        "Chức vụ đoàn thể": "Bí thư Chi đoàn",
        "Chức vụ chính quyền": "Công an viên",
    },
    {**CELL, "Họ và tên": "Lê Văn Cường", "Miễn sinh hoạt": "x"},
    {**CELL, "Họ và tên": "Hoàng Văn Đức", "Đơn vị": "Cán bộ hưu trí"},
    {**CELL, "Chi bộ": "Chi bộ Thôn Tây", "Họ và tên": "Phạm Văn Dũng"},
]


def planned(database, table, chunk_documents=500):
    job_id = plan(database, rows_of(table), OPTIONS, runner="local", source="test", chunk_documents=chunk_documents)
    with database.read() as session:
        items = session.scalars(
            select(BatchItem).where(BatchItem.job_id == job_id).order_by(BatchItem.cell, BatchItem.position)
        ).all()
        chunks = session.scalars(select(BatchChunk).where(BatchChunk.job_id == job_id).order_by(BatchChunk.seq)).all()
        return session.get(BatchJob, job_id), items, chunks


def test_each_cell_gets_its_documents_in_book_order(app):
    job, items, _ = planned(app.extensions["database"], table_of(*MEMBERS))
    east = [(i.kind, i.member, i.form, i.guessed) for i in items if i.cell == 1]
    # The self-reviews in the minutes' order (Vietnamese name order: An, Bình, Đức, Minh), not the roster's.
    assert east == [
        (COLLECTIVE, None, None, False),
        (SELF_REVIEW, "Nguyễn Văn An", "2A", True),
        (SELF_REVIEW, "Trần Thị Bình", "2B", False),
        (SELF_REVIEW, "Hoàng Văn Đức", "2C", True),
        (SELF_REVIEW, "Đỗ Văn Minh", "2B", True),
        (BALLOT, None, None, False),
        (MINUTES, None, None, False),
        (BOOK, None, None, False),
    ]
    assert [i.kind for i in items if i.cell == 2] == [COLLECTIVE, SELF_REVIEW, BALLOT, MINUTES, BOOK]
    # One đảng bộ: its summary, as a report and a workbook, after the cells.
    assert [(i.cell, i.kind, i.prefix) for i in items if i.cell == 3] == [
        (3, SUMMARY, "Đảng bộ xã An Phú/"),
        (3, SUMMARY_XLSX, "Đảng bộ xã An Phú/"),
    ]
    assert job.status == "queued" and job.total == len(items) == 15


def test_paths_are_folders_of_the_party_tree(app):
    _, items, _ = planned(app.extensions["database"], table_of(*MEMBERS))
    assert items[0].prefix == "Đảng bộ xã An Phú/Chi bộ Thôn Đông/"
    assert items[1].prefix == "Đảng bộ xã An Phú/Chi bộ Thôn Đông/Bản kiểm điểm cá nhân/001 - "
    assert items[7].input == {"title": "Tập in kiểm điểm năm 2026 - Chi bộ Thôn Đông"}


def test_self_reviews_carry_the_roster_s_row_as_far_as_their_form_prints_it(app):
    _, items, _ = planned(app.extensions["database"], table_of(*MEMBERS))
    assert items[1].input == {
        "organization": {"upper": "Đảng bộ xã An Phú", "name": "Chi bộ Thôn Đông", "abbreviation": "CB", "place": "An Phú"},
        "year": 2026,
        "role": "leader",
        "name": "Nguyễn Văn An",
        "party_position": "Bí thư Chi bộ",
        "self_rating": "HTTNV",
    }
    # Form 2B prints no position line: the roster's positions stay out of its input, and out of its warnings.
    assert "government_position" not in items[4].input and items[4].input["role"] == "non_leader"


def test_the_cell_documents_hold_what_the_roster_knows_and_leave_the_rest_blank(app):
    _, items, _ = planned(app.extensions["database"], table_of(*MEMBERS))
    report, ballot, minutes = items[0].input, items[5].input, items[6].input
    assert report["signer"] == {"name": "Nguyễn Văn An", "title": "BÍ THƯ"} and report["draft"] is True
    assert "date" not in report and "date" not in ballot  # no date was given: written by hand
    assert "recipients" not in report  # the kind's default: the đảng ủy of the roster's đảng bộ, named
    assert ballot["copies"] == 3 and [m["name"] for m in ballot["members"]] == [
        "Nguyễn Văn An",
        "Trần Thị Bình",
        "Hoàng Văn Đức",
        "Đỗ Văn Minh",
    ]
    assert minutes["attendance"] == {"total": 5, "official": 4, "probationary": 1, "exempt": None, "absent": None}
    assert minutes["meeting"] == {"form": None} and minutes["guests"] is None and minutes["speeches"] is None
    assert minutes["chair"] is None and minutes["secretary"] is None and minutes["collective_presenter"] is None
    assert minutes["members"][0] == {"name": "Nguyễn Văn An", "probationary": False, "self_rating": "HTTNV"}
    assert minutes["members"][3] == {"name": "Đỗ Văn Minh", "probationary": True}
    assert "votes" not in minutes["members"][0]  # left to write in by hand


def test_the_batch_s_meeting_facts_fill_the_minutes(app):
    options = BatchOptions(
        year=2026,
        date="2026-12-12",
        start="08:00",
        end="10:30",
        location="Hội trường thôn",
        chair="Nguyễn Văn An, Bí thư Chi bộ",
        secretary="Trần Thị Bình",
        guests=[],
    )
    job_id = plan(
        app.extensions["database"],
        rows_of(table_of(*MEMBERS), options),
        options,
        runner="local",
        source="test",
        chunk_documents=500,
    )
    with app.extensions["database"].read() as session:
        minutes = (
            session.scalars(select(BatchItem).where(BatchItem.job_id == job_id, BatchItem.kind == MINUTES)).first().input
        )
    assert minutes["meeting"] == {
        "date": "2026-12-12",
        "start": "08:00",
        "end": "10:30",
        "location": "Hội trường thôn",
        "form": None,
    }
    assert minutes["chair"] == {"name": "Nguyễn Văn An, Bí thư Chi bộ"} and minutes["guests"] == []


def test_a_cell_without_secretary_leaves_the_signature_to_fill_in(app):
    _, items, _ = planned(app.extensions["database"], table_of(*MEMBERS))
    west = [i for i in items if i.cell == 2]
    assert west[0].input["signer"]["name"].startswith("……") and west[3].input["chair"] is None


def test_whole_cells_share_chunks_up_to_the_limit(app):
    _, items, chunks = planned(app.extensions["database"], table_of(*MEMBERS), chunk_documents=8)
    assert [c.documents for c in chunks] == [8, 7]
    assert {i.chunk_id for i in items if i.cell == 1} == {chunks[0].id}
    _, items, chunks = planned(app.extensions["database"], table_of(*MEMBERS), chunk_documents=500)
    assert len(chunks) == 1 and {i.chunk_id for i in items} == {chunks[0].id}


def test_a_cell_too_big_for_a_chunk_is_split_and_its_book_left_to_packaging(app):
    _, items, chunks = planned(app.extensions["database"], table_of(*MEMBERS), chunk_documents=3)
    east = [i for i in items if i.cell == 1]
    assert [c.documents for c in chunks] == [3, 3, 1, 3, 1, 2]
    assert [i.chunk_id for i in east[:7]] == [chunks[0].id] * 3 + [chunks[1].id] * 3 + [chunks[2].id]
    assert east[7].kind == BOOK and east[7].chunk_id is None


def test_a_cell_where_nobody_reviews_has_no_slips_and_no_minutes(app):
    _, items, _ = planned(
        app.extensions["database"],
        table_of(*MEMBERS, {**CELL, "Chi bộ": "Chi bộ Hưu trí", "Họ và tên": "Vũ Văn Sơn", "Miễn sinh hoạt": "x"}),
    )
    assert [i.kind for i in items if i.cell == 3] == [COLLECTIVE, BOOK]
    assert "không có đảng viên nào phải kiểm điểm" in items[[i.cell for i in items].index(3) + 1].warnings[0]


def test_inactive_members_are_left_out_and_a_roster_of_none_plans_nothing(app):
    database = app.extensions["database"]
    with pytest.raises(InputInvalid) as invalid:
        planned(database, table_of({**MEMBERS[0], "Đang sinh hoạt": "không"}))
    assert invalid.value.errors[0].code == "roster_no_active_members"
    with database.read() as session:
        assert session.scalars(select(BatchJob).where(BatchJob.source == "test")).all() == []
