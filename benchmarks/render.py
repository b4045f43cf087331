"""Plain docxtpl against the rendering engine, on the same templates and records, in one run.

    python -m benchmarks render [--quick]

For each case: documents per second on one core for plain docxtpl (a new
DocxTemplate per document, autoescape on) and for the engine, their ratio,
per-document median and 95th percentile, and the floor the engine cannot go
below: the Jinja render plus deflate of the rendered parts, measured alone.
Times are the CPU time of the rendering thread, so other programs sharing the
machine do not count against either side; the wall-clock ratio is printed
next to it. Peak RSS is measured in a fresh process rendering 1,000 and then
10,000 documents, so nothing measured before can raise it. Targets are
printed next to the figures; nothing here fails on a number.
"""

from __future__ import annotations

import argparse
import copy
import gc
import io
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import docxtpl
from docxtpl import DocxTemplate

from service.render import docxtpl_cleanup, parts
from service.render.engine import get_compiled, render_docx
from service.render.environment import fast_path_environment
from service.render.package import deflate_rendered

from .minutes_template import generated_records, minutes_template

PROJECT_ROOT = Path(__file__).resolve().parent.parent
MAIN_CASE = "bien-ban-thuong-ky.hd05-2026"
SYNTHETIC_CASE = "synthetic-minutes"
RECORDS_PER_CASE = 24
TARGET_RATIO, TARGET_RSS_GROWTH, TARGET_FLOOR_FACTOR = 30.0, 1.2, 2.0


@dataclass(frozen=True)
class Settings:
    docxtpl_docs: int
    engine_docs: int
    rss_checkpoints: tuple[int, int]


FULL = Settings(docxtpl_docs=150, engine_docs=3000, rss_checkpoints=(1_000, 10_000))
QUICK = Settings(docxtpl_docs=30, engine_docs=400, rss_checkpoints=(1_000, 3_000))

Case = tuple[str, bytes, list[dict[str, Any]]]


def load_project_cases(root: Path = PROJECT_ROOT) -> list[Case]:
    """The project's templates (templates_docx/KIND.PROFILE.docx) with their kind's sample and variants.

    Returns [] until the project has templates, samples and the pipeline that
    turns a sample into a template context.
    """
    templates = sorted((root / "templates_docx").glob("*.docx"))
    if not templates or not any((root / "samples").glob("*.json")):
        return []
    try:
        from service.findings import InputInvalid
        from service.kinds import get_kind
        from service.pipeline import check
    except ImportError:
        return []
    cases = []
    for path in templates:
        kind_id, _, profile_id = path.stem.partition(".")
        sample = root / "samples" / get_kind(kind_id).sample
        if not sample.is_file():
            continue
        data = json.loads(sample.read_text(encoding="utf-8"))
        contexts = [check(kind_id, data, profile_id=profile_id).context]
        for variant in meeting_variants(data, RECORDS_PER_CASE - 1):
            try:
                contexts.append(check(kind_id, variant, profile_id=profile_id).context)
            except InputInvalid as exc:
                # The input rules belong to the kinds; a variant they refuse is reported, not rendered.
                print(f"benchmark: {path.stem}: generated variant refused: {exc}", file=sys.stderr)
        cases.append((path.stem, path.read_bytes(), contexts))
    return cases


def meeting_variants(data: dict, count: int, seed: int = 5) -> list[dict]:
    """Copies of a meeting input with 12-30 members and 5-10 speeches, kept consistent for validation."""
    if not isinstance(data.get("attendance"), dict) or not data.get("speeches"):
        return []
    rng = random.Random(seed)
    variants = []
    for index in range(count):
        variant = copy.deepcopy(data)
        members = rng.randint(12, 30)
        absent = [
            {"name": f"Đảng viên vắng {index}-{k}", "excused": True, "reason": "ốm, có đơn xin phép"}
            for k in range(rng.randint(0, 3))
        ]
        present = members - 1 - len(absent)  # one member exempt
        variant["attendance"].update(
            {
                "total": members,
                "official": members - 2,
                "probationary": 2,
                "exempt": 1,
                "transferred_out": 0,
                "present": present,
                "present_official": present - 2,
                "absent": absent,
            }
        )
        variant["attendance"].pop("summoned_official", None)
        _every_vote_unanimous(variant, present - 2)
        speeches = data["speeches"]
        variant["speeches"] = [
            dict(speeches[k % len(speeches)], speaker=f"Đồng chí số {k + 1}") for k in range(rng.randint(5, 10))
        ]
        variants.append(variant)
    return variants


def _every_vote_unanimous(data: Any, official_present: int) -> None:
    """Votes anywhere in the input, set to what the new attendance allows."""
    if isinstance(data, dict):
        if "in_favour" in data:
            # Only the counts the input has: some kinds record no "against" or "other".
            data["in_favour"] = official_present
            data.update({key: 0 for key in ("against", "other") if key in data})
        for value in data.values():
            _every_vote_unanimous(value, official_present)
    elif isinstance(data, list):
        for value in data:
            _every_vote_unanimous(value, official_present)


