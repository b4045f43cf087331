"""Browser tests: the real service (`python -m service serve`) driven by Debian's headless Chromium.

The service runs in a subprocess against a temporary instance folder and
database; Playwright drives /usr/bin/chromium (never a downloaded browser).
Without that binary the tests are skipped, saying how to install it.
"""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from benchmarks.chromium import CHROMIUM, MISSING, launch
from benchmarks.slow_clients import free_port, wait_until_up
from tests.conftest import ROOT


@pytest.fixture(scope="session", autouse=True)
def _needs_chromium():
    if not CHROMIUM.exists():
        pytest.skip(f"browser tests need it: {MISSING}")


@pytest.fixture(scope="session")
def server_url(tmp_path_factory):
    instance = tmp_path_factory.mktemp("instance")
    port = free_port()
    env = {**os.environ, "PARTYDOCS_INSTANCE_DIR": str(instance),
           "PARTYDOCS_DATABASE_URL": f"sqlite:///{instance / 'e2e.sqlite3'}",
           "PARTYDOCS_STORAGE_DIR": str(instance / "storage"), "PARTYDOCS_BATCH_DIR": str(instance / "batches")}
    log = open(instance / "server.log", "wb")
    process = subprocess.Popen([sys.executable, "-m", "service", "serve", "--port", str(port)], cwd=ROOT, env=env,
                               stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(port, process)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        browser = launch(playwright)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, server_url):
    context = browser.new_context(base_url=server_url, locale="vi-VN", viewport={"width": 1280, "height": 900},
                                  accept_downloads=True)
    context.set_default_timeout(20_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def phone(browser, server_url):
    context = browser.new_context(base_url=server_url, locale="vi-VN", viewport={"width": 375, "height": 740},
                                  is_mobile=True, has_touch=True)
    context.set_default_timeout(20_000)
    page = context.new_page()
    yield page
    context.close()
