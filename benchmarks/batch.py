"""The year-end batch end to end — a generated roster (XLSX) → the ZIP with manifests and books — on the local
runner, next to plain docxtpl rendering the same documents, in one run.

    python -m benchmarks batch [--members 10000] [--workers N] [--quick]

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
from service.batch.roster import BatchOptions, from_file, from_table
from service.batch.runners.local import LocalRunner
from service.batch.settings import BatchSettings
from service.store.db import Database

from .rosters import roster_table, write_xlsx

PROJECT_ROOT = Path(__file__).resolve().parent.parent
YEAR = 2026
TARGET_RATIO, TARGET_MEMORY_GROWTH = 25.0, 1.2
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
        settings = BatchSettings("local", workers, "", "", Path(folder) / "batches", url, 500, 600, 1_000_000,
                                 1 << 30)
        # Made before the roster is read, as the CLI and the service make theirs: its worker server starts
        # while the roster is read and checked.
        runner = LocalRunner(settings, database)
        sampler = _TreeSampler()
        sampler.start()
        started = time.perf_counter()
        options = BatchOptions(year=YEAR)
        rows = from_file(Path(roster), options, settings.max_rows)
        validated = time.perf_counter()
        job_id = plan(database, rows, options, runner="local", source="benchmark", chunk_documents=500)
        rows.close()
        planned = time.perf_counter()
        runner.run(job_id)
        finished = time.perf_counter()
        sampler.stop()
        job = jobs.describe(database, job_id)
        with database.read() as session:
            reviews = session.query(BatchItem).filter_by(job_id=job_id, kind="ban-kiem-diem-ca-nhan").count()
        print(json.dumps({"status": job["status"], "documents": job["done"], "failed": job["failed"],
                          "self_reviews": reviews, "zip_bytes": job["output_size"],
                          "validate_s": validated - started, "plan_s": planned - validated,
                          "run_s": finished - planned, "wall_s": finished - started,
                          "cpu_s": sampler.cpu_seconds, "peak_process_kib": sampler.peak_process_kib,
                          "peak_tree_kib": sampler.peak_tree_kib}))


class _TreeSampler(threading.Thread):
    """This process and its descendants every SAMPLE_SECONDS: the most any one held in memory (its own
    high-water mark), the most all held together, and the CPU time each used (workers end with their pool,
    so their last sample counts). One pass over /proc per sample, so that measuring costs next to nothing."""

    def __init__(self):
        super().__init__(daemon=True)
        self._stop_event = threading.Event()
        self._cpu: dict[int, float] = {}
        self.peak_process_kib = self.peak_tree_kib = 0

    def run(self) -> None:
        while not self._stop_event.is_set():
            self._sample()
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


def end_to_end(members: int, workers: int, folder: Path) -> dict:
    roster = write_xlsx(roster_table(members), folder / f"roster-{members}.xlsx")
    command = [sys.executable, "-m", "benchmarks", "batch-run", str(roster), str(workers)]
    result = subprocess.run(command, cwd=PROJECT_ROOT, check=True, capture_output=True, text=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


# Plain docxtpl on the same documents ---------------------------------------------------------------------

@dataclass(frozen=True)
class Baseline:
    documents: int
    cpu_per_second: float
    wall_per_second: float


def docxtpl_baseline(members: int) -> Baseline:
    """The documents of the roster's first cells, each rendered by a new DocxTemplate (autoescape on)."""
    table = roster_table(members)
    cells = list(dict.fromkeys((row[1], row[2]) for row in table[1:]))[:BASELINE_CELLS]
    kept = [table[0]] + [row for row in table[1:] if (row[1], row[2]) in cells]
    with tempfile.TemporaryDirectory(prefix="batch-baseline-") as folder:
        database = Database(f"sqlite:///{folder}/baseline.sqlite3")
        database.upgrade()
        options = BatchOptions(year=YEAR)
        job_id = plan(database, from_table(kept, options, 10_000), options, runner="local", source="baseline",
                      chunk_documents=500)
        with database.read() as session:
            inputs = [(item.kind, item.input) for item in session.query(BatchItem).filter_by(job_id=job_id)
                      if item.kind not in (BOOK, SUMMARY_XLSX)]
        database.dispose()
    prepared = [pipeline.prepare(kind, data) for kind, data in inputs]
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

