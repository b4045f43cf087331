"""Browser tests: the real service (`python -m service serve`) driven by Debian's headless Chromium.

The service runs in a subprocess against a temporary instance folder and
database; Playwright drives /usr/bin/chromium (never a downloaded browser).
Without that binary the tests are skipped, saying how to install it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.chromium import CHROMIUM, MISSING, launch
from benchmarks.slow_clients import running_server


@pytest.fixture(scope="session", autouse=True)
def _needs_chromium():
    if not CHROMIUM.exists():
        pytest.skip(f"browser tests need it: {MISSING}")


@pytest.fixture(scope="session")
def server_instance(tmp_path_factory) -> Path:
    """The served instance folder: database, storage, results and cached previews."""
    return tmp_path_factory.mktemp("instance")


@pytest.fixture(scope="session")
def server_url(server_instance):
    with running_server({}, server_instance) as (port, _):
        yield f"http://127.0.0.1:{port}"


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch(playwright)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, server_url):
    context = browser.new_context(
        base_url=server_url, locale="vi-VN", viewport={"width": 1280, "height": 900}, accept_downloads=True
    )
    context.set_default_timeout(20_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def phone(browser, server_url):
    context = browser.new_context(
        base_url=server_url, locale="vi-VN", viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True
    )
    context.set_default_timeout(20_000)
    page = context.new_page()
    yield page
    context.close()
