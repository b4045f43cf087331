"""`python -m service db|org|members …` on a database of their own."""

from __future__ import annotations

import uuid

import pytest
from click.testing import CliRunner
from sqlalchemy import text

from service.cli.db import db
from service.cli.members import members
from service.cli.org import org
from service.store.db import Database
from tests.conftest import SAMPLES
from tests.store.databases import SERVER_URL


@pytest.fixture
def run(tmp_path):
    env = {
        "PARTYDOCS_DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}",
        "PARTYDOCS_STORAGE_DIR": str(tmp_path / "storage"),
    }

    def invoke(group, *args: str, code: int = 0) -> str:
        result = CliRunner().invoke(group, list(args), env=env)
        assert result.exit_code == code, result.output
        return result.output

    return invoke


def test_organizations_terms_and_a_roster_from_the_command_line(run):
    assert (
        run(
            org, "add", "--name", "Đảng bộ xã An Phú", "--place", "An Phú", "--level", "dang_bo", "--abbreviation", "ĐU"
        ).strip()
        == "1  Đảng bộ xã An Phú"
    )
    run(org, "add", "--name", "Chi bộ Thôn Đông", "--place", "An Phú", "--parent", "1", "--created-on", "2020-01-01")
    assert (
        run(org, "term", "2", "--name", "Nhiệm kỳ 2025 - 2030", "--start", "2025-10-01").strip() == "1  Nhiệm kỳ 2025 - 2030"
    )
    assert "Chi bộ Thôn Đông  (Đảng bộ xã An Phú)" in run(org, "list")
    assert run(members, "import", str(SAMPLES / "roster.csv"), "--org", "2").strip() == "4 added, 0 updated"
    assert "Nguyễn Văn An  Bí thư Chi bộ" in run(members, "list", "--org", "2")


def test_the_machine_moves_an_organization_in_the_tree(run):
    for name in ("Đảng bộ xã An Phú", "Đảng bộ xã Bình Minh"):
        run(org, "add", "--name", name, "--place", "An Phú", "--level", "dang_bo", "--abbreviation", "ĐU")
    run(org, "add", "--name", "Chi bộ Thôn Đông", "--place", "An Phú", "--parent", "1")
    assert run(org, "move", "3", "--parent", "2").strip() == "3  Chi bộ Thôn Đông  (Đảng bộ xã Bình Minh)"
    assert (
        run(org, "move", "3", "--top", "--upper", "Đảng bộ xã Tân Hòa").strip()
        == "3  Chi bộ Thôn Đông  (Đảng bộ xã Tân Hòa)"
    )
    assert "không được là chính tổ chức này" in run(org, "move", "1", "--parent", "1", code=2)
    run(org, "move", "3", code=2)


def test_refusals_are_vietnamese_messages_and_exit_2(run, tmp_path):
    assert "Lỗi /place: Địa danh: không được để trống." in run(org, "add", "--name", "Chi bộ", "--place", " ", code=2)
    assert "tổ chức đảng mã số 9" in run(members, "list", "--org", "9", code=2)
    (tmp_path / "bad.xlsx").write_bytes(b"not a workbook")
    assert "không đọc được tệp bad.xlsx" in run(members, "import", str(tmp_path / "bad.xlsx"), "--org", "1", code=2)


def test_export_then_import_into_another_database(run, tmp_path):
    run(org, "add", "--name", "Chi bộ Thôn Đông", "--place", "An Phú", "--upper", "Đảng bộ xã An Phú")
    exported = tmp_path / "export.jsonl"
    run(db, "export", str(exported))
    result = CliRunner().invoke(
        db, ["import", str(exported)], env={"PARTYDOCS_DATABASE_URL": f"sqlite:///{tmp_path / 'other.sqlite3'}"}
    )
    assert result.exit_code == 0 and result.output.strip() == "1 rows imported"
    assert "đã có dữ liệu" in run(db, "import", str(exported), code=2)


def test_the_roster_template_command_writes_the_sample(run, tmp_path):
    run(members, "template", str(tmp_path / "form.xlsx"))
    assert (tmp_path / "form.xlsx").read_bytes() == (SAMPLES / "roster-template.xlsx").read_bytes()


@pytest.mark.skipif(not SERVER_URL, reason="set TEST_DATABASE_URL to a PostgreSQL database to run it")
def test_db_upgrade_migrates_a_server_database():
    schema = f"cli_{uuid.uuid4().hex[:12]}"
    server = Database(SERVER_URL)
    with server.engine.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        url = f"{SERVER_URL}{'&' if '?' in SERVER_URL else '?'}options=-csearch_path%3D{schema}"
        result = CliRunner().invoke(db, ["upgrade"], env={"PARTYDOCS_DATABASE_URL": url})
        assert result.exit_code == 0, result.output
        database = Database(url)
        assert database.is_current()
        database.dispose()
    finally:
        with server.engine.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        server.dispose()


def test_a_roster_of_wrong_rows_lists_the_setting_s_number_of_problems(run, tmp_path, monkeypatch):
    run(org, "add", "--name", "Chi bộ Thôn Đông", "--place", "An Phú")
    roster = tmp_path / "r.csv"
    roster.write_text("Họ và tên,Ngày sinh\n" + "An,31/02/1990\n" * 5000, encoding="utf-8")
    monkeypatch.setenv("PARTYDOCS_ROSTER_MAX_ERRORS", "7")
    lines = run(members, "import", str(roster), "--org", "1", code=2).splitlines()
    assert len(lines) == 8 and lines[0].startswith("Lỗi /2/Ngày sinh: Dòng 2")
    assert lines[-1].startswith("Lỗi /: Tệp danh sách có quá nhiều lỗi: đã thấy 8 lỗi đến dòng 9 thì dừng kiểm tra")
