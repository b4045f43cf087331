"""A small year-end batch in a real browser: upload the roster, watch the progress bar reach the end, download."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from playwright.sync_api import expect

from tests.conftest import SAMPLES
from tests.e2e.axe import violations


def test_a_small_batch_runs_to_the_end_and_its_zip_downloads(page):
    page.goto("/batches")
    page.get_by_label("Tệp danh sách (.xlsx hoặc .csv)").set_input_files(SAMPLES / "batch-roster-template.xlsx")
    page.get_by_label("Năm kiểm điểm").fill("2025")
    page.get_by_role("button", name="Bắt đầu tạo văn bản").click()
    page.wait_for_url("**/batches/*")

    bar = page.locator("#batch-progress")
    download = page.get_by_role("link", name="Tải tệp ZIP")
    expect(download).to_be_visible(timeout=120_000)
    assert bar.get_attribute("value") == bar.get_attribute("max")
    assert page.evaluate("document.querySelector('#batch-progress').position") == 1
    expect(page.locator(".batch-status")).to_have_text("đã xong")
    assert violations(page) == []

    with page.expect_download() as info:
        download.click()
    with zipfile.ZipFile(io.BytesIO(Path(info.value.path()).read_bytes())) as package:
        names = package.namelist()
    assert "manifest.csv" in names and any(name.endswith(".docx") for name in names)
