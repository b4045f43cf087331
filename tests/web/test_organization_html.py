"""The chi bộ profile page: create, change, choose, terms; and what the forms take from it."""

from __future__ import annotations

from lxml import html

from service.store import organizations
from tests.web.browser import field, form_fields, replace
from tests.web.conftest import MONTHLY, post


def profile_pairs(client, url="/organization/new"):
    return form_fields(client.get(url).data, "record-form")


def test_without_a_profile_the_page_invites_to_create_one(web):
    page = web.get("/organization").get_data(as_text=True)
    assert "Chưa có hồ sơ chi bộ" in page and 'href="/organization/new"' in page


def test_a_created_profile_fills_the_forms_and_leaves_the_number_to_ban_hanh(web):
    pairs = profile_pairs(web)
    for name, value in (("/name", "Chi bộ Khu phố 2"), ("/upper_name", "Đảng bộ phường Hòa Bình"), ("/place", "Hòa Bình")):
        pairs = replace(pairs, name, value)
    response = post(web, "/organization/new", pairs)
    assert response.status_code == 303
    assert "Chi bộ Khu phố 2" in web.get("/organization").get_data(as_text=True)
    form = web.get(MONTHLY).data
    assert field(form, "/organization/name").get("value") == "Chi bộ Khu phố 2"
    assert field(form, "/organization/upper").get("value") == "Đảng bộ phường Hòa Bình"
    assert not field(form, "/resolution_number").get("value")  # the register gives it when issued
    assert "Số tiếp theo trong sổ đăng ký văn bản của chi bộ" in form.decode()


def test_a_profile_with_a_mistake_comes_back_with_the_message_and_the_input(web):
    pairs = replace(replace(profile_pairs(web), "/upper_name", "Đảng bộ xã An Phú"), "/abbreviation", "cb thường")
    response = post(web, "/organization/new", pairs)
    assert response.status_code == 422
    assert html.fromstring(response.data).get_element_by_id("f-name-msg").text_content().strip()
    assert field(response.data, "/upper_name").get("value") == "Đảng bộ xã An Phú"
    assert field(response.data, "/abbreviation").get("aria-invalid") == "true"


def test_emptying_an_optional_field_clears_it(app, web, chi_bo):
    pairs = replace(profile_pairs(web, "/organization/edit"), "/upper_name", "")
    assert post(web, "/organization/edit", pairs).status_code == 303
    assert organizations.get_organization(app.extensions["database"], chi_bo["id"])["upper_name"] is None


def test_with_several_profiles_the_one_in_use_is_chosen(app, web, chi_bo):
    other = organizations.create_organization(app.extensions["database"], {"name": "Chi bộ Thôn Tây", "place": "An Phú"})
    assert "Chưa có hồ sơ chi bộ" in web.get("/organization").get_data(as_text=True)
    token = html.fromstring(web.get("/organization").data).xpath("//input[@name='_csrf']/@value")[0]
    assert web.post(f"/organization/{other['id']}/choose", data={"_csrf": token}).status_code == 303
    assert field(web.get(MONTHLY).data, "/organization/name").get("value") == "Chi bộ Thôn Tây"
    assert web.post("/organization/999/choose", data={"_csrf": token}).status_code == 404
    assert web.post(f"/organization/{chi_bo['id']}/choose").status_code == 400  # no token: refused


def test_terms_are_recorded_and_overlaps_refused_in_vietnamese(web, chi_bo):
    pairs = form_fields(web.get("/organization").data, "term-form")
    pairs = replace(
        replace(replace(pairs, "/name", "Nhiệm kỳ 2025 - 2030"), "/start_on", "2025-08-01"), "/end_on", "2030-07-31"
    )
    assert post(web, "/organization/terms", pairs).status_code == 303
    assert "Nhiệm kỳ 2025 - 2030: từ 01/08/2025 đến 31/07/2030" in web.get("/organization").get_data(as_text=True)
    again = post(web, "/organization/terms", replace(pairs, "/name", "Nhiệm kỳ trùng"))
    assert again.status_code == 409 and "trùng thời gian" in again.get_data(as_text=True)
    assert field(again.data, "/name").get("value") == "Nhiệm kỳ trùng"
