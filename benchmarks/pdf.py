"""PDFs per second through the LibreOffice converter pool, on two cores.

    python -m benchmarks pdf [--documents 40] [--rounds 3]

Renders the sample monthly meeting's minutes and resolution (half the
documents each), then converts them all in one call through a pool of two
converters (LibreOffice kept running when python3-uno is there, else started
per batch), with this process pinned to two CPUs (LibreOffice inherits the
pinning). The first call also creates the converters' profiles; the rounds
after it are the steady state. Single-document latency is what one web request
waits. Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from service import pipeline
from service.render.pdf import ConversionFailed, PdfPool
from service.render.soffice import find_soffice

PROJECT_ROOT = Path(__file__).resolve().parent.parent
KINDS = ("bien-ban-thuong-ky", "nghi-quyet-thang")
CONVERTERS = 2
TARGET_PER_SECOND = 4.0
SINGLE_DOCUMENT_RUNS = 5


def sample_documents(count: int) -> list[bytes]:
    meeting = json.loads((PROJECT_ROOT / "samples" / "monthly-meeting.json").read_text(encoding="utf-8"))
    rendered = [pipeline.produce(kind, meeting).content for kind in KINDS]
    return [rendered[n % len(rendered)] for n in range(count)]


def convert_all(pool: PdfPool, documents: list[bytes]) -> tuple[float, int]:
    """Seconds to convert every document in one call, and how many failed."""
    start = time.perf_counter()
    failed = 0
    for future in pool.submit(documents):
        try:
            future.result()
        except ConversionFailed:
            failed += 1
    return time.perf_counter() - start, failed


def _pin_to_two_cores() -> str:
    if not hasattr(os, "sched_setaffinity"):
        return "not pinned"
    cores = sorted(os.sched_getaffinity(0))[:CONVERTERS]
    os.sched_setaffinity(0, set(cores))
    return f"pinned to CPUs {', '.join(map(str, cores))}"


def _libreoffice_version(soffice: str) -> str:
    result = subprocess.run([soffice, "--version"], capture_output=True, text=True, timeout=60)
    return result.stdout.strip() or "unknown version"


def require_soffice() -> str:
    """The LibreOffice executable, or exit with how to install it."""
    soffice = find_soffice()
    if soffice is None:
        sys.exit("benchmark: LibreOffice (soffice) is not on PATH; apt-get install libreoffice-writer-nogui")
    return soffice


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks pdf", description=__doc__.split("\n")[0])
    parser.add_argument("--documents", type=int, default=40, help="documents per call (default 40)")
    parser.add_argument("--rounds", type=int, default=3, help="warm calls to measure (default 3)")
    args = parser.parse_args(argv)
    soffice = require_soffice()
    pinning = _pin_to_two_cores()
    documents = sample_documents(args.documents)
    pool = PdfPool(soffice, converters=CONVERTERS, queue_size=args.documents)
    try:
        cold = convert_all(pool, documents)
        warm = [convert_all(pool, documents) for _ in range(args.rounds)]
        single = [convert_all(pool, documents[:1])[0] for _ in range(SINGLE_DOCUMENT_RUNS)]
    finally:
        pool.stop()
    print(report(args.documents, cold, warm, single, pinning, _libreoffice_version(soffice)))


def report(
    count: int, cold: tuple[float, int], warm: list[tuple[float, int]], single: list[float], pinning: str, version: str
) -> str:
    rates = [count / seconds for seconds, _ in warm]
    median = statistics.median(rates)
    failed = cold[1] + sum(f for _, f in warm)
    verdict = "met" if median >= TARGET_PER_SECOND and not failed else "NOT met"
    return "\n".join(
        [
            f"PDF benchmark: {version}; {CONVERTERS} converters, {pinning}; {count} documents per call "
            f"(minutes and resolution of samples/monthly-meeting.json)",
            f"first call (profiles created): {cold[0]:.2f} s, {count / cold[0]:.1f} PDFs/s",
            "warm calls: " + ", ".join(f"{seconds:.2f} s ({count / seconds:.1f} PDFs/s)" for seconds, _ in warm),
            f"single document: median {statistics.median(single) * 1000:.0f} ms over {len(single)} calls",
            f"failed conversions: {failed}",
            f"target ≥ {TARGET_PER_SECOND:.0f} PDFs/s on 2 cores: median {median:.1f} PDFs/s — {verdict}",
        ]
    )
