"""The document forms over HTTP: defaults, the one-form-two-documents flow, errors next to fields, CSRF."""

from __future__ import annotations

import datetime as dt

import pytest
from lxml import html

from service.web.forms import all_forms
from tests.helpers import docx_text
from tests.web.browser import field, form_fields, link, replace
from tests.web.conftest import MONTHLY, post, sample_pairs


def test_a_new_form_starts_from_today_and_the_model_defaults(web):
    page = web.get(MONTHLY).data
    assert field(page, "/meeting/date").get("value") == dt.date.today().strftime("%d/%m/%Y")
    assert field(page, "/organization/abbreviation").get("value") == "CB"
    assert field(page, "/legal_bases/0").text == "Điều lệ Đảng Cộng sản Việt Nam"
    assert field(page, "/meeting/form").xpath("option[@selected]")[0].text == "Trực tiếp"


def test_every_input_has_a_label_and_the_page_is_vietnamese(web):
    tree = html.fromstring(web.get(MONTHLY).data)
    assert tree.get("lang") == "vi"
    labelled = {label.get("for") for label in tree.iter("label")}
    for element in tree.get_element_by_id("document-form").iter("input", "select", "textarea"):
        in_template = any(a.tag == "template" for a in element.iterancestors())
        if element.get("type") in ("hidden", "radio") or in_template:
            continue
        assert element.get("id") in labelled, element.get("name")


@pytest.mark.parametrize("form", all_forms(), ids=lambda f: f.id)
def test_every_kind_has_a_form_that_produces_its_sample(web, form):
    """The sample shown in the form and sent back as a browser would gives every document of the form."""
    url = f"/forms/{form.id}"
    response = post(web, url, sample_pairs(web, url))
    assert response.status_code == 303, html.fromstring(response.data).text_content()[:2000]
    result = web.get(response.headers["Location"])
    for kind in form.kinds:
        assert kind.title in result.get_data(as_text=True)


def test_the_monthly_form_gives_both_documents_with_what_was_typed(web):
    pairs = replace(sample_pairs(web), "/conclusion", "Chi bộ thống nhất & giao chi ủy <hoàn chỉnh> nghị quyết")
    result = web.get(post(web, MONTHLY, pairs).headers["Location"]).data
    minutes = web.get(link(result, "Tải bản Word (DOCX) của biên bản sinh hoạt chi bộ thường kỳ"))
    resolution = web.get(link(result, "Tải bản Word (DOCX) của nghị quyết chi bộ tháng"))
    assert "Chi bộ thống nhất & giao chi ủy <hoàn chỉnh> nghị quyết" in docx_text(minutes.data)
    assert "Số 11-NQ/CB" in docx_text(resolution.data)
    assert "filename*=UTF-8''Bi%C3%AAn%20b%E1%BA%A3n" in minutes.headers["Content-Disposition"]


def test_only_the_ticked_documents_are_made(web):
    pairs = [p for p in sample_pairs(web) if p != ("_kinds", "nghi-quyet-thang")]
    pairs = replace(pairs, "/resolution_number", "")  # only the resolution needs its number
    result = web.get(post(web, MONTHLY, pairs).headers["Location"]).get_data(as_text=True)
    assert "Biên bản sinh hoạt chi bộ thường kỳ" in result and "Nghị quyết chi bộ tháng" not in result


def test_nothing_ticked_is_an_error_not_an_empty_result(web):
    pairs = [p for p in sample_pairs(web) if p[0] != "_kinds"] + [("_kinds", "something-else")]
    response = post(web, MONTHLY, pairs)
    assert response.status_code == 422
    assert "hãy chọn ít nhất một văn bản" in response.get_data(as_text=True)


def test_an_error_is_shown_next_to_its_field_and_everything_typed_is_kept(web):
    pairs = replace(sample_pairs(web), "/attendance/present", "17")
    response = post(web, MONTHLY, pairs)
    assert response.status_code == 422
    page = response.data
    messages = html.fromstring(page).get_element_by_id("f-attendance-present-msg").text_content()
    assert "Số có mặt (17) cộng số vắng (2)" in messages
    assert field(page, "/attendance/present").get("aria-invalid") == "true"
    summary = html.fromstring(page).get_element_by_id("error-summary")
    assert summary.xpath(".//a/@href") == ["#f-attendance-present"]
    # Resubmitting the page as it came back changes nothing: every value survived.
    assert sorted(form_fields(page)) == sorted(pairs)


def test_a_missing_value_is_reported_in_vietnamese_by_the_field_title(web):
    response = post(web, MONTHLY, replace(sample_pairs(web), "/meeting/location", ""))
    assert response.status_code == 422
    assert "Địa điểm: bắt buộc phải nhập." in response.get_data(as_text=True)


