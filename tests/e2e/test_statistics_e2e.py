"""The đảng bộ's page in a real browser, on the demo đảng bộ: the charts load as images under the page's content
policy, their tables open, the period filter (typed the Vietnamese way) and the quarter links work, the report
downloads, and the page, its chart tables opened, passes axe-core at 1280 px and 375 px."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from benchmarks.slow_clients import running_server
from service.stats import demo
from service.store.db import Database
from service.store.storage import Storage
from tests.e2e.axe import violations


@pytest.fixture(scope="module")
def server_url(tmp_path_factory):
    """The served instance holds the demo đảng bộ's first eight months of 2026 (the `page` fixture opens it)."""
    folder = tmp_path_factory.mktemp("demo-instance")
    database = Database(f"sqlite:///{folder}/serving.sqlite3")
    database.upgrade()
    demo.generate(database, Storage(folder / "storage"), 2026, dt.date(2026, 9, 1))
    database.dispose()
    with running_server({}, folder) as (port, _):
        yield f"http://127.0.0.1:{port}"


def test_the_page_its_charts_filters_and_report(page):
    failed = []
    page.on("response", lambda response: failed.append(response.url) if response.status >= 400 else None)
    page.goto("/statistics?from=2026-01&to=2026-08")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tình hình sinh hoạt chi bộ")
    assert page.get_by_role("cell", name="Không sinh hoạt").count() == 2  # Tây in July, the school in August
    charts = page.locator("figure.chart img")
    expect(charts).to_have_count(3)
    for index in range(3):
        image = charts.nth(index)
        image.scroll_into_view_if_needed()
        page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=image.element_handle())
    assert failed == []  # (the browser's own favicon request is not the page's and is not counted)

    page.get_by_text("Bảng số liệu của biểu đồ sinh hoạt chuyên đề").click()
    assert page.locator("details[open] table tbody tr").count() == 5

    page.get_by_label("Từ tháng").fill("4/2026")
    page.get_by_label("Đến tháng").fill("Quý 2/2026")
    page.get_by_role("button", name="Xem").click()
    expect(page.locator(".lead")).to_contain_text("quý II năm 2026")
    expect(page.get_by_label("Từ tháng")).to_have_value("04/2026")
    expect(page.get_by_label("Đến tháng")).to_have_value("06/2026")
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải báo cáo quý II năm 2026 (DOCX)").click()
    assert download.value.suggested_filename.endswith(".docx")

    page.get_by_role("link", name="Quý 1").click()
    expect(page.locator(".lead")).to_contain_text("quý I năm 2026")
    page.get_by_role("link", name="Chi bộ Thôn Nam").first.click()
    expect(page.locator(".lead")).to_have_text("Chi bộ Thôn Nam — quý I năm 2026")


def test_the_period_reads_the_vietnamese_way_whatever_the_browser_language(browser, server_url):
    context = browser.new_context(base_url=server_url, locale="en-US")
    page = context.new_page()
    page.goto("/statistics?from=2026-03&to=2026-05")
    start = page.get_by_label("Từ tháng")
    expect(start).to_have_value("03/2026")
    start.fill("13/2026")
    page.get_by_role("button", name="Xem").click()
    expect(page.get_by_role("alert")).to_contain_text("“Từ tháng”: không đọc được “13/2026”")
    expect(start).to_have_value("13/2026")
    expect(start).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("Đến tháng")).to_have_value("05/2026")
    context.close()


@pytest.mark.parametrize("screen", ["page", "phone"])
# Twelve months make the month tables wider than 1280 px; a bound that cannot be read shows the error and aria-invalid.
@pytest.mark.parametrize(
    "url", ["/statistics?from=2026-01&to=2026-08", "/statistics?from=1/2026&to=12/2026", "/statistics?from=13/2026"]
)
def test_the_page_with_its_chart_tables_open_passes_axe_and_fits_the_screen(request, screen, url):
    page = request.getfixturevalue(screen)
    page.goto(url)
    page.wait_for_load_state("networkidle")
    summaries = page.locator("details summary")
    expect(summaries).to_have_count(3)
    for index in range(3):
        summaries.nth(index).click()
    expect(page.locator("details[open]")).to_have_count(3)
    assert violations(page) == []
    # The wide tables scroll inside their own box; the page itself never scrolls sideways.
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
