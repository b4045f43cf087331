"""A secretary's workflow in a real browser: a draft, "Ban hành", a correction under the number, "đã gửi" and a
replacement; an example that stays a sandbox; the archive searched and a draft removed.

The service runs with a chi bộ of its own recorded (a register to number from), apart from the shared server of
the other browser tests, whose forms have no chi bộ."""

from __future__ import annotations

import re

import pytest

from playwright.sync_api import expect

from benchmarks.slow_clients import running_server
from tests.e2e.test_monthly_meeting_e2e import FORM, by_name, download, fill_meeting, label
from tests.helpers import docx_text

RESOLUTION_DOCX = "Tải bản Word (DOCX) của nghị quyết chi bộ tháng"


@pytest.fixture(scope="module")
def workflow_url(tmp_path_factory):
    from service import create_app
    from service.store import organizations

    folder = tmp_path_factory.mktemp("workflow")
    app = create_app(
        {
            "DATABASE_URL": f"sqlite:///{folder}/serving.sqlite3",
            "INSTANCE_DIR": str(folder),
            "STORAGE_DIR": str(folder / "storage"),
        }
    )
    organizations.create_organization(
        app.extensions["database"],
        {
            "name": "Chi bộ Khu phố 2",
            "upper_name": "Đảng bộ phường Hòa Bình",
            "place": "Hòa Bình",
            "created_on": "2020-01-01",
        },
    )
    app.extensions["database"].dispose()
    with running_server({}, folder) as (port, _):
        yield f"http://127.0.0.1:{port}"


@pytest.fixture
def secretary(browser, workflow_url):
    context = browser.new_context(
        base_url=workflow_url, locale="vi-VN", viewport={"width": 1280, "height": 900}, accept_downloads=True
    )
    context.set_default_timeout(20_000)
    yield context.new_page()
    context.close()


def test_draft_ban_hanh_correction_sent_and_replacement(secretary):
    page = secretary
    page.goto(FORM)
    fill_meeting(page, present="11")
    page.get_by_role("button", name="Kiểm tra và tạo văn bản").click()
    page.wait_for_url("**/results/*")
    expect(page.get_by_role("heading", level=1)).to_have_text("Bản dự thảo đã tạo xong")
    draft = docx_text(download(page, RESOLUTION_DOCX))
    assert "Dự thảo" in draft and "Số 05-NQ/CB" not in draft  # no number until issued

    page.get_by_role("button", name="Ban hành").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Văn bản đã ban hành")
    expect(page.get_by_role("heading", name=re.compile("Nghị quyết.*số 01"))).to_be_visible()
    final = docx_text(download(page, RESOLUTION_DOCX))
    assert "Số 01-NQ/CB" in final and "Dự thảo" not in final

    page.get_by_role("link", name=re.compile("^Sửa nghị quyết")).click()
    label(page, "Lý do sửa").fill("Bổ sung nhiệm vụ tháng tới")
    by_name(page, "/next_month/0/tasks/0/content").fill("Chuẩn bị kiểm điểm cuối năm và thu đảng phí")
    page.get_by_role("button", name="Kiểm tra và tạo văn bản").click()
    page.wait_for_url("**/results/*")
    corrected = docx_text(download(page, RESOLUTION_DOCX))
    assert "Số 01-NQ/CB" in corrected and "thu đảng phí" in corrected

    page.get_by_role("link", name="Xem trong kho lưu trữ").last.click()
    expect(page.get_by_role("link", name="Bản sửa lần 1", exact=True)).to_be_visible()
    expect(page.get_by_text("Bổ sung nhiệm vụ tháng tới").first).to_be_visible()
    page.get_by_role("button", name="Đánh dấu đã gửi").click()
    expect(page.get_by_role("link", name="Sửa văn bản (giữ số)")).to_have_count(0)
    page.get_by_role("link", name="Ban hành văn bản thay thế (số mới)").click()
    label(page, "Lý do thay thế").fill("Gửi nhầm số liệu")
    page.get_by_role("button", name="Kiểm tra và tạo văn bản").click()
    page.wait_for_url("**/results/*")
    assert "Số 02-NQ/CB" in docx_text(download(page, RESOLUTION_DOCX))


def test_an_example_is_a_sandbox(secretary):
    page = secretary
    page.goto("/")
    page.get_by_role("link", name=re.compile("^Bắt đầu soạn")).first.click()
    page.get_by_role("link", name="Xem ví dụ điền sẵn").click()
    expect(page.get_by_role("status").filter(has_text="Đây là ví dụ điền sẵn")).to_be_visible()
    page.get_by_role("button", name="Kiểm tra và tạo văn bản").click()
    page.wait_for_url("**/results/*")
    expect(page.get_by_role("heading", level=1)).to_have_text("Văn bản ví dụ")
    expect(page.get_by_role("button", name="Ban hành")).to_have_count(0)
    page.goto("/archive?q=Nhà văn hóa thôn Đông")
    expect(page.get_by_text("Không có văn bản nào phù hợp.")).to_be_visible()


def test_the_archive_finds_by_number_and_a_draft_is_removed(secretary):
    page = secretary
    page.goto(FORM)
    fill_meeting(page, present="11")
    page.get_by_role("button", name="Kiểm tra và tạo văn bản").click()
    page.wait_for_url("**/results/*")
    page.goto("/")
    expect(page.locator(".archive-list li").first).to_contain_text("dự thảo, chưa có số")
    page.get_by_role("link", name="Kho lưu trữ").first.click()
    label(page, "Trạng thái").select_option(label="Dự thảo")
    page.get_by_role("button", name="Tìm").click()
    page.locator(".archive-list a").first.click()
    page.get_by_role("button", name="Xóa bản dự thảo").click()
    expect(page.get_by_role("status")).to_contain_text("Đã xóa bản dự thảo")
    label(page, "Số văn bản").fill("1")
    label(page, "Trạng thái").select_option(label="Tất cả")
    page.get_by_role("button", name="Tìm").click()
    expect(page.locator(".archive-list li").first).to_contain_text("số 01")
