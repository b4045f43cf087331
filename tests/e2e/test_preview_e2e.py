"""The preview after "Kiểm tra và tạo văn bản": page 1 of each document on screen while the others are still
being drawn, then every page. Needs LibreOffice on the server."""

from __future__ import annotations

import hashlib
import re
import uuid

import pytest

from playwright.sync_api import expect
from service.render.soffice import find_soffice

pytestmark = pytest.mark.skipif(find_soffice() is None, reason="the preview needs LibreOffice on the server")

FORM = "/forms/bien-ban-thuong-ky?sample=1"
LATER_PAGES = re.compile(r"/archive/\d+/page-([2-9]|\d\d+)\.png$")
SHOWN = "i => i.complete && i.naturalWidth > 0"
FIRST_PAGES = ".preview ol.pages li:first-child img"
OTHER_PAGES = ".preview ol.pages li:not(:first-child) img"


def drawn_pages(instance, page, document_links) -> list[list[str]]:
    """The page images the server has drawn so far, per document (found by the SHA-256 of its DOCX)."""
    drawn = []
    for link in document_links:
        folder = instance / "web-previews" / hashlib.sha256(page.request.get(link).body()).hexdigest()
        drawn.append(sorted(p.name for p in folder.glob("page-*.png")))
    return drawn


def test_page_one_shows_while_the_other_pages_are_still_being_drawn(page, server_instance):
    held = []
    page.route(LATER_PAGES, lambda route: held.append(route))  # pages 2 on wait until the test lets them go
    page.goto(FORM)
    # New words, so these documents have no preview made before.
    achievement = page.locator('[name="/last_month/achievements/0"]')
    achievement.fill(f"{achievement.input_value()} ({uuid.uuid4().hex[:8]})")
    page.get_by_role("button", name="Kiểm tra và tạo văn bản").click()
    page.wait_for_url("**/results/*")

    first_pages = page.locator(FIRST_PAGES)
    expect(first_pages).to_have_count(2, timeout=120_000)  # the minutes and the resolution
    page.wait_for_function(f"() => [...document.querySelectorAll('{FIRST_PAGES}')].every({SHOWN})", timeout=60_000)
    expect(first_pages.first).to_be_visible()
    expect(first_pages.first).to_have_attribute("alt", re.compile("^Trang 1 của biên bản"))
    assert page.locator(OTHER_PAGES).count() >= 3 and held
    assert not page.evaluate(f"() => [...document.querySelectorAll('{OTHER_PAGES}')].some({SHOWN})")
    docx_links = [link.get_attribute("href") for link in page.get_by_role("link", name=re.compile("^Tải bản Word")).all()]
    # Drawn on the server only when asked for: page 1 of each, nothing more yet.
    assert drawn_pages(server_instance, page, docx_links) == [["page-1.png"], ["page-1.png"]]

    for route in held:
        route.continue_()
    page.unroute(LATER_PAGES)
    page.wait_for_function(f"() => [...document.querySelectorAll('.preview img')].every({SHOWN})", timeout=60_000)
    counts = [len(pages) for pages in drawn_pages(server_instance, page, docx_links)]
    assert counts == [page.locator(".preview").nth(n).locator("img").count() for n in range(2)]