def all_cases() -> list[Case]:
    synthetic = (SYNTHETIC_CASE, minutes_template(), generated_records(RECORDS_PER_CASE))
    return load_project_cases() + [synthetic]


def docxtpl_renderer(template: bytes) -> Callable[[dict], bytes]:
    def render(context: dict) -> bytes:
        document = DocxTemplate(io.BytesIO(template))
        document.render(context, autoescape=True)
        output = io.BytesIO()
        document.save(output)
        return output.getvalue()

    return render


def engine_renderer(template: bytes, label: str) -> Callable[[dict], bytes]:
    return lambda context: render_docx(template, context, name=label)


def floor_renderer(template: bytes) -> Callable[[dict], int]:
    """Only Jinja and deflate of the parts the engine renders: what no renderer can skip."""
    env = fast_path_environment(None)
    sources = [docxtpl_cleanup.to_jinja_source(docxtpl_cleanup.patch(s.source)) for s in parts.load(template).stories]
    compiled = [env.from_string(source) for source in sources if "{{" in source or "{%" in source]

    def render(context: dict) -> int:
        size = 0
        for jinja in compiled:
            size += len(deflate_rendered(jinja.render(context).encode("utf-8")))
        return size

    return render


@dataclass(frozen=True)
class Timing:
    docs: int
    per_second: float
    median_ms: float
    p95_ms: float
    wall_per_second: float
    collections: int

    @classmethod
    def of(cls, cpu: list[float], wall: list[float], collections: int) -> "Timing":
        ordered = sorted(cpu)
        return cls(
            len(cpu),
            len(cpu) / sum(cpu),
            statistics.median(ordered) * 1000,
            ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))] * 1000,
            len(wall) / sum(wall),
            collections,
        )


def timing(render: Callable[[dict], Any], contexts: list[dict], docs: int) -> Timing:
    """CPU and wall-clock time of rendering `docs` documents, records cycled."""
    render(contexts[0])  # warm-up: first-use work is reported separately
    gc.collect()  # each series starts without the previous one's garbage
    collections = _collections()
    cpu, wall = [], []
    for index in range(docs):
        context = contexts[index % len(contexts)]
        wall_start, cpu_start = time.perf_counter(), time.thread_time()
        render(context)
        cpu.append(time.thread_time() - cpu_start)
        wall.append(time.perf_counter() - wall_start)
    return Timing.of(cpu, wall, _collections() - collections)


def _collections() -> int:
    return sum(generation["collections"] for generation in gc.get_stats())


def measure_case(label: str, template: bytes, contexts: list[dict], settings: Settings) -> dict:
    start = time.perf_counter()
    get_compiled(template, name=label)
    first_use_ms = (time.perf_counter() - start) * 1000
    docxtpl_timing = timing(docxtpl_renderer(template), contexts, settings.docxtpl_docs)
    engine_timing = timing(engine_renderer(template, label), contexts, settings.engine_docs)
    floor_timing = timing(floor_renderer(template), contexts, settings.engine_docs)
    return {
        "label": label,
        "first_use_ms": first_use_ms,
        "docxtpl": docxtpl_timing,
        "engine": engine_timing,
        "floor": floor_timing,
        "ratio": engine_timing.per_second / docxtpl_timing.per_second,
        "wall_ratio": engine_timing.wall_per_second / docxtpl_timing.wall_per_second,
        "floor_factor": engine_timing.median_ms / floor_timing.median_ms,
    }


def memory_kib() -> dict[str, int]:
    """Peak (VmHWM) and current (VmRSS) resident set size of this process, in KiB."""
    status = Path("/proc/self/status").read_text()
    fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
    return {key: int(fields[key].split()[0]) for key in ("VmHWM", "VmRSS")}


def rss_child(label: str, checkpoints: tuple[int, int]) -> None:
    """Runs in a fresh process: render documents and report memory at the checkpoints."""
    _pin_to_one_core()
    _, template, contexts = next(case for case in all_cases() if case[0] == label)
    report, rendered = {}, 0
    for checkpoint in checkpoints:
        while rendered < checkpoint:
            render_docx(template, contexts[rendered % len(contexts)], name=label)
            rendered += 1
        report[str(checkpoint)] = memory_kib()
    print(json.dumps(report))


