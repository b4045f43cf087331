"""`python -m benchmarks preview`: from pressing "Kiểm tra và tạo văn bản" to the printed pages on screen.

    python -m benchmarks preview [--runs 7] [--prod]

Starts the real server (`python -m service serve`, or `serve --prod` with
gunicorn) on a free loopback port with a throwaway instance folder, and drives
Debian's Chromium with Playwright through the monthly meeting form filled with
its sample (minutes and resolution). Each run changes the first achievement of
the month, so that every run makes two new documents and no preview comes from a cache. From
the click it times two moments: the first page image of a document shown,
and every page of both documents shown. The first run, right after the server
answers, is the cold one; the others are warm. Also printed: how long the
server took to answer, the load average (the machine is shared), and the
memory (PSS) of the server with everything it started. Figures are printed,
never asserted.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.chromium import CHROMIUM, MISSING, launch
from benchmarks.slow_clients import running_server

FORM = "/forms/bien-ban-thuong-ky?sample=1"
SUBMIT = "Kiểm tra và tạo văn bản"
# Printed in both the minutes and the resolution.
ACHIEVEMENT = '[name="/last_month/achievements/0"]'
# The targets of issue 19, warm, on 2 cores.
FIRST_PAGE_TARGET, ALL_PAGES_TARGET = 1.5, 3.0
WAIT_MS = 180_000

# A page image counts once it is decoded and laid out with a size (Playwright's "visible").
_SHOWN = "(i => i.complete && i.naturalWidth > 0 && i.getBoundingClientRect().height > 0)"
FIRST_PAGE_SHOWN = f"""() => location.pathname.startsWith('/results/')
    && [...document.querySelectorAll('.preview img')].some({_SHOWN})"""
# Every document's preview has arrived (its list of pages, or a notice that it failed) and every image is shown.
ALL_PAGES_SHOWN = f"""() => {{
    if (!location.pathname.startsWith('/results/')) return false;
    const boxes = [...document.querySelectorAll('.preview')];
    const arrived = boxes.length > 0 && boxes.every(b => b.querySelector('ol.pages, .banner'));
    const images = [...document.querySelectorAll('.preview img')];
    return arrived && images.every({_SHOWN}) ? images.length : false;
}}"""
FAILED = "() => [...document.querySelectorAll('.preview .banner')].map(b => b.textContent.trim())"


def one_run(browser, base_url: str, number: int) -> tuple[float, float, int]:
    """Seconds from the click to the first page shown and to every page shown, and how many pages."""
    context = browser.new_context(base_url=base_url, locale="vi-VN", viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.goto(FORM)
        achievement = page.locator(ACHIEVEMENT)
        achievement.fill(f"{achievement.input_value()} (lần đo {number})")
        start = time.perf_counter()
        page.get_by_role("button", name=SUBMIT).click()
        page.wait_for_function(FIRST_PAGE_SHOWN, polling="raf", timeout=WAIT_MS)
        first = time.perf_counter() - start
        pages = page.wait_for_function(ALL_PAGES_SHOWN, polling="raf", timeout=WAIT_MS).json_value()
        every = time.perf_counter() - start
        failed = page.evaluate(FAILED)
        if failed:
            raise RuntimeError(f"run {number}: the preview failed: {failed}")
        return first, every, pages
    finally:
        context.close()


def tree_pss_mib(root: int) -> dict[str, tuple[float, int]]:
    """Proportional memory (MiB) of a process and all its descendants, with how many, by program name."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    by_name: dict[str, tuple[float, int]] = {}
    todo = [root]
    while todo:
        pid = todo.pop()
        todo.extend(children.get(pid, []))
        try:
            name = Path(f"/proc/{pid}/comm").read_text().strip()
            rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
        except OSError:
            continue
        mib = int(re.search(r"^Pss:\s+(\d+) kB", rollup, re.M).group(1)) / 1024
        total, count = by_name.get(name, (0.0, 0))
        by_name[name] = (total + mib, count + 1)
    return by_name


def _spread(values: list[float]) -> str:
    return f"median {statistics.median(values):.2f} s, min {min(values):.2f}, max {max(values):.2f}" + (
        f", stdev {statistics.stdev(values):.2f}" if len(values) > 1 else ""
    )


def _verdict(value: float, target: float) -> str:
    return f"{'meets' if value <= target else 'MISSES'} the ≤ {target:g} s target"


def report(
    server_seconds: float,
    cold: tuple[float, float, int],
    warm: list[tuple[float, float, int]],
    memory: dict[str, tuple[float, int]],
    loads: tuple[tuple[float, ...], tuple[float, ...]],
    prod: bool,
) -> str:
    firsts, everys = [w[0] for w in warm], [w[1] for w in warm]
    lines = [
        f"Preview benchmark: `python -m service serve{' --prod' if prod else ''}`, Chromium {CHROMIUM}, "
        f"{os.cpu_count()} CPUs, load average {loads[0][0]:.2f} before, {loads[1][0]:.2f} after",
        f"server answered /healthz {server_seconds:.2f} s after it was started",
        f"cold (first submission after the start): first page {cold[0]:.2f} s, all {cold[2]} pages {cold[1]:.2f} s",
        f"warm, {len(warm)} runs: first page {_spread(firsts)}",
        f"warm, {len(warm)} runs: all {warm[0][2]} pages {_spread(everys)}",
        "  each warm run (first / all): " + ", ".join(f"{f:.2f}/{a:.2f}" for f, a, _ in warm),
        f"memory after the runs (PSS, the server and all it started): {sum(m for m, _ in memory.values()):.0f} MiB; "
        + ", ".join(f"{name} {mib:.0f} MiB in {count}" for name, (mib, count) in sorted(memory.items())),
        f"target: first page {_verdict(statistics.median(firsts), FIRST_PAGE_TARGET)}; "
        f"all pages {_verdict(statistics.median(everys), ALL_PAGES_TARGET)} (warm medians)",
    ]
    return "\n".join(lines)


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks preview", description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7, help="warm runs after the cold one (default 7)")
    parser.add_argument("--prod", action="store_true", help="serve with gunicorn (`serve --prod`)")
    args = parser.parse_args(argv)
    if not 1 <= args.runs <= 50:
        parser.error("between 1 and 50 warm runs")
    if not CHROMIUM.exists():
        sys.exit(f"benchmark: {MISSING}")
    from playwright.sync_api import sync_playwright

    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="preview-benchmark-") as folder, sync_playwright() as playwright:
        browser = launch(playwright)
        started = time.perf_counter()
        # gunicorn asks for a login on every page; this throwaway server on a loopback port needs none.
        env = {"PARTYDOCS_LOGIN_REQUIRED": "false"}
        with running_server(env, Path(folder), *(["--prod"] if args.prod else [])) as (port, server):
            server_seconds = time.perf_counter() - started
            base_url = f"http://127.0.0.1:{port}"
            cold = one_run(browser, base_url, 0)
            warm = [one_run(browser, base_url, number) for number in range(1, args.runs + 1)]
            memory = tree_pss_mib(server.pid)
        browser.close()
    print(report(server_seconds, cold, warm, memory, (load_before, os.getloadavg()), args.prod))
