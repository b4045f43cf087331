"""The year-end batch end to end — a generated roster (XLSX) and a district-shaped one → the ZIP with manifests,
books and summaries — on the local runner, next to plain docxtpl rendering the same documents, in one run.

    python -m benchmarks batch [--members 10000] [--workers N] [--runs N] [--quick]

Each run prints its stages: reading the roster, its check report, planning, rendering (with the books), packaging.

End to end counts everything a user waits for: reading and checking the roster, planning, rendering every
document in the worker pool (BATCH_WORKERS = --workers, default one per core), merging the books, and
writing the ZIP. It runs in a fresh process; its documents per second are counted on the wall clock, and on
the CPU time of all its processes (what the run would take with the cores to itself). Plain docxtpl renders
the documents of the first cells (the same mix: self-reviews, reports, minutes, voting slips) one
DocxTemplate per document, timed on the CPU of its thread and on the wall clock. Peak memory is measured in
fresh processes for about 2,000 and 20,000 documents: the largest process and the whole process tree.
Targets are printed next to the figures; nothing here fails on a number.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import docxtpl
from docxtpl import DocxTemplate

from service import pipeline
from service.batch.plan import BOOK, SUMMARY_XLSX, plan
from service.batch.progress import jobs
from service.batch.progress.models import BatchItem
from service.batch.examine import examine
from service.batch.roster import BatchOptions, from_file, from_table
from service.batch.runners.local import LocalRunner
from service.batch.settings import BatchSettings
from service.store.db import Database

from .rosters import district_table, roster_table, write_xlsx

PROJECT_ROOT = Path(__file__).resolve().parent.parent
YEAR = 2026
TARGET_RATIO, TARGET_MEMORY_GROWTH, TARGET_CHECK_S = 25.0, 1.2, 1.0
# Members giving about 2,000 and 20,000 documents (a member's self-review, and four documents per cell).
MEMORY_MEMBERS = (1_700, 17_000)
BASELINE_CELLS = 3
SAMPLE_SECONDS = 0.2


@dataclass(frozen=True)
class Settings:
    members: int
    memory_members: tuple[int, int]


FULL = Settings(10_000, MEMORY_MEMBERS)
QUICK = Settings(2_000, (500, 2_000))


# End to end, in a fresh process --------------------------------------------------------------------------


def run_child(roster: str, workers: int) -> None:
    """`python -m benchmarks batch-run ROSTER WORKERS`: one job from the roster file, reported as JSON."""
    with tempfile.TemporaryDirectory(prefix="batch-benchmark-") as folder:
        url = f"sqlite:///{folder}/batch.sqlite3"
        database = Database(url)
        database.upgrade()
        settings = BatchSettings(
            "local", workers, "", "", Path(folder) / "batches", url, 500, 600, 1_000_000, 1 << 30, max_errors=100
        )
        # Made before the roster is read, as the CLI and the service make theirs: its worker server starts
        # while the roster is read and checked.
        runner = LocalRunner(settings, database)
        job_id: list[int] = []
        sampler = _TreeSampler(lambda: jobs.describe(database, job_id[0])["status"] if job_id else None)
        sampler.start()
        started = time.perf_counter()
        options = BatchOptions(year=YEAR)
        rows = from_file(Path(roster), options, settings.max_rows)
        read = time.perf_counter()
        examined = examine(rows, options)
        checked = time.perf_counter()
        job_id.append(
            plan(database, rows, options, runner="local", source="benchmark", chunk_documents=500, examined=examined)
        )
        rows.close()
        planned = time.perf_counter()
        runner.run(job_id[0])
        finished = time.perf_counter()
        sampler.stop()
        job = jobs.describe(database, job_id[0])
        with database.read() as session:
            reviews = session.query(BatchItem).filter_by(job_id=job_id[0], kind="ban-kiem-diem-ca-nhan").count()
        packaging = sampler.packaging_at or finished
        print(
            json.dumps(
                {
                    "status": job["status"],
                    "documents": job["done"],
                    "failed": job["failed"],
                    "members": rows.count,
                    "self_reviews": reviews,
                    "zip_bytes": job["output_size"],
                    "read_s": read - started,
                    "check_s": checked - read,
                    "plan_s": planned - checked,
                    "render_s": packaging - planned,
                    "package_s": finished - packaging,
                    "wall_s": finished - started,
                    "cpu_s": sampler.cpu_seconds,
                    "peak_process_kib": sampler.peak_process_kib,
                    "peak_tree_kib": sampler.peak_tree_kib,
                }
            )
        )


class _TreeSampler(threading.Thread):
    """This process and its descendants every SAMPLE_SECONDS: the most any one held in memory (its own
    high-water mark), the most all held together, and the CPU time each used (workers end with their pool,
    so their last sample counts). One pass over /proc per sample, so that measuring costs next to nothing."""

    def __init__(self, status=lambda: None):
        super().__init__(daemon=True)
        self._stop_event = threading.Event()
        self._cpu: dict[int, float] = {}
        self._status = status
        self.peak_process_kib = self.peak_tree_kib = 0
        self.packaging_at: float | None = None  # when the job was first seen packaging: rendering is over

    def run(self) -> None:
        while not self._stop_event.is_set():
            self._sample()
            if self.packaging_at is None and self._status() in ("packaging", "done"):
                self.packaging_at = time.perf_counter()
            self._stop_event.wait(SAMPLE_SECONDS)

    def stop(self) -> None:
        self._stop_event.set()
        self.join()
        self._sample()

    def _sample(self) -> None:
        tree = 0
        for pid, stat in _tree(os.getpid()).items():
            try:
                status = dict(line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines())
            except OSError:
                continue
            tree += int(status["VmRSS"].split()[0])
            self.peak_process_kib = max(self.peak_process_kib, int(status["VmHWM"].split()[0]))
            self._cpu[pid] = (int(stat[11]) + int(stat[12])) / os.sysconf("SC_CLK_TCK")
        self.peak_tree_kib = max(self.peak_tree_kib, tree)

    @property
    def cpu_seconds(self) -> float:
        return sum(self._cpu.values())


def _tree(root: int) -> dict[int, list[str]]:
    """The fields of /proc/PID/stat (after the command name) of `root` and every process below it."""
    stats, parents = {}, {}
    for path in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = path.read_text().rpartition(")")[2].split()
        except OSError:
            continue
        pid = int(path.parent.name)
        stats[pid], parents[pid] = fields, int(fields[1])
    inside = {root}
    grew = True
    while grew:
        grew = False
        for pid, parent in parents.items():
            if parent in inside and pid not in inside:
                inside.add(pid)
                grew = True
    return {pid: stats[pid] for pid in inside if pid in stats}


def end_to_end(table: list[list], workers: int, folder: Path) -> dict:
    roster = write_xlsx(table, folder / f"roster-{len(table) - 1}.xlsx")
    command = [sys.executable, "-m", "benchmarks", "batch-run", str(roster), str(workers)]
    result = subprocess.run(command, cwd=PROJECT_ROOT, check=True, capture_output=True, text=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


# Plain docxtpl on the same documents ---------------------------------------------------------------------


@dataclass(frozen=True)
class Baseline:
    documents: int
    cpu_per_second: float
    wall_per_second: float


def docxtpl_baseline(table: list[list]) -> Baseline:
    """The documents of the roster's first cells, each rendered by a new DocxTemplate (autoescape on)."""
    cells = list(dict.fromkeys((row[1], row[2]) for row in table[1:]))[:BASELINE_CELLS]
    kept = [table[0]] + [row for row in table[1:] if (row[1], row[2]) in cells]
    with tempfile.TemporaryDirectory(prefix="batch-baseline-") as folder:
        database = Database(f"sqlite:///{folder}/baseline.sqlite3")
        database.upgrade()
        options = BatchOptions(year=YEAR)
        job_id = plan(
            database, from_table(kept, options, 10_000), options, runner="local", source="baseline", chunk_documents=500
        )
        with database.read() as session:
            inputs = [
                (item.kind, item.input)
                for item in session.query(BatchItem).filter_by(job_id=job_id)
                if item.kind not in (BOOK, SUMMARY_XLSX)
            ]
        database.dispose()
    prepared = [pipeline.check(kind, data) for kind, data in inputs]
    cpu = wall = 0.0
    for document in prepared:
        template = pipeline.template_bytes(document.kind.id, document.profile.id)
        wall_start, cpu_start = time.perf_counter(), time.thread_time()
        rendered = DocxTemplate(io.BytesIO(template))
        rendered.render(document.context, autoescape=True)
        rendered.save(io.BytesIO())
        cpu += time.thread_time() - cpu_start
        wall += time.perf_counter() - wall_start
    return Baseline(len(prepared), len(prepared) / cpu, len(prepared) / wall)


