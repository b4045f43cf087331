"""The batch roster: the store's columns plus đảng bộ, chi bộ, form, self-rating and scores; every wrong row
reported at once with its row and column (JSON: its pointer); files that are no roster refused."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile

import pytest

from benchmarks.hostile import bzip2_xlsx, error_csv
from benchmarks.rosters import write_csv, write_xlsx
from service.batch import roster
from service.batch.roster import BatchOptions, RosterUnreadable
from service.findings import InputInvalid
from service.store import organizations
from tests.batch.conftest import OPTIONS, table_of
from tests.conftest import SAMPLES

ROW = {
    "Đảng bộ": "Đảng bộ xã An Phú",
    "Chi bộ": "Chi bộ Thôn Đông",
    "Địa danh": "An Phú",
    "Họ và tên": "Nguyễn Văn An",
    "Ngày sinh": "12/03/1968",
    "Chính thức/dự bị": "Chính thức",
}


def members(table, options=OPTIONS):
    rows = roster.from_table(table, options, 1000)
    try:
        return list(rows)
    finally:
        rows.close()


def errors(table, options=OPTIONS) -> list[str]:
    with pytest.raises(InputInvalid) as invalid:
        roster.from_table(table, options, 1000)
    return [error.message for error in invalid.value.errors]


def test_a_row_reads_as_a_member_of_its_cell_with_its_form_rating_and_scores():
    (member,) = members(
        table_of(
            {
                **ROW,
                "Mẫu": "Mẫu 2a",
                "Tự xếp loại": "Hoàn thành tốt nhiệm vụ",
                "Điểm tiêu chí chung": "27,5",
                "Điểm nhiệm vụ": 60,
            }
        )
    )
    assert (member.upper, member.cell, member.place, member.full_name) == (
        "Đảng bộ xã An Phú",
        "Chi bộ Thôn Đông",
        "An Phú",
        "Nguyễn Văn An",
    )
    assert (member.form, member.self_rating, member.score_general, member.score_tasks) == ("Mẫu 2a", "HTTNV", 27.5, 60)
    assert member.birth_date == dt.date(1968, 3, 12)


def test_every_wrong_row_is_reported_at_once_with_its_row_and_column():
    messages = errors(
        table_of(
            {**ROW, "Mẫu": "2D"},
            {**ROW, "Họ và tên": ""},
            {**ROW, "Tự xếp loại": "HTXSNV", "Điểm tiêu chí chung": 20, "Điểm nhiệm vụ": 50},
            {**ROW, "Ngày sinh": "31/02/1970", "Điểm tiêu chí chung": 31},
            {**ROW, "Địa danh": ""},
        )
    )
    assert messages[0].startswith("Dòng 2, cột “Mẫu”: “2D” không có trong Quy định 366-QĐ/TW")
    assert "2A, 2B, 2C" in messages[0]
    assert messages[1] == "Dòng 3, cột “Họ và tên”: bắt buộc phải nhập."
    assert messages[2].startswith("Dòng 4, cột “Tự xếp loại”: tổng điểm 70/100 chỉ đạt khung")
    assert messages[3] == "Dòng 5, cột “Ngày sinh”: phải là một ngày có thật, ghi theo ngày/tháng/năm, ví dụ 05/11/1970."
    assert messages[4].startswith("Dòng 5, cột “Điểm tiêu chí chung”: 31 vượt số điểm tối đa 30")
    assert messages[5].startswith("Dòng 6, cột “Địa danh”: bắt buộc phải nhập")
    assert len(messages) == 6


def test_a_row_with_many_problems_lists_them_all_in_the_words_of_the_form():
    messages = errors(
        table_of(
            {
                **ROW,
                "Ngày sinh": "05/13/1970",
                "Chính thức/dự bị": "dự bị?",
                "Miễn sinh hoạt": "có lẽ",
                "Giới tính": "M",
                "Mẫu": "02A",
                "Tự xếp loại": "Giỏi",
                "Địa danh": "",
            }
        )
    )
    assert messages == [
        "Dòng 2, cột “Ngày sinh”: phải là một ngày có thật, ghi theo ngày/tháng/năm, ví dụ 05/11/1970.",
        "Dòng 2, cột “Giới tính”: phải là “Nam” hoặc “Nữ”.",
        "Dòng 2, cột “Chính thức/dự bị”: phải là “Chính thức” hoặc “Dự bị”.",
        "Dòng 2, cột “Miễn sinh hoạt”: phải ghi “có” (hoặc x) hoặc “không” (hoặc để trống).",
        "Dòng 2, cột “Tự xếp loại”: phải là HTXSNV, HTTNV, HTNV, KHTNV hoặc tên đầy đủ của mức (Hoàn thành tốt nhiệm vụ…).",
        "Dòng 2, cột “Mẫu”: “02A” là mẫu của Quy định 124-QĐ/TW dành cho cá nhân không giữ chức vụ lãnh đạo, quản "
        "lý; kiểm điểm năm 2026 theo Quy định 366-QĐ/TW dùng Mẫu 2B (cá nhân không giữ chức vụ lãnh đạo, quản lý) "
        "hoặc Mẫu 2C (đảng viên không làm việc trong hệ thống chính trị). Sửa lại cột này, hoặc để trống để suy ra "
        "từ chức vụ.",
        "Dòng 2, cột “Địa danh”: bắt buộc phải nhập (hoặc nhập địa danh chung cho cả đợt).",
    ]
    assert not any(word in " ".join(messages) for word in ("YYYY", "official", "true", "false"))


def test_what_cells_say_against_each_other_is_listed_with_the_row_s_other_problems():
    messages = errors(table_of({**ROW, "Chính thức/dự bị": "Dự bị", "Ngày chính thức": "01/06/2020", "Mẫu": "9Z"}))
    assert messages == ["Dòng 2: Đảng viên dự bị: chưa có ngày chính thức.", messages[1]] and messages[1].startswith(
        "Dòng 2, cột “Mẫu”: “9Z” không có"
    )
    messages = errors(table_of({**ROW, "Chính thức/dự bị": "Dự bị", "Ngày chính thức": "01/06/2020", "Ngày sinh": "x"}))
    assert messages == [
        "Dòng 2, cột “Ngày sinh”: phải là một ngày có thật, ghi theo ngày/tháng/năm, ví dụ 05/11/1970.",
        "Dòng 2: Đảng viên dự bị: chưa có ngày chính thức.",
    ]


def test_a_place_for_the_whole_batch_stands_for_an_empty_place_column():
    assert members(table_of({**ROW, "Địa danh": ""}), BatchOptions(year=2026, place="An Phú"))[0].place is None


def test_the_form_letter_is_read_in_the_regime_of_the_year():
    old = BatchOptions(year=2024)
    assert members(table_of({**ROW, "Mẫu": "02B"}), old)[0].form == "02B"
    assert errors(table_of({**ROW, "Mẫu": "2C"}), old)[0].startswith(
        "Dòng 2, cột “Mẫu”: “2C” là mẫu của Quy định 366-QĐ/TW dành cho đảng viên không làm việc trong hệ thống chính "
        "trị; kiểm điểm năm 2024 theo Quy định 124-QĐ/TW dùng Mẫu 02A"
    )
    assert errors(table_of({**ROW, "Mẫu": "02A"}))[0].startswith("Dòng 2, cột “Mẫu”: “02A” là mẫu của Quy định 124-QĐ/TW")


def test_scores_are_refused_in_a_regime_without_scores():
    assert errors(table_of({**ROW, "Điểm tiêu chí chung": 25}), BatchOptions(year=2024))[0].startswith(
        "Dòng 2, cột “Điểm tiêu chí chung”"
    )


def test_missing_columns_and_unknown_headers_are_named():
    messages = errors([["Họ và tên", "Số điện thoại"], ["Nguyễn Văn An", "0901"]])
    assert messages == [
        "Dòng 1, cột 2: tiêu đề “Số điện thoại” không có trong mẫu danh sách.",
        "Dòng 1: thiếu cột “Đảng bộ”.",
        "Dòng 1: thiếu cột “Chi bộ”.",
        "Dòng 2, cột “Địa danh”: bắt buộc phải nhập (hoặc nhập địa danh chung cho cả đợt).",
    ]


def test_too_many_rows_are_refused_before_anything_is_kept():
    with pytest.raises(InputInvalid) as invalid:
        roster.from_table(table_of(ROW, ROW, ROW), OPTIONS, 2)
    assert invalid.value.errors[0].message == "Tệp có 3 dòng, nhiều hơn 2 dòng cho phép."


def test_an_unknown_regime_is_refused():
    with pytest.raises(InputInvalid) as invalid:
        roster.from_table(table_of(ROW), BatchOptions(year=2026, regime="qd999"), 10)
    assert invalid.value.errors[0].code == "unknown_regime"


def test_xlsx_and_csv_files_read_alike(tmp_path):
    table = table_of(ROW, {**ROW, "Họ và tên": "Trần Thị Bình", "Ngày sinh": "02/09/1979"})
    from_csv = list(roster.from_file(write_csv(table, tmp_path / "r.csv"), OPTIONS, 10))
    from_xlsx = list(roster.from_file(write_xlsx(table, tmp_path / "r.xlsx"), OPTIONS, 10))
    assert from_csv == from_xlsx and [m.full_name for m in from_csv] == ["Nguyễn Văn An", "Trần Thị Bình"]


def test_a_file_that_is_no_workbook_is_refused_in_vietnamese(tmp_path):
    path = tmp_path / "r.xlsx"
    path.write_bytes(b"not a zip")
    with pytest.raises(RosterUnreadable) as unreadable:
        roster.from_file(path, OPTIONS, 10)
    assert unreadable.value.message == "Không đọc được tệp danh sách r.xlsx: không phải bảng tính Excel (.xlsx) hợp lệ."
    with zipfile.ZipFile(path, "w") as package:
        package.writestr("hello.txt", "a zip, but no workbook")
    with pytest.raises(RosterUnreadable):
        roster.from_file(path, OPTIONS, 10)


def test_a_zip_bomb_is_refused_before_it_is_opened(tmp_path):
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("xl/worksheets/sheet1.xml", b"\0" * (64 << 20))
    with pytest.raises(RosterUnreadable) as unreadable:
        roster.from_file(path, OPTIONS, 10)
    assert unreadable.value.code == "unsafe_package"


def test_json_rows_are_checked_with_pointers():
    good = {"upper": "Đảng bộ xã An Phú", "cell": "Chi bộ Thôn Đông", "place": "An Phú", "full_name": "Lê Văn Cường"}
    assert [m.full_name for m in roster.from_json([good], OPTIONS, 10)] == ["Lê Văn Cường"]
    with pytest.raises(InputInvalid) as invalid:
        roster.from_json([good, {**good, "cell": ""}, {**good, "form": "9Z", "extra": 1}], OPTIONS, 10)
    assert [(e.pointer, e.code) for e in invalid.value.errors] == [
        ("/members/1/cell", "string_too_short"),
        ("/members/2/extra", "extra_forbidden"),
    ]
    with pytest.raises(InputInvalid) as invalid:
        roster.from_json({"not": "a list"}, OPTIONS, 10)
    assert invalid.value.errors[0].code == "members_missing"


def test_the_rosters_kept_in_the_store_are_a_source_too(app, tmp_path):
    database = app.extensions["database"]
    dang_bo = organizations.create_organization(
        database, {"level": "dang_bo", "name": "Đảng bộ xã An Phú", "abbreviation": "ĐU", "place": "An Phú"}
    )
    cell = organizations.create_organization(
        database, {"parent_id": dang_bo["id"], "name": "Chi bộ Thôn Đông", "place": "An Phú"}
    )
    organizations.create_member(database, cell["id"], {"full_name": "Nguyễn Văn An", "party_position": "Bí thư"})
    organizations.create_member(database, cell["id"], {"full_name": "Người Đã Chuyển", "active": False})
    read = list(roster.from_organizations(database, [dang_bo["id"]], OPTIONS, 10))
    assert [(m.full_name, m.upper, m.cell, m.place) for m in read] == [
        ("Nguyễn Văn An", "Đảng bộ xã An Phú", "Chi bộ Thôn Đông", "An Phú")
    ]
    with pytest.raises(InputInvalid) as invalid:
        roster.from_organizations(database, [cell["id"]], OPTIONS, 10, within=frozenset({dang_bo["id"] + 100}))
    assert invalid.value.errors[0].code == "organization_not_found"


def test_the_committed_annotated_template_is_what_the_code_writes_and_reads(tmp_path):
    from service.batch.template import write_template

    write_template(tmp_path / "t.xlsx")
    assert (tmp_path / "t.xlsx").read_bytes() == (SAMPLES / "batch-roster-template.xlsx").read_bytes()
    read = list(roster.from_file(SAMPLES / "batch-roster-template.xlsx", OPTIONS, 10))
    assert [m.cell for m in read] == ["Chi bộ Thôn Đông"] * 4 + ["Chi bộ Thôn Tây"]
    assert json.dumps([m.full_name for m in read], ensure_ascii=False) == (
        '["Nguyễn Văn An", "Trần Thị Bình", "Hoàng Văn Đức", "Đỗ Văn Minh", "Lê Thị Lan"]'
    )


def test_an_uploaded_roster_is_read_under_the_name_it_was_sent_with(tmp_path):
    from werkzeug.datastructures import FileStorage

    upload = FileStorage(io.BytesIO(b"not a zip"), filename="../Danh sách: 2026.xlsx")
    with pytest.raises(RosterUnreadable) as unreadable:
        roster.from_upload(upload, OPTIONS, 10)
    assert unreadable.value.message == (
        "Không đọc được tệp danh sách Danh sách 2026.xlsx: không phải bảng tính Excel (.xlsx) hợp lệ."
    )
    with pytest.raises(RosterUnreadable) as wrong:
        roster.from_upload(FileStorage(io.BytesIO(b"x"), filename="ảnh.png"), OPTIONS, 10)
    assert wrong.value.code == roster.WRONG_TYPE


def test_a_file_refused_for_what_it_holds_says_so_naming_the_part(tmp_path):
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(bzip2_xlsx(90 * 1024 * 1024))
    with pytest.raises(RosterUnreadable) as unreadable:
        roster.from_file(path, OPTIONS, 10)
    assert unreadable.value.code == "unsupported_compression"
    assert "xl/worksheets/sheet1.xml" in unreadable.value.message and "bzip2" in unreadable.value.message


def test_a_roster_of_wrong_rows_lists_the_first_ones_and_where_reading_stopped(tmp_path):
    path = tmp_path / "r.csv"
    path.write_bytes(error_csv(50_000))
    with pytest.raises(InputInvalid) as invalid:
        roster.from_file(path, OPTIONS, 200_000, max_errors=20)
    errors = invalid.value.errors
    assert len(errors) == 21 and errors[-1].code == "roster_too_many_errors"
