"""The roster pages: members one by one, a spreadsheet import with its row errors, and the roll call it feeds."""

from __future__ import annotations

import io
import zipfile

import pytest
from lxml import html

from benchmarks.hostile import roster_xlsx
from service.store import organizations
from tests.conftest import SAMPLES
from tests.web.browser import field, form_fields, replace
from tests.web.conftest import MONTHLY, post


def names(app, chi_bo) -> list[str]:
    return [m["full_name"] for m in organizations.list_members(app.extensions["database"], chi_bo["id"])]


def token(client) -> str:
    return html.fromstring(client.get("/organization/members").data).xpath("//input[@name='_csrf']/@value")[0]


def upload(client, filename: str, content: bytes):
    return client.post(
        "/organization/members/import",
        content_type="multipart/form-data",
        data={"_csrf": token(client), "roster": (io.BytesIO(content), filename)},
    )


def test_the_roster_lists_every_member(web, chi_bo):
    page = web.get("/organization/members").get_data(as_text=True)
    assert "Chi bộ Thôn Đông: 4 đảng viên" in page
    assert "Lê Văn Cường" in page and "Miễn sinh hoạt" in page and "Dự bị" in page


def test_without_a_profile_the_roster_sends_to_the_profile_page(web):
    assert web.get("/organization/members").headers["Location"] == "/organization"


def test_a_member_is_added_changed_and_removed(app, web, chi_bo):
    pairs = replace(form_fields(web.get("/organization/members/new").data, "record-form"), "/full_name", "Ngô Thị Nga")
    assert post(web, "/organization/members/new", pairs).status_code == 303
    member = organizations.list_members(app.extensions["database"], chi_bo["id"])[-1]
    edit = f"/organization/members/{member['id']}"
    pairs = replace(form_fields(web.get(edit).data, "record-form"), "/party_position", "Chi ủy viên")
    assert post(web, edit, pairs).status_code == 303
    assert (
        organizations.get_member(app.extensions["database"], chi_bo["id"], member["id"])["party_position"] == "Chi ủy viên"
    )
    assert web.post(edit + "/delete", data={"_csrf": token(web)}).status_code == 303
    assert "Ngô Thị Nga" not in names(app, chi_bo)


def test_a_member_with_a_mistake_comes_back_with_the_message(web, chi_bo):
    pairs = replace(
        replace(form_fields(web.get("/organization/members/new").data, "record-form"), "/full_name", "A"),
        "/status",
        "probationary",
    )
    pairs = replace(pairs, "/official_on", "2020-01-01")
    response = post(web, "/organization/members/new", pairs)
    assert response.status_code == 422
    assert "Đảng viên dự bị: chưa có ngày chính thức" in response.get_data(as_text=True)


def test_an_import_adds_new_members_and_updates_known_ones(app, web, chi_bo):
    response = upload(web, "danh-sach.csv", (SAMPLES / "roster.csv").read_bytes())
    assert response.status_code == 303
    assert "thêm 0 đảng viên, cập nhật 4 đảng viên đã có" in web.get(response.headers["Location"]).get_data(as_text=True)
    assert len(names(app, chi_bo)) == 4


def test_an_import_with_bad_rows_lists_them_and_imports_nothing(app, web, chi_bo):
    content = (
        "Họ và tên,Ngày sinh,Chính thức/dự bị\nPhan Văn Mới,31/02/1990,Chính thức\nHồ Thị Hai,01/01/1991,Sắp vào\n"
    ).encode()
    response = upload(web, "danh-sach.csv", content)
    assert response.status_code == 422
    errors = [
        li.text_content()
        for li in html.fromstring(response.get_data(as_text=True)).xpath("//section[@id='error-summary']//li")
    ]
    assert [e.split(":")[0] for e in errors] == ["Dòng 2, cột “Ngày sinh”", "Dòng 3, cột “Chính thức/dự bị”"]
    assert "Phan Văn Mới" not in names(app, chi_bo)


@pytest.mark.parametrize("filename, content", [("danh-sach.xlsx", b"not a workbook"), ("anh.png", b"\x89PNG"), ("", b"")])
def test_a_file_that_is_not_a_roster_is_refused_in_vietnamese(web, chi_bo, filename, content):
    response = upload(web, filename, content)
    assert response.status_code == 422
    assert "danh sách đảng viên" in response.get_data(as_text=True)


def test_a_csv_field_too_long_for_the_reader_or_a_zip_bomb_is_refused_not_a_server_error(web, chi_bo):
    response = upload(web, "danh-sach.csv", ('Họ và tên\n"' + "x" * 200_000 + '"\n').encode())
    assert response.status_code == 422 and "danh sách đảng viên" in response.get_data(as_text=True)
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("xl/worksheets/sheet1.xml", b"\0" * (16 << 20))
    response = upload(web, "danh-sach.xlsx", bomb.getvalue())
    assert response.status_code == 422 and "xl/worksheets/sheet1.xml" in response.get_data(as_text=True)


def test_the_blank_roster_form_is_offered(web, chi_bo):
    response = web.get("/organization/members/template.xlsx")
    assert response.data == (SAMPLES / "roster-template.xlsx").read_bytes()


def test_the_meeting_form_offers_a_roll_call_of_the_roster(web, chi_bo):
    page = web.get(MONTHLY).data
    roll = html.fromstring(page).xpath("//ol[@class='roll']/li/@data-name")
    assert roll == ["Nguyễn Văn An", "Trần Thị Bình", "Đỗ Văn Minh", "Lê Văn Cường"]
    exempt = html.fromstring(page).xpath("//li[@data-name='Lê Văn Cường']//input[@checked]/@value")
    assert exempt == ["exempt"]


def test_the_roll_call_shows_who_the_absent_list_names(web, chi_bo):
    pairs = form_fields(web.get(MONTHLY).data) + [
        ("_action", "restore"),
        ("/attendance/absent/0/name", "Trần Thị Bình"),
        ("/attendance/absent/0/excused", "true"),
        ("/attendance/absent/0/reason", "ốm"),
    ]
    page = post(web, MONTHLY, pairs).data
    tree = html.fromstring(page)
    assert tree.xpath("//li[@data-name='Trần Thị Bình']//input[@checked]/@value") == ["excused"]
    assert field(page, "_roll-reason-2").get("value") == "ốm"


def test_a_workbook_with_macros_is_refused_naming_the_part(web, chi_bo):
    buffer = io.BytesIO(roster_xlsx(invalid=False))
    with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as package:
        package.writestr("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0")
    response = upload(web, "danh-sach.xlsx", buffer.getvalue())
    assert response.status_code == 422 and "xl/vbaProject.bin" in response.get_data(as_text=True)
