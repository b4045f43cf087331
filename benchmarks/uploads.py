"""`python -m benchmarks uploads`: every upload route of a real server fed the hostile files of issue 14 —
bzip2 bombs in a DOCX and an XLSX, a CSV roster of wrong rows, a workbook with millions of unused shared
strings — with, for each, the answer, the seconds it took, how much the serving process grew (VmHWM, its
peak resident set, over what it reached serving ordinary files on the same routes) and the slowest /healthz
answer meanwhile. The goal: under 200 MB and 5 s each, /healthz answering throughout.

tests/safety/test_upload_routes.py runs the same cases with bounds that hold on a machine at load 10.
"""

from __future__ import annotations

import argparse
import functools
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from benchmarks import hostile
from benchmarks.rosters import roster_table, write_csv
from benchmarks.served import Answer, Served
from service import pipeline

MIB = 1024 * 1024
KIND = hostile.TEMPLATE[0]
# What the batch routes need beside the file.
YEAR = {"year": "2026"}
WEB_YEAR = {"/year": "2026", "source": "file"}


@dataclass(frozen=True)
class Route:
    name: str
    path: str  # "{org}" stands for the server's chi bộ
    field: str = "file"
    fields: tuple[tuple[str, str], ...] = ()
    web: bool = False

    def send(self, served: Served, filename: str, data: bytes) -> Answer:
        return served.upload(
            self.path.format(org=served.organization_id), filename, data, dict(self.fields), field=self.field, web=self.web
        )


CHECK = Route("POST /api/v1/check", "/api/v1/check")
CONVERT = Route("POST /api/v1/convert", "/api/v1/convert")
LINT = Route("POST /api/v1/…/templates/{kind}/lint", f"/api/v1/organizations/{{org}}/templates/{KIND}/lint")
TEMPLATE = Route("POST /api/v1/…/templates/{kind}", f"/api/v1/organizations/{{org}}/templates/{KIND}")
BATCH = Route("POST /api/v1/batches", "/api/v1/batches", fields=tuple(YEAR.items()))
WEB_TEMPLATE = Route("web: Mẫu riêng (upload)", f"/templates/{KIND}", web=True)
WEB_ROSTER = Route("web: Đảng viên (import)", "/organization/members/import", field="roster", web=True)
WEB_BATCH = Route("web: Kiểm điểm cuối năm", "/batches", fields=tuple(WEB_YEAR.items()), web=True)


@dataclass(frozen=True)
class Case:
    route: Route
    file: str  # the hostile file's name in FILES
    filename: str
    status: int
    code: str | None  # the problem's code (API routes)


@functools.cache
def files() -> dict[str, bytes]:
    """The hostile files, built once per process (a second or two)."""
    return {
        "bzip2 DOCX, 1 GiB": hostile.bzip2_docx(),
        "bzip2 XLSX, 1 GiB": hostile.bzip2_xlsx(),
        "CSV, 600,000 wrong rows (48 MB)": hostile.error_csv(600_000),
        "CSV, 20,000 wrong rows (1.6 MB)": hostile.error_csv(20_000),
        "XLSX, 30 million unused shared strings": hostile.unused_strings_xlsx(30_000_000),
    }


CASES = [
    *(
        Case(route, "bzip2 DOCX, 1 GiB", "mau.docx", 422, "unsupported_compression")
        for route in (CHECK, CONVERT, LINT, TEMPLATE)
    ),
    Case(WEB_TEMPLATE, "bzip2 DOCX, 1 GiB", "mau.docx", 422, None),
    Case(BATCH, "bzip2 XLSX, 1 GiB", "danh-sach.xlsx", 422, "unsupported_compression"),
    Case(WEB_ROSTER, "bzip2 XLSX, 1 GiB", "danh-sach.xlsx", 422, None),
    Case(WEB_BATCH, "bzip2 XLSX, 1 GiB", "danh-sach.xlsx", 422, None),
    Case(BATCH, "CSV, 600,000 wrong rows (48 MB)", "danh-sach.csv", 422, "roster_invalid"),
    Case(WEB_ROSTER, "CSV, 20,000 wrong rows (1.6 MB)", "danh-sach.csv", 422, None),
    Case(BATCH, "XLSX, 30 million unused shared strings", "danh-sach.xlsx", 422, "roster_invalid"),
]


def warm_up(served: Served) -> None:
    """Ordinary files on every route, so that what the hostile ones cost is measured over a server that has
    already served (imported its modules, started its pools)."""
    template = pipeline.template_bytes(*hostile.TEMPLATE)
    with tempfile.TemporaryDirectory() as folder:
        roster = write_csv(roster_table(3), Path(folder) / "r.csv").read_bytes()
    for route, filename, data in (
        (CHECK, "a.docx", template),
        (CONVERT, "a.docx", template),
        (LINT, "a.docx", template),
        (WEB_TEMPLATE, "a.docx", template),
        (BATCH, "r.csv", roster),
        (WEB_BATCH, "r.csv", roster),
        (WEB_ROSTER, "r.csv", hostile.error_csv(10)),
    ):
        answer = route.send(served, filename, data)
        if answer.status >= 500:
            raise RuntimeError(f"{route.name}: {answer.status} on an ordinary file")


@dataclass(frozen=True)
class Measured:
    answer: Answer
    grown: int  # bytes of peak resident set over the baseline
    slowest_health: float  # seconds, the slowest /healthz answer while the request ran (inf: none came)


def measure(served: Served, case: Case, baseline: int) -> Measured:
    """Send the case's file while /healthz is asked every quarter second on another connection."""
    done, slowest = threading.Event(), [0.0]

    def probe() -> None:
        while not done.is_set():
            try:
                answer = served.get("/healthz", timeout=60)
                seconds = answer.seconds if answer.status == 200 else float("inf")
            except OSError:
                seconds = float("inf")  # no answer at all
            slowest[0] = max(slowest[0], seconds)
            done.wait(0.25)

    prober = threading.Thread(target=probe)
    prober.start()
    try:
        answer = case.route.send(served, case.filename, files()[case.file])
    finally:
        done.set()
        prober.join()
    return Measured(answer, served.memory() - baseline, slowest[0])


def main(argv: list[str]) -> None:
    argparse.ArgumentParser(prog="python -m benchmarks uploads", description=__doc__).parse_args(argv)
    files()
    with tempfile.TemporaryDirectory(prefix="uploads-") as folder, Served(Path(folder)) as served:
        warm_up(served)
        baseline = served.memory()
        print(f"serving process after ordinary uploads: {baseline / MIB:.0f} MB peak resident")
        print(f"{'route':42} {'file':40} {'answer':>6} {'seconds':>8} {'+MB':>6} {'healthz s':>9}")
        for case in CASES:
            started = time.monotonic()
            measured = measure(served, case, baseline)
            print(
                f"{case.route.name:42} {case.file:40} {measured.answer.status:>6} "
                f"{time.monotonic() - started:>8.2f} {measured.grown / MIB:>6.0f} {measured.slowest_health:>9.2f}"
            )
