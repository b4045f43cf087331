"""Every form as a secretary uses it (issue 19 items 5-8, 11): Vietnamese dates and times, the roster's
autofill, the server's own figures, error links that lead to their field, pages that pass axe-core at 1280 px
and 375 px."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from service.web.forms import all_forms
from tests.conftest import SAMPLES
from tests.e2e.axe import violations
from tests.e2e.test_monthly_meeting_e2e import FORM, by_name, fill_meeting, label
from tests.e2e.test_roster_e2e import ensure_profile

FORMS = [f"/forms/{form.id}" for form in all_forms()]
PAGES = [
    "/",
    "/archive",
    "/batches",
    "/templates",
    "/organization",
    "/organization/members",
    "/organization/members/new",
    *FORMS,
    *(f"{url}?sample=1" for url in FORMS),
]


def ensure_roster(page) -> None:
    """The chi bộ of samples/roster-template.xlsx: Nguyễn Văn An (Bí thư Chi bộ), Trần Thị Bình (Phó Bí thư
    Chi bộ), Đỗ Văn Minh (dự bị)."""
    ensure_profile(page)
    page.goto("/organization/members")
    # By text, not by cell name: on a phone each cell's name also carries its column's label (app.css).
    member = page.locator("table.members td[data-label='Họ và tên']", has_text="Trần Thị Bình")
    if member.count() == 0:
        page.get_by_label("Tệp danh sách (.xlsx hoặc .csv)").set_input_files(SAMPLES / "roster-template.xlsx")
        page.get_by_role("button", name="Nhập danh sách").click()
        expect(member).to_have_count(1)


@pytest.mark.parametrize("screen", ["page", "phone"])
def test_every_page_passes_axe_and_fits_the_screen(request, screen):
    browser_page = request.getfixturevalue(screen)
    ensure_roster(browser_page)
    width = browser_page.viewport_size["width"]
    for url in PAGES:
        browser_page.goto(url)
        browser_page.wait_for_load_state("networkidle")
        assert violations(browser_page) == [], url
        # Nothing wider than the screen: no sideways scrolling to reach a field or a column.
        assert browser_page.evaluate("document.documentElement.scrollWidth") <= width, url


@pytest.mark.parametrize("screen", ["page", "phone"])
def test_the_pages_after_a_submit_pass_axe_and_fit_the_screen(request, screen):
    """The drafts' page, the issued documents' page, an archived document and its printed pages."""
    browser_page = request.getfixturevalue(screen)
    width = browser_page.viewport_size["width"]

    def passes(what: str) -> None:
        browser_page.wait_for_load_state("networkidle")
        assert violations(browser_page) == [], what
        assert browser_page.evaluate("document.documentElement.scrollWidth") <= width, what

    ensure_roster(browser_page)
    browser_page.goto(FORM + "?sample=1")
    browser_page.get_by_role("button", name="Kiểm tra và tạo văn bản").click()
    browser_page.wait_for_url("**/results/*")
    passes("drafts")
    browser_page.goto(FORM)
    fill_meeting(browser_page, present="11")
    browser_page.get_by_role("button", name="Kiểm tra và tạo văn bản").click()
    browser_page.wait_for_url("**/results/*")
    browser_page.get_by_role("button", name="Ban hành").click()
    expect(browser_page.get_by_role("heading", level=1)).to_have_text("Văn bản đã ban hành")
    passes("issued")
    browser_page.goto("/archive")
    browser_page.locator("main a[href^='/archive/']").first.click()
    browser_page.wait_for_url("**/archive/*")
    passes("archived document")
    browser_page.goto(browser_page.url.split("?")[0] + "/preview")
    passes("printed pages")


def test_axe_reports_what_it_finds(page):
    page.goto("/")
    page.evaluate("document.querySelector('main').append(Object.assign(document.createElement('input'), {type: 'text'}))")
    assert any(found.startswith("label:") for found in violations(page))


def test_dates_and_times_are_typed_day_first_and_on_the_24_hour_clock(page):
    page.goto(FORM + "?sample=1")
    date = label(page, "Ngày họp")
    expect(date).to_have_value("05/11/2026")
    expect(page.locator("#live-titles")).to_contain_text("tháng 11 năm 2026")
    date.fill("5.12.2026")
    label(page, "Giờ bắt đầu").fill("7h30")
    label(page, "Giờ kết thúc").fill("9:45")
    expect(page.locator("#live-titles")).to_contain_text("Sinh hoạt chi bộ thường kỳ tháng 12 năm 2026")
    date.fill("31/02/2026")
    expect(page.locator("#f-meeting-date-msg")).to_contain_text("hãy ghi ngày theo dạng ngày/tháng/năm")


def test_a_position_from_the_roster_is_replaced_and_follows_the_person_unless_typed(page):
    ensure_roster(page)
    page.goto(FORM)
    name, position = by_name(page, "/chair/name"), by_name(page, "/chair/position")
    for person, expected in [
        ("Nguyễn Văn An", "Bí thư Chi bộ"),
        ("Nguyễn Văn An", "Bí thư Chi bộ"),
        ("Trần Thị Bình", "Phó Bí thư Chi bộ"),
    ]:
        name.fill(person)
        name.dispatch_event("change")
        expect(position).to_have_value(expected)
    position.fill("Đảng viên")
    name.fill("Nguyễn Văn An")
    name.dispatch_event("change")
    expect(position).to_have_value("Đảng viên")  # typed by hand: kept


def test_the_vote_panel_shows_the_servers_figures_and_its_refusal(page):
    page.goto(FORM + "?sample=1")
    panel = page.locator("#vote-totals")
    expect(panel).to_contain_text("16/18 đồng chí tán thành, đạt 88,89%")
    label(page, "Số tán thành").fill("17")
    expect(panel).to_be_hidden()
    expect(page.locator("#f-vote-msg")).to_contain_text("vượt số đảng viên chính thức có mặt (16)")


def test_an_error_in_a_repeated_row_names_it_and_its_link_focuses_the_field(page):
    page.goto(FORM + "?sample=1")
    page.get_by_role("button", name="+ Thêm đại biểu").click()
    by_name(page, "/guests/2/position").fill("Đảng ủy viên")  # the sample has two guests
    page.get_by_role("button", name="Kiểm tra và tạo văn bản").click()
    link = page.locator("#error-summary a[data-pointer='/guests/2/name']")
    expect(link).to_contain_text("Đại biểu mời thứ 3: Họ và tên")
    link.click()
    expect(by_name(page, "/guests/2/name")).to_be_focused()


@pytest.mark.parametrize("url", [url for url in FORMS if url != FORM])
def test_a_schema_form_sent_empty_lists_every_error_and_each_link_focuses_its_field(page, url):
    page.goto(url)
    page.get_by_role("button", name="Kiểm tra và tạo văn bản").click()
    links = page.locator("#error-summary a[data-pointer]")
    expect(links.first).to_be_visible()
    last = links.nth(links.count() - 1)
    pointer = last.get_attribute("data-pointer")
    last.click()
    # A message about a whole list or group leads to its first field.
    focused = page.evaluate("document.activeElement.name || ''")
    assert focused == pointer or focused.startswith(pointer + "/"), (pointer, focused)


def test_review_minutes_take_the_whole_roster_in_one_click_then_stay_editable(page):
    ensure_roster(page)
    page.goto("/forms/bien-ban-xep-loai")
    page.get_by_role("button", name="Điền 3 đồng chí vào danh sách").click()
    expect(by_name(page, "/members/2/name")).to_have_value("Đỗ Văn Minh")
    expect(by_name(page, "/members/2/probationary")).to_be_checked()
    expect(by_name(page, "/members/0/probationary")).not_to_be_checked()
    by_name(page, "/members/0/note").fill("Chuyển sinh hoạt đến tháng 12")
    page.get_by_role("button", name="Xóa dòng này thứ 2").click()
    expect(by_name(page, "/members/1/name")).to_have_value("Đỗ Văn Minh")


def test_a_self_review_fills_the_member_picked_from_the_roster(page):
    ensure_roster(page)
    page.goto("/forms/ban-kiem-diem-ca-nhan")
    page.get_by_label("Đảng viên viết bản kiểm điểm").select_option(label="Trần Thị Bình")
    expect(by_name(page, "/name")).to_have_value("Trần Thị Bình")
    expect(by_name(page, "/birth_date")).to_have_value("02/09/1979")
    expect(by_name(page, "/party_position")).to_have_value("Phó Bí thư Chi bộ")
    expect(by_name(page, "/government_position")).to_have_value("Chi hội trưởng Phụ nữ")


def test_the_thematic_sitting_calls_the_roll_from_the_roster(page):
    ensure_roster(page)
    page.goto("/forms/bien-ban-chuyen-de")
    page.get_by_role("group", name="Trần Thị Bình (chính thức)").get_by_label("vắng không lý do").check()
    expect(by_name(page, "/attendance/absent/0/name")).to_have_value("Trần Thị Bình")
    expect(by_name(page, "/attendance/present")).to_have_value("2")


def test_the_three_months_follow_the_meeting_date_as_it_is_typed(page):
    page.goto(FORM)
    months = page.locator("#live-months")
    label(page, "Ngày họp").fill("20/12/2026")
    expect(months).to_contain_text("Nghị quyết về nhiệm vụ tháng 1 năm 2027")
    expect(months).to_contain_text("Sinh hoạt chi bộ thường kỳ tháng 12 năm 2026")


def test_a_live_warning_is_a_link_to_its_field(page):
    page.goto(FORM + "?sample=1")
    by_name(page, "/agenda/0").fill("Triển khai nhiệm vụ tháng 3 năm 2026")
    warning = page.locator("#live-warnings a[data-pointer='/agenda/0']")
    expect(warning).to_contain_text("nội dung thứ 1 nhắc tháng 3 năm 2026")
    label(page, "Kết luận của chủ trì").focus()  # elsewhere, so that the link is what brings focus back
    warning.click()
    expect(by_name(page, "/agenda/0")).to_be_focused()