def test_warnings_come_with_the_result_before_download(web):
    pairs = replace(sample_pairs(web), "/meeting/end", "15:00")
    result = web.get(post(web, MONTHLY, pairs).headers["Location"]).get_data(as_text=True)
    assert "Trước khi tải về, xin xem các lưu ý sau" in result
    assert "Thời lượng buổi sinh hoạt 60 phút" in result


def test_a_post_without_the_session_token_is_refused_but_keeps_the_input(local):
    stranger = local.test_client()
    pairs = [p for p in sample_pairs(local.test_client()) if p[0] != "_csrf"]
    response = post(stranger, MONTHLY, pairs)
    assert response.status_code == 400
    assert "Phiên làm việc đã hết hạn" in response.get_data(as_text=True)
    assert field(response.data, "/conclusion").text.startswith("Chi bộ thống nhất")
    assert html.fromstring(response.data).xpath("//input[@name='_csrf']/@value")[0]


def test_restoring_a_draft_redraws_the_form_without_judging_it(web):
    pairs = form_fields(web.get(MONTHLY).data) + [
        ("_action", "restore"),
        ("/guests/0/name", "Trần Minh Hải"),
        ("/guests/1/name", "Vũ Thị Hoa"),
    ]
    response = post(web, MONTHLY, pairs)
    assert response.status_code == 200
    assert field(response.data, "/guests/1/name").get("value") == "Vũ Thị Hoa"
    assert b"error-summary" not in response.data


def test_the_live_check_returns_the_findings_by_pointer(web):
    pairs = replace(sample_pairs(web), "/vote/in_favour", "5")
    findings = post(web, MONTHLY + "/check", pairs).get_json()
    assert [f["code"] for f in findings["errors"]] == ["resolution_not_passed"]
    assert findings["errors"][0]["pointer"] == "/vote/in_favour"


def test_the_live_check_shows_the_titles_the_documents_will_print(web):
    pairs = sample_pairs(web)
    findings = post(web, MONTHLY + "/check", pairs).get_json()
    assert findings["titles"] == [
        "BIÊN BẢN — Sinh hoạt chi bộ thường kỳ tháng 11 năm 2026",
        "Đánh giá kết quả thực hiện Nghị quyết tháng 10 năm 2026",
        "NGHỊ QUYẾT — về nhiệm vụ tháng 11 năm 2026",
    ]
    pairs = [
        *pairs,
        ("/tasks_month/month", "12"),
        ("/tasks_month/year", "2026"),
        ("/reviewed_month/month", "11"),
        ("/reviewed_month/year", "2026"),
    ]
    findings = post(web, MONTHLY + "/check", pairs).get_json()
    assert [(f["pointer"], f["code"]) for f in findings["errors"]] == [("/reviewed_month", "reviewed_month_unfinished")]
    assert findings["titles"] == []  # nothing to show until the months can be


def test_the_monthly_form_has_the_three_months_the_fees_and_the_absentees_status(web):
    page = web.get(MONTHLY).data
    for pointer in ("/sitting_month/month", "/tasks_month/year", "/reviewed_month/month", "/party_fees"):
        assert field(page, pointer) is not None
    assert b'id="live-titles"' in page


def test_the_live_check_needs_the_session_token(web):
    response = web.post(MONTHLY + "/check", data={"/vote/in_favour": "5"})
    assert response.status_code == 400 and response.get_json()["code"] == "csrf_failed"


def test_shared_checks_of_two_documents_are_reported_once(web):
    pairs = replace(sample_pairs(web), "/attendance/present", "17")
    findings = post(web, MONTHLY + "/check", pairs).get_json()
    assert [f["code"] for f in findings["errors"]].count("attendance_sum") == 1


def test_an_unknown_form_is_a_vietnamese_404(web):
    response = web.get("/forms/khong-co")
    assert response.status_code == 404 and "Không tìm thấy trang" in response.get_data(as_text=True)


def test_a_form_nested_too_deep_is_400_not_500(web):
    pairs = form_fields(web.get(MONTHLY).data) + [("/a" * 40, "x")]
    assert post(web, MONTHLY, pairs).status_code == 400


def test_an_address_no_page_answers_gets_the_vietnamese_error_page(web):
    for response, status in ((web.get("/khong-co-trang-nay"), 404), (web.post("/"), 405)):
        assert response.status_code == status and response.mimetype == "text/html"
        page = html.fromstring(response.get_data(as_text=True))
        assert page.get("lang") == "vi" and page.xpath("//a[@href='/']"), response.get_data(as_text=True)[:300]
    assert "Không tìm thấy trang" in web.get("/khong-co-trang-nay").get_data(as_text=True)
    # The API keeps its problem documents.
    assert web.get("/api/v1/khong-co").mimetype == "application/problem+json"


def test_dates_and_times_are_typed_the_vietnamese_way(web):
    page = web.get(MONTHLY + "?sample=1").data
    date, start = field(page, "/meeting/date"), field(page, "/meeting/start")
    assert date.get("type") == "text" and date.get("value") == "05/11/2026"
    assert start.get("type") == "text" and start.get("value") == "14:00"
    pairs = replace(replace(sample_pairs(web), "/meeting/date", "5.11.2026"), "/meeting/start", "14h")
    findings = post(web, MONTHLY + "/check", pairs).get_json()
    assert findings["errors"] == [] and findings["titles"]


