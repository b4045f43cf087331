"""The roster everywhere (issue 19 item 9): roll call and name suggestions on every meeting form, a list of
members filled in one click, a self-review's identity picked from the roster."""

from __future__ import annotations

import json

import pytest
from lxml import html
from werkzeug.datastructures import MultiDict

from service.web.forms import all_forms
from tests.web.browser import field, form_fields, replace


def page_of(web, url):
    return html.fromstring(web.get(url).data)


@pytest.mark.parametrize("form_id", ["bien-ban-thuong-ky", "bien-ban-chuyen-de", "bien-ban-thuong-ky-chuyen-de"])
def test_every_sitting_with_the_monthly_attendance_has_the_roll_call(web, chi_bo, form_id):
    page = page_of(web, f"/forms/{form_id}")
    legends = [" ".join(e.text_content().split()) for e in page.xpath("//ol[@class='roll']//legend")]
    assert "Nguyễn Văn An (chính thức)" in legends
    assert page.xpath("//script[contains(@src, 'roster.js')]")


@pytest.mark.parametrize(
    "form_id, pointer",
    [
        ("bien-ban-chuyen-de", "/thematic/presenters/0/name"),
        ("bien-ban-xep-loai", "/collective_presenter"),
        ("bien-ban-xep-loai", "/speeches/0/speaker"),
        ("ke-hoach-chuyen-de-nam", "/signer/name"),
    ],
)
def test_names_of_people_are_suggested_from_the_roster(web, chi_bo, form_id, pointer):
    raw = web.get(f"/forms/{form_id}?sample=1").data
    assert field(raw, pointer).get("list") == "roster-names"
    names = html.fromstring(raw).xpath("//datalist[@id='roster-names']/option/@value")
    assert "Trần Thị Bình" in names


def test_the_name_of_a_chi_bo_is_not_a_person(web, chi_bo):
    assert field(web.get("/forms/tong-hop-xep-loai?sample=1").data, "/cells/0/name").get("list") is None
    assert field(web.get("/forms/bao-cao-thang").data, "/organization/name").get("list") is None


@pytest.mark.parametrize("form_id", ["bien-ban-xep-loai", "phieu-xep-loai"])
def test_a_list_of_members_is_filled_from_the_roster_in_one_click(web, chi_bo, form_id):
    page = page_of(web, f"/forms/{form_id}")
    button = page.xpath("//button[@data-fill-rows]")[0]
    assert button.get("data-fill-rows") == "/members" and "đồng chí vào danh sách" in button.text_content()
    facts = json.loads(page.get_element_by_id("roster-data").text)
    assert facts[0]["name"] == "Nguyễn Văn An" and facts[0]["probationary"] == "false"


def test_a_self_review_picks_its_member_and_gets_identity_birth_date_and_posts(web, chi_bo):
    page = page_of(web, "/forms/ban-kiem-diem-ca-nhan")
    options = page.xpath("//select[@data-pick-member]/option/text()")
    assert "Nguyễn Văn An" in options
    an = json.loads(page.get_element_by_id("roster-data").text)[0]
    assert an == {
        "name": "Nguyễn Văn An",
        "birth_date": "12/03/1968",
        "party_position": "Bí thư Chi bộ",
        "government_position": "Trưởng thôn",
        "unit": "Thôn Đông",
        "probationary": "false",
        "exempt": "false",
    }


def test_without_a_roster_no_roster_tools_are_offered(web):
    page = page_of(web, "/forms/bien-ban-xep-loai")
    assert not page.xpath("//button[@data-fill-rows] | //ol[@class='roll'] | //script[contains(@src, 'roster.js')]")


def test_saving_a_member_says_so_on_the_page_it_leads_to(web, chi_bo):
    pairs = replace(form_fields(web.get("/organization/members/new").data, "record-form"), "/full_name", "Lò Văn Mới")
    response = web.post("/organization/members/new", data=MultiDict(pairs), follow_redirects=True)
    notices = html.fromstring(response.data).xpath("//p[@role='status']/text()")
    assert notices == ["Đã thêm đồng chí Lò Văn Mới vào danh sách."]
    again = html.fromstring(web.get("/organization/members").data)
    assert not again.xpath("//p[@role='status']")  # said once


def test_a_form_sent_back_with_errors_says_so_in_its_title(web):
    response = web.post(
        "/forms/ban-kiem-diem-ca-nhan", data=MultiDict(form_fields(web.get("/forms/ban-kiem-diem-ca-nhan").data))
    )
    assert response.status_code == 422
    assert html.fromstring(response.data).findtext(".//title").startswith("Lỗi: Bản kiểm điểm")


def test_every_page_names_its_icon(web):
    page = html.fromstring(web.get("/").data)
    icon = page.xpath("//link[@rel='icon']/@href")[0]
    assert web.get(icon).status_code == 200


def test_the_built_template_downloads_under_its_vietnamese_name(web):
    response = web.get("/templates/nghi-quyet-thang/built.docx")
    assert "filename*=UTF-8''M%E1%BA%ABu%20Ngh%E1%BB%8B%20quy%E1%BA%BFt" in response.headers["Content-Disposition"]


@pytest.mark.parametrize("form_id", [form.id for form in all_forms()])
def test_every_form_sends_its_sample_as_its_documents(web, form_id):
    url = f"/forms/{form_id}"
    response = web.post(url, data=MultiDict(form_fields(web.get(url + "?sample=1").data)))
    assert response.status_code == 303 and "/results/" in response.headers["Location"]
