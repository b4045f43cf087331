"""A cell secretary's monthly meeting, in a real browser: fill, fix, preview, download."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from playwright.sync_api import expect

from service.render.pdf import is_times_compatible, pdf_fonts
from tests.helpers import docx_text

FORM = "/forms/bien-ban-thuong-ky"


def label(page, text: str):
    """The input labelled exactly `text` (a required field's label ends with a star)."""
    return page.get_by_label(re.compile("^" + re.escape(text) + r"(\s*\*)?$"))


def by_name(page, name: str):
    return page.locator(f'[name="{name}"]:not([type=hidden])')


def fill_meeting(page, *, present: str) -> None:
    """What a secretary types for a small meeting; `present` lets a test get the count wrong."""
    label(page, "Tên cấp ủy cấp trên trực tiếp").fill("Đảng bộ phường Hòa Bình")
    label(page, "Tên chi bộ").fill("Chi bộ Khu phố 2")
    label(page, "Địa danh ghi ở dòng ngày tháng").fill("Hòa Bình")
    label(page, "Số nghị quyết").fill("5")
    label(page, "Giờ bắt đầu").fill("14:00")
    label(page, "Giờ kết thúc").fill("16:00")
    label(page, "Địa điểm").fill("Hội trường khu phố 2")
    by_name(page, "/chair/name").fill("Nguyễn Văn Bình")
    by_name(page, "/chair/position").fill("Bí thư Chi bộ")
    by_name(page, "/secretary/name").fill("Lê Thị Hoa")
    for text, value in (
        ("Tổng số đảng viên", "12"),
        ("Chính thức", "11"),
        ("Dự bị", "1"),
        ("Số có mặt", present),
        ("Chính thức có mặt", "10"),
    ):
        label(page, text).fill(value)
    page.get_by_role("button", name="+ Thêm người vắng").click()
    by_name(page, "/attendance/absent/0/name").fill("Trần Văn Tư")
    by_name(page, "/attendance/absent/0/reason").fill("đi công tác")
    by_name(page, "/agenda/0").fill("Đánh giá kết quả thực hiện nghị quyết tháng trước")
    page.get_by_role("button", name="+ Thêm kết quả").click()
    by_name(page, "/last_month/achievements/0").fill("Thu đảng phí đầy đủ, đúng hạn")
    by_name(page, "/next_month/0/area").fill("Công tác xây dựng Đảng")
    by_name(page, "/next_month/0/tasks/0/content").fill("Chuẩn bị kiểm điểm, đánh giá đảng viên cuối năm")
    label(page, "Kết luận của chủ trì").fill("Chi bộ thống nhất các nhiệm vụ tháng tới.")
    label(page, "Số tán thành").fill("10")


def download(page, link_name: str) -> bytes:
    with page.expect_download() as info:
        page.get_by_role("link", name=link_name).click()
    return Path(info.value.path()).read_bytes()


def test_fill_fix_preview_and_download_both_documents(page):
    page.goto(FORM)
    fill_meeting(page, present="10")
    page.get_by_role("button", name="Kiểm tra và tạo văn bản").click()

    summary = page.locator("#error-summary")
    assert "còn 1 chỗ cần sửa" in summary.inner_text()
    assert "Số có mặt (10) cộng số vắng (1)" in page.locator("#f-attendance-present-msg").inner_text()
    assert by_name(page, "/chair/name").input_value() == "Nguyễn Văn Bình"  # nothing typed was lost

    summary.get_by_role("link").first.click()
    expect(by_name(page, "/attendance/present")).to_be_focused()
    page.keyboard.press("Control+A")
    page.keyboard.type("11")
    expect(page.locator("#error-summary h2")).to_contain_text("Đã sửa hết")
    expect(page.locator("#attendance-totals")).to_contain_text("Có mặt 11/12 đồng chí")
    expect(page.locator("#vote-totals")).to_contain_text("10/11 đồng chí tán thành, đạt 90,91%")

    page.get_by_role("button", name="Kiểm tra và tạo văn bản").click()
    page.wait_for_url("**/results/*")
    previews = page.locator(".preview img")
    previews.nth(1).wait_for(timeout=90_000)
    # Each page is drawn when the browser asks for it: wait until every one has arrived.
    page.wait_for_function(
        "() => [...document.querySelectorAll('.preview img')].every(i => i.complete && i.naturalWidth > 0)", timeout=60_000
    )

    resolution = docx_text(download(page, "Tải bản Word (DOCX) của nghị quyết chi bộ tháng"))
    # A draft: its number comes at "Ban hành" (tests/e2e/test_workflow_e2e.py follows a draft that far).
    assert "CHI BỘ KHU PHỐ 2" in resolution and "Dự thảo" in resolution
    minutes = docx_text(download(page, "Tải bản Word (DOCX) của biên bản sinh hoạt chi bộ thường kỳ"))
    assert "Trần Văn Tư (đi công tác)" in minutes

    fonts = pdf_fonts(download(page, "Tải bản PDF của nghị quyết chi bộ tháng"))
    assert fonts and all(is_times_compatible(font) for font in fonts), fonts


def test_rows_are_added_removed_and_restored_from_the_keyboard(page):
    page.goto(FORM)
    add = page.get_by_role("button", name="+ Thêm người vắng")
    add.focus()
    page.keyboard.press("Enter")
    expect(by_name(page, "/attendance/absent/0/name")).to_be_focused()
    page.keyboard.type("Lê Văn Một")
    add.focus()
    page.keyboard.press("Enter")
    page.keyboard.type("Phạm Văn Hai")

    page.get_by_role("button", name="Xóa người vắng thứ 1").click()
    assert by_name(page, "/attendance/absent/0/name").input_value() == "Phạm Văn Hai"
    assert by_name(page, "/attendance/absent/1/name").count() == 0
    page.get_by_role("button", name="Hoàn tác").click()
    assert by_name(page, "/attendance/absent/0/name").input_value() == "Lê Văn Một"
    assert by_name(page, "/attendance/absent/1/name").input_value() == "Phạm Văn Hai"


def test_a_draft_survives_closing_the_page(page):
    page.goto(FORM)
    label(page, "Tên chi bộ").fill("Chi bộ Thôn Nam")
    page.get_by_role("button", name="+ Thêm đại biểu").click()
    by_name(page, "/guests/0/name").fill("Đỗ Văn Khách")
    draft = "localStorage.getItem('partydocs:draft:bien-ban-thuong-ky') || ''"
    for _ in range(50):  # the draft is saved a moment after typing stops
        if "Đỗ Văn Khách" in page.evaluate(draft):
            break
        page.wait_for_timeout(100)
    assert "Đỗ Văn Khách" in page.evaluate(draft)
    page.goto(FORM)
    page.get_by_role("button", name="Khôi phục nội dung đó").click()
    expect(page.get_by_role("status").filter(has_text="Đã khôi phục bản nháp")).to_be_visible()
    expect(label(page, "Tên chi bộ")).to_have_value("Chi bộ Thôn Nam")
    expect(by_name(page, "/guests/0/name")).to_have_value("Đỗ Văn Khách")


@pytest.mark.parametrize("path", ["/", FORM + "?sample=1"])
def test_pages_fit_a_phone_screen(phone, path):
    phone.goto(path)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