# Report ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Measured:
    """One roster's end-to-end runs and plain docxtpl on the same documents."""

    name: str
    runs: list[dict]
    baseline: Baseline

    def rates(self) -> list[float]:
        return sorted(run["documents"] / run["wall_s"] for run in self.runs)

    def ratios(self) -> list[float]:
        return [rate / self.baseline.cpu_per_second for rate in self.rates()]

    @property
    def median(self) -> dict:
        return sorted(self.runs, key=lambda run: run["wall_s"])[len(self.runs) // 2]


def _roster_lines(measured: Measured, workers: int) -> list[str]:
    run, ratios = measured.median, measured.ratios()
    check = run["read_s"] + run["check_s"]
    cpu_rate = run["documents"] / run["cpu_s"] * workers
    return [
        f"{measured.name} (XLSX) → ZIP: {run['documents']:,} documents ({run['self_reviews']:,} self-reviews; the "
        f"cells' reports, slips, minutes and books; the đảng bộ's summaries), {run['failed']} failed, ZIP "
        f"{run['zip_bytes'] / 2**20:.1f} MiB",
        f"  stages (median run): read {run['read_s']:.2f} s, check report {run['check_s']:.2f} s — read and check "
        f"{check * 10_000 / run['members']:.2f} s per 10,000 rows —, plan {run['plan_s']:.2f} s, render and books "
        f"{run['render_s']:.2f} s, package the ZIP {run['package_s']:.2f} s; wall {run['wall_s']:.2f} s, CPU of all "
        f"processes {run['cpu_s']:.2f} s ({cpu_rate:,.0f} documents/s on {workers} cores of CPU time)",
        f"  {len(measured.runs)} run(s): {' / '.join(f'{rate:,.0f}' for rate in measured.rates())} documents/s on "
        f"the wall clock = {' / '.join(f'{ratio:.1f}×' for ratio in ratios)} plain docxtpl's "
        f"{measured.baseline.cpu_per_second:.1f} documents/s on one core ({measured.baseline.documents} documents "
        f"of the first {BASELINE_CELLS} cells, one DocxTemplate each; {measured.baseline.wall_per_second:.1f} on "
        "its wall clock)",
    ]


def _roster_targets(measured: Measured) -> list[str]:
    run, ratios = measured.median, measured.ratios()
    per_10k = (run["read_s"] + run["check_s"]) * 10_000 / run["members"]
    return [
        _target(
            f"{measured.name}: wall {ratios[0]:.1f}× (slowest run), {statistics.median(ratios):.1f}× (median)",
            ratios[0] >= TARGET_RATIO,
            f"≥ {TARGET_RATIO:.0f}×",
        ),
        _target(
            f"{measured.name}: read and check {per_10k:.2f} s per 10,000 rows",
            per_10k <= TARGET_CHECK_S,
            f"≤ {TARGET_CHECK_S:.0f} s",
        ),
    ]


def report(measured: list[Measured], memory: dict[int, dict], workers: int) -> str:
    low, high = (memory[n] for n in sorted(memory))
    process_growth = high["peak_process_kib"] / low["peak_process_kib"]
    tree_growth = high["peak_tree_kib"] / low["peak_tree_kib"]
    load = os.getloadavg()
    lines = [
        f"Batch benchmark: docxtpl {docxtpl.__version__}, Python {platform.python_version()}, {os.cpu_count()} CPUs, "
        f"local runner with {workers} worker processes; load average at the end {load[0]:.2f} / {load[1]:.2f} / "
        f"{load[2]:.2f} (other work on the machine slows the wall clock: compare runs made at a quiet time)",
        "",
    ]
    for item in measured:
        lines += [*_roster_lines(item, workers), ""]
    lines += [
        f"memory (fresh process each, peak): {low['documents']:,} documents: largest process "
        f"{low['peak_process_kib'] / 1024:.0f} MiB, process tree {low['peak_tree_kib'] / 1024:.0f} MiB; "
        f"{high['documents']:,} documents: {high['peak_process_kib'] / 1024:.0f} MiB, "
        f"{high['peak_tree_kib'] / 1024:.0f} MiB",
        "",
        "targets:",
        *(line for item in measured for line in _roster_targets(item)),
        _target(
            f"peak memory of the largest process {process_growth:.3f}× from {low['documents']:,} to "
            f"{high['documents']:,} documents",
            process_growth <= TARGET_MEMORY_GROWTH,
            f"≤ {TARGET_MEMORY_GROWTH}×",
        ),
        _target(
            f"peak memory of the process tree {tree_growth:.3f}×",
            tree_growth <= TARGET_MEMORY_GROWTH,
            f"≤ {TARGET_MEMORY_GROWTH}×",
        ),
    ]
    return "\n".join(lines)


def _target(figure: str, met: bool, target: str) -> str:
    return f"  {figure:<80} target {target:<7} {'met' if met else 'NOT MET'}"


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks batch", description=__doc__.split("\n")[0])
    parser.add_argument("--members", type=int, help="members in the generated roster (default 10,000)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="worker processes")
    parser.add_argument("--runs", type=int, default=1, help="end-to-end runs of each roster (the spread is printed)")
    parser.add_argument(
        "--quick", action="store_true", help="2,000 members, no district roster, memory at 500 and 2,000 (~30 s)"
    )
    args = parser.parse_args(argv)
    settings = QUICK if args.quick else FULL
    members = args.members or settings.members
    rosters = [(f"generated roster of {members:,} members", roster_table(members))]
    if not args.quick:
        rosters.append(("district roster (60 đảng bộ, 370 chi bộ of 5-45 members)", district_table()))
    with tempfile.TemporaryDirectory(prefix="batch-rosters-") as folder:
        measured = [
            Measured(
                name, [end_to_end(table, args.workers, Path(folder)) for _ in range(args.runs)], docxtpl_baseline(table)
            )
            for name, table in rosters
        ]
        memory = {count: end_to_end(roster_table(count), args.workers, Path(folder)) for count in settings.memory_members}
    print(report(measured, memory, args.workers))