def test_a_date_the_form_cannot_read_says_how_to_type_it(web):
    pairs = replace(sample_pairs(web), "/meeting/date", "11/2026")
    expected = "Ngày họp: hãy ghi ngày theo dạng ngày/tháng/năm, ví dụ 05/12/2026."
    assert [f["message"] for f in post(web, MONTHLY + "/check", pairs).get_json()["errors"]] == [expected]
    response = post(web, MONTHLY, pairs)
    assert response.status_code == 422 and expected in response.get_data(as_text=True)
    assert field(response.data, "/meeting/date").get("value") == "11/2026"


def test_the_live_check_gives_the_figures_as_the_documents_print_them(web):
    findings = post(web, MONTHLY + "/check", sample_pairs(web)).get_json()
    assert findings["figures"] == {
        "attendance": "Có mặt 18/20 đồng chí (chính thức 16, dự bị 02); vắng 02 đồng chí.",
        "vote": "16/18 đồng chí tán thành, đạt 88,89%, tính trên 18 đảng viên chính thức được triệu tập.",
    }


def test_votes_beyond_the_official_members_present_show_the_servers_refusal_not_a_figure(web):
    # The live panel once said 17/17 = 100% while the server refused the vote: now it only shows what the
    # server reckons.
    findings = post(web, MONTHLY + "/check", replace(sample_pairs(web), "/vote/in_favour", "17")).get_json()
    assert "vote" not in findings["figures"]
    assert [f["pointer"] for f in findings["errors"]] == ["/vote"]


def test_a_roll_call_shows_its_attendance_line_before_the_rest_of_the_form_is_filled(web):
    pairs = [
        ("/attendance/total", "3"),
        ("/attendance/official", "2"),
        ("/attendance/probationary", "1"),
        ("/attendance/present", "2"),
        ("/attendance/present_official", "1"),
        ("/attendance/absent/0/name", "Trần Thị Bình"),
        ("/attendance/absent/0/excused", "true"),
        *(pair for pair in sample_pairs(web) if pair[0] == "_csrf"),
    ]
    findings = post(web, MONTHLY + "/check", pairs).get_json()
    assert findings["errors"] and findings["figures"] == {
        "attendance": "Có mặt 02/03 đồng chí (chính thức 01, dự bị 01); vắng 01 đồng chí."
    }


def test_the_three_months_and_their_titles_show_before_anything_is_issued(web):
    page = html.fromstring(web.get(MONTHLY + "?sample=1").data)
    assert page.xpath("//div[@id='live-months']//li/text()") == [
        "Sinh hoạt chi bộ thường kỳ tháng 11 năm 2026",
        "Nghị quyết về nhiệm vụ tháng 11 năm 2026",
        "Đánh giá kết quả thực hiện Nghị quyết tháng 10 năm 2026",
    ]
    # Only the date typed yet: the months are known already, while the rest of the form is still missing.
    csrf_pair = [pair for pair in sample_pairs(web) if pair[0] == "_csrf"]
    findings = post(web, MONTHLY + "/check", [*csrf_pair, ("_date", "/meeting/date"), ("/meeting/date", "20/12/2026")])
    assert findings.get_json()["months"] == [
        "Sinh hoạt chi bộ thường kỳ tháng 12 năm 2026",
        "Nghị quyết về nhiệm vụ tháng 1 năm 2027",
        "Đánh giá kết quả thực hiện Nghị quyết tháng 12 năm 2026",
    ]


def test_forms_without_a_sittings_months_show_none(web):
    page = html.fromstring(web.get("/forms/bao-cao-kiem-diem-tap-the").data)
    assert page.get_element_by_id("live-months").get("hidden") is not None


def test_one_submit_lists_a_wrong_date_and_the_votes_beyond_the_members_present_at_once(web):
    # Issue 19 item 7: the vote used to be refused only on the next submit, once the date was right.
    pairs = replace(replace(sample_pairs(web), "/meeting/date", "31/02/2026"), "/vote/in_favour", "17")
    findings = post(web, MONTHLY + "/check", pairs).get_json()
    assert sorted((f["pointer"], f["code"]) for f in findings["errors"]) == [
        ("/meeting/date", "date_format"),
        ("/vote", "vote_exceeds_official_present"),
    ]
    response = post(web, MONTHLY, pairs)
    assert response.status_code == 422
    summary = html.fromstring(response.data).get_element_by_id("error-summary")
    assert sorted(summary.xpath(".//a/@href")) == ["#f-meeting-date", "#f-vote"]
    assert "Tổng số biểu quyết (17) vượt số đảng viên chính thức có mặt (16)" in response.get_data(as_text=True)
