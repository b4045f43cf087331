"""The đảng bộ's page in a real browser, on the demo đảng bộ: the charts load as images under the page's content
policy, their tables open, the period filter and the quarter links work, and the report downloads."""
from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from benchmarks.slow_clients import running_server
from service.stats import demo
from service.store.db import Database
from service.store.storage import Storage


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
    assert page.get_by_role("cell", name="Không sinh hoạt").count() == 2        # Tây in July, the school in August
    charts = page.locator("figure.chart img")
    expect(charts).to_have_count(3)
    for index in range(3):
        image = charts.nth(index)
        image.scroll_into_view_if_needed()
        page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=image.element_handle())
    assert failed == []    # (the browser's own favicon request is not the page's and is not counted)

    page.get_by_text("Bảng số liệu của biểu đồ sinh hoạt chuyên đề").click()
    assert page.locator("details[open] table tbody tr").count() == 5

    page.get_by_label("Từ tháng").fill("2026-04")
    page.get_by_label("Đến tháng").fill("2026-06")
    page.get_by_role("button", name="Xem").click()
    expect(page.locator(".lead")).to_contain_text("quý II năm 2026")
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải báo cáo quý II năm 2026 (DOCX)").click()
    assert download.value.suggested_filename.endswith(".docx")

    page.get_by_role("link", name="Quý 1").click()
    expect(page.locator(".lead")).to_contain_text("quý I năm 2026")
    page.get_by_role("link", name="Chi bộ Thôn Nam").first.click()
    expect(page.locator(".lead")).to_have_text("Chi bộ Thôn Nam — quý I năm 2026")