def report(run: dict, baseline: Baseline, memory: dict[int, dict], workers: int, members: int) -> str:
    wall_rate = run["documents"] / run["wall_s"]
    cpu_rate = run["documents"] / run["cpu_s"] * workers
    low, high = (memory[n] for n in sorted(memory))
    process_growth = high["peak_process_kib"] / low["peak_process_kib"]
    tree_growth = high["peak_tree_kib"] / low["peak_tree_kib"]
    load = os.getloadavg()
    lines = [
        f"Batch benchmark: docxtpl {docxtpl.__version__}, Python {platform.python_version()}, {os.cpu_count()} CPUs, "
        f"local runner with {workers} worker processes; load average at the end {load[0]:.2f} / {load[1]:.2f} / "
        f"{load[2]:.2f}",
        "",
        f"end to end, {members:,} members (XLSX) → ZIP: {run['documents']:,} documents ({run['self_reviews']:,} "
        f"self-reviews, the cells' reports, minutes, voting slips and books), {run['failed']} failed, "
        f"ZIP {run['zip_bytes'] / 2**20:.1f} MiB",
        f"  wall {run['wall_s']:.2f} s (read and check {run['validate_s']:.2f} s, plan {run['plan_s']:.2f} s, "
        f"render, books and ZIP {run['run_s']:.2f} s); CPU of all processes {run['cpu_s']:.2f} s",
        f"  {wall_rate:,.0f} documents/s on the wall clock, {run['self_reviews'] / run['wall_s']:,.0f} "
        f"self-reviews/s; {cpu_rate:,.0f} documents/s on {workers} cores of CPU time",
        f"plain docxtpl, the same kinds of documents ({baseline.documents} of the first {BASELINE_CELLS} cells, one "
        f"DocxTemplate each): {baseline.cpu_per_second:.1f} documents/s on one core's CPU time, "
        f"{baseline.wall_per_second:.1f} on the wall clock",
        "",
        f"memory (fresh process each, peak): {low['documents']:,} documents: largest process "
        f"{low['peak_process_kib'] / 1024:.0f} MiB, process tree {low['peak_tree_kib'] / 1024:.0f} MiB; "
        f"{high['documents']:,} documents: {high['peak_process_kib'] / 1024:.0f} MiB, "
        f"{high['peak_tree_kib'] / 1024:.0f} MiB",
        "",
        "targets:",
        _target(f"end to end (wall) {wall_rate / baseline.cpu_per_second:.1f}× docxtpl's rate",
                wall_rate / baseline.cpu_per_second >= TARGET_RATIO, f"≥ {TARGET_RATIO:.0f}×"),
        _target(f"end to end (wall ÷ wall) {wall_rate / baseline.wall_per_second:.1f}× docxtpl's rate",
                wall_rate / baseline.wall_per_second >= TARGET_RATIO, f"≥ {TARGET_RATIO:.0f}×"),
        _target(f"end to end (CPU, {workers} cores) {cpu_rate / baseline.cpu_per_second:.1f}× docxtpl's rate",
                cpu_rate / baseline.cpu_per_second >= TARGET_RATIO, f"≥ {TARGET_RATIO:.0f}×"),
        _target(f"peak memory of the largest process {process_growth:.3f}× from {low['documents']:,} to "
                f"{high['documents']:,} documents", process_growth <= TARGET_MEMORY_GROWTH,
                f"≤ {TARGET_MEMORY_GROWTH}×"),
        _target(f"peak memory of the process tree {tree_growth:.3f}×", tree_growth <= TARGET_MEMORY_GROWTH,
                f"≤ {TARGET_MEMORY_GROWTH}×"),
    ]
    return "\n".join(lines)


def _target(figure: str, met: bool, target: str) -> str:
    return f"  {figure:<72} target {target:<7} {'met' if met else 'NOT MET'}"


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks batch", description=__doc__.split("\n")[0])
    parser.add_argument("--members", type=int, help="members in the end-to-end roster (default 10,000)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="worker processes")
    parser.add_argument("--quick", action="store_true", help="2,000 members, memory at 500 and 2,000 (~30 s)")
    args = parser.parse_args(argv)
    settings = QUICK if args.quick else FULL
    members = args.members or settings.members
    with tempfile.TemporaryDirectory(prefix="batch-rosters-") as folder:
        baseline = docxtpl_baseline(members)
        run = end_to_end(members, args.workers, Path(folder))
        memory = {}
        for count in settings.memory_members:
            measured = end_to_end(count, args.workers, Path(folder))
            memory[count] = {**measured, "documents": measured["documents"]}
    print(report(run, baseline, memory, args.workers, members))