def measure_memory(label: str, checkpoints: tuple[int, int]) -> dict[str, dict[str, int]]:
    command = [sys.executable, "-m", "benchmarks", "render-rss", label, *map(str, checkpoints)]
    result = subprocess.run(command, cwd=PROJECT_ROOT, check=True, capture_output=True, text=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def _pin_to_one_core() -> str:
    if not hasattr(os, "sched_setaffinity"):
        return "not pinned"
    core = min(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {core})
    return f"pinned to CPU {core}"


def report(
    results: list[dict], memory: dict, memory_label: str, settings: Settings, pinning: str, load: tuple[float, float, float]
) -> str:
    lines = [
        f"Rendering benchmark: docxtpl {docxtpl.__version__}, Python {platform.python_version()}, "
        f"one process {pinning}; docxtpl {settings.docxtpl_docs} docs, engine {settings.engine_docs} docs "
        "per case, records cycled",
        f"load average at the end {load[0]:.2f} / {load[1]:.2f} / {load[2]:.2f} on {os.cpu_count()} CPUs",
        "",
        f"{'case':<40}{'docxtpl/s':>10}{'engine/s':>10}{'ratio':>8}{'med ratio':>10}{'wall ratio':>11}"
        f"{'docxtpl med/p95 ms':>20}{'engine med/p95 ms':>19}{'floor med ms':>14}{'eng/floor':>11}"
        f"{'1st use ms':>12}",
    ]
    for r in results:
        d, e, f = r["docxtpl"], r["engine"], r["floor"]
        lines.append(
            f"{r['label']:<40}{d.per_second:>10.1f}{e.per_second:>10.1f}{r['ratio']:>7.1f}×"
            f"{d.median_ms / e.median_ms:>9.1f}×{r['wall_ratio']:>10.1f}×"
            f"{d.median_ms:>12.2f} /{d.p95_ms:>6.2f}{e.median_ms:>11.3f} /{e.p95_ms:>6.3f}"
            f"{f.median_ms:>14.3f}{r['floor_factor']:>10.2f}×{r['first_use_ms']:>12.1f}"
        )
    low, high = (memory[str(n)] for n in settings.rss_checkpoints)
    growth = high["VmHWM"] / low["VmHWM"]
    main = next((r for r in results if r["label"] == MAIN_CASE), results[0])
    lines += [
        "",
        "times are CPU time of the rendering thread; ratio = engine docs/s / docxtpl docs/s; med ratio = docxtpl "
        "median / engine median; wall ratio = the docs/s ratio on the wall clock (counts time other programs "
        "took the CPU)",
        "floor = Jinja render + deflate of the rendered parts alone; eng/floor = engine median / floor median",
        _collections_line(results, settings),
        f"memory ({memory_label}, engine only, fresh process): peak RSS after {settings.rss_checkpoints[0]:,} docs "
        f"{low['VmHWM'] / 1024:.1f} MiB, after {settings.rss_checkpoints[1]:,} docs {high['VmHWM'] / 1024:.1f} MiB "
        f"(current {high['VmRSS'] / 1024:.1f} MiB)",
        "",
        f"targets on {main['label']}:",
        _target(f"ratio {main['ratio']:.1f}× plain docxtpl", main["ratio"] >= TARGET_RATIO, f"≥ {TARGET_RATIO:.0f}×"),
        _target(
            f"peak RSS growth {growth:.3f}× from {settings.rss_checkpoints[0]:,} to {settings.rss_checkpoints[1]:,} docs",
            growth <= TARGET_RSS_GROWTH,
            f"≤ {TARGET_RSS_GROWTH}×",
        ),
        _target(
            f"engine per doc {main['floor_factor']:.2f}× Jinja+deflate alone",
            main["floor_factor"] <= TARGET_FLOOR_FACTOR,
            f"≤ {TARGET_FLOOR_FACTOR:.0f}×",
        ),
    ]
    return "\n".join(lines)


def _collections_line(results: list[dict], settings: Settings) -> str:
    engine = {r["label"]: r["engine"].collections for r in results}
    busiest = max(engine, key=engine.get)
    return (
        f"garbage collections while timing: engine none in {sum(n == 0 for n in engine.values())} of "
        f"{len(engine)} cases (most: {engine[busiest]} in {busiest}, {settings.engine_docs} docs); docxtpl "
        f"{sum(r['docxtpl'].collections for r in results)} in {len(results) * settings.docxtpl_docs} docs"
    )


def _target(figure: str, met: bool, target: str) -> str:
    return f"  {figure:<62} target {target:<7} {'met' if met else 'NOT MET'}"


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks render", description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer documents, for a first look (~20 s)")
    settings = QUICK if parser.parse_args(argv).quick else FULL
    pinning = _pin_to_one_core()
    cases = all_cases()
    results = [measure_case(label, template, contexts, settings) for label, template, contexts in cases]
    memory_label = MAIN_CASE if any(label == MAIN_CASE for label, _, _ in cases) else SYNTHETIC_CASE
    memory = measure_memory(memory_label, settings.rss_checkpoints)
    print(report(results, memory, memory_label, settings, pinning, os.getloadavg()))
