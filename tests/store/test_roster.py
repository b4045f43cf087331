"""Roster import: Vietnamese headers, every bad cell reported with row and column, all or nothing."""

from __future__ import annotations

import datetime as dt

import pytest

from service.findings import InputInvalid
from service.safety.packages import UnsafePackage
from service.store import organizations, roster
from tests.conftest import SAMPLES


def write_csv(path, lines: list[str]):
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_the_sample_csv_imports_every_member(database, chi_bo):
    members = roster.validate(roster.read_table(SAMPLES / "roster.csv"))
    assert roster.import_roster(database, chi_bo["id"], members) == {"created": 4, "updated": 0}
    listed = organizations.list_members(database, chi_bo["id"])
    assert [m["full_name"] for m in listed] == ["Nguyễn Văn An", "Trần Thị Bình", "Đỗ Văn Minh", "Lê Văn Cường"]
    first, _, probationary, exempt = listed
    assert (first["birth_date"], first["gender"], first["status"], first["party_position"]) == (
        "1968-03-12",
        "male",
        "official",
        "Bí thư Chi bộ",
    )
    assert (probationary["status"], probationary["official_on"]) == ("probationary", None)
    assert exempt["exempt"] is True


def test_the_committed_xlsx_template_is_what_the_code_writes(tmp_path):
    roster.write_template(tmp_path / "roster.xlsx")
    assert (tmp_path / "roster.xlsx").read_bytes() == (SAMPLES / "roster-template.xlsx").read_bytes()


def test_the_xlsx_template_imports_its_example_rows(database, chi_bo):
    members = roster.validate(roster.read_table(SAMPLES / "roster-template.xlsx"))
    assert [m.full_name for m in members] == ["Nguyễn Văn An", "Trần Thị Bình", "Đỗ Văn Minh"]
    assert members[1].gender == "female" and members[1].birth_date == dt.date(1979, 9, 2)


def test_every_bad_cell_is_reported_with_its_row_and_column(tmp_path):
    path = write_csv(
        tmp_path / "roster.csv",
        [
            "Họ và tên,Ngày sinh,Giới tính,Chính thức/dự bị,Số điện thoại",
            "Nguyễn Văn An,31/02/1968,Nam,Chính thức,",
            ",01/01/1970,Nữ,Dự bị,",
            "Trần Văn Ba,01/01/1970,Không rõ,Chính thức,",
        ],
    )
    with pytest.raises(InputInvalid) as invalid:
        roster.validate(roster.read_table(path))
    messages = [error.message for error in invalid.value.errors]
    assert messages[0] == "Dòng 1, cột 5: tiêu đề “Số điện thoại” không có trong mẫu danh sách."
    assert messages[1] == "Dòng 2, cột “Ngày sinh”: phải là một ngày có thật, ghi theo ngày/tháng/năm, ví dụ 05/11/1970."
    assert messages[2] == "Dòng 3, cột “Họ và tên”: bắt buộc phải nhập."
    assert messages[3] == "Dòng 4, cột “Giới tính”: phải là “Nam” hoặc “Nữ”."
    assert len(messages) == 4


def test_a_roster_with_one_bad_row_imports_nothing(tmp_path, client, chi_bo):
    from click.testing import CliRunner

    from service.cli.members import members

    path = write_csv(tmp_path / "roster.csv", ["Họ và tên,Ngày sinh", "Nguyễn Văn An,12/03/1968", "Lê Văn B,x"])
    result = CliRunner().invoke(
        members,
        ["import", str(path), "--org", str(chi_bo["id"])],
        env={"PARTYDOCS_DATABASE_URL": client.application.config["DATABASE_URL"]},
    )
    assert result.exit_code == 2 and "Dòng 3, cột “Ngày sinh”" in result.output
    assert client.get(f"/api/v1/organizations/{chi_bo['id']}/members").get_json()["members"] == []


def test_a_row_for_a_member_already_listed_updates_them(database, chi_bo, tmp_path):
    path = write_csv(tmp_path / "roster.csv", ["Họ và tên,Ngày sinh,Chức vụ đảng", "Nguyễn Văn An,12/03/1968,"])
    roster.import_roster(database, chi_bo["id"], roster.validate(roster.read_table(path)))
    path = write_csv(path, ["họ và tên ,ngày sinh,chức vụ đảng", "Nguyễn Văn An,12/03/1968,Bí thư Chi bộ"])
    assert roster.import_roster(database, chi_bo["id"], roster.validate(roster.read_table(path))) == {
        "created": 0,
        "updated": 1,
    }
    assert organizations.list_members(database, chi_bo["id"])[0]["party_position"] == "Bí thư Chi bộ"


def test_a_sheet_without_names_or_rows_is_refused(tmp_path):
    with pytest.raises(InputInvalid) as invalid:
        roster.validate(roster.read_table(write_csv(tmp_path / "a.csv", ["Ngày sinh", "01/01/1970"])))
    assert invalid.value.errors[0].code == "roster_name_column_missing"
    with pytest.raises(InputInvalid):
        roster.validate([])


def test_past_the_error_cap_reading_stops_and_the_answer_says_where(tmp_path):
    read = []

    def rows():
        yield ["Họ và tên", "Ngày sinh"]
        for number in range(2, 100_000):
            read.append(number)
            yield [f"Người {number}", "31/02/1990"]

    with pytest.raises(InputInvalid) as invalid:
        roster.validate(rows(), max_errors=10)
    errors = invalid.value.errors
    assert len(errors) == 11 and [e.pointer for e in errors[:2]] == ["/2/Ngày sinh", "/3/Ngày sinh"]
    assert errors[-1].code == "roster_too_many_errors" and len(read) == 11
    assert "đã thấy 11 lỗi đến dòng 12" in errors[-1].message and "10 lỗi đầu tiên" in errors[-1].message


def test_a_csv_line_longer_than_a_roster_row_is_refused_before_it_is_held(tmp_path):
    path = tmp_path / "commas.csv"
    path.write_text("Họ và tên\n" + "," * (roster.MAX_ROW_CHARACTERS + 1) + "\n", encoding="utf-8")
    with pytest.raises(UnsafePackage) as refused:
        list(roster.iter_table(path))
    assert (refused.value.code, refused.value.too_large) == ("row_too_long", True)


def test_quoted_fields_spread_over_many_lines_count_as_one_row(tmp_path, monkeypatch):
    monkeypatch.setattr(roster, "MAX_ROW_CHARACTERS", 1000)
    path = tmp_path / "quoted.csv"
    path.write_text("Họ và tên\n" + ",".join(['"a\nb"'] * 300) + "\n" + "An\n" * 3, encoding="utf-8")
    with pytest.raises(UnsafePackage) as refused:
        list(roster.iter_table(path))
    assert refused.value.code == "row_too_long"
    path.write_text("Họ và tên\n" + ",".join(['"a\nb"'] * 100) + "\n" + "An\n" * 3, encoding="utf-8")
    assert len(list(roster.iter_table(path))) == 5


def test_a_table_of_more_cells_than_a_roster_can_hold_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(roster, "MAX_CELLS", 1000)
    path = write_csv(tmp_path / "wide.csv", ["Họ và tên" + "," * 99] + ["An" + "," * 99] * 20)
    with pytest.raises(UnsafePackage) as refused:
        list(roster.iter_table(path))
    assert (refused.value.code, refused.value.too_large) == ("table_too_large", True)
    assert "dòng 11" in refused.value.message  # 1,100 cells with the eleventh row
