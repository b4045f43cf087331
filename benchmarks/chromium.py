"""Debian's Chromium as Playwright launches it, for the browser tests and the preview benchmark.

Never a downloaded browser: /usr/bin/chromium from `apt-get install -y chromium`.
"""

from __future__ import annotations

from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--lang=vi",
]
MISSING = "Debian's Chromium is not at /usr/bin/chromium: apt-get install -y chromium"


def launch(playwright):
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
