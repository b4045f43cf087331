"""python -m benchmarks sandbox [--rounds N]: what rendering an uploaded template in the sandbox costs.

For every kind's built template and sample, the median wall time of one render:
the engine's direct path (the service's own templates), the sandboxed
environment in this process, the worker pool (the path uploaded templates take:
sandbox plus a pipe round trip) and, for comparison, the sandbox under a
sys.settrace deadline (the alternative to a worker process that was not taken).
Then the start of one worker and one inspect (lint + preview) of a template.
"""

from __future__ import annotations

import functools
import statistics
import sys
import time
from typing import Callable

from service import delivery, pipeline
from service.kinds import all_kinds
from service.render.engine import render_docx
from service.custom_templates.pool import DEFAULTS, SandboxPool, Settings
from service.custom_templates.sandbox import TemplateSandbox


def _median_ms(function: Callable[[], object], rounds: int) -> float:
    function()  # compile and cache first: the service renders compiled templates
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def _traced(render: Callable[[], bytes], deadline_seconds: float = 10.0) -> Callable[[], bytes]:
    """The render under a tracing deadline: a check on every line Python runs."""

    def run() -> bytes:
        stop = time.monotonic() + deadline_seconds

        def tracer(frame, event, arg):
            if time.monotonic() > stop:
                raise TimeoutError("render deadline")
            return tracer

        sys.settrace(tracer)
        try:
            return render()
        finally:
            sys.settrace(None)

    return run


def main(argv: list[str]) -> None:
    rounds = int(argv[argv.index("--rounds") + 1]) if "--rounds" in argv else 20
    sandbox, pool = TemplateSandbox(), SandboxPool(Settings.from_config(DEFAULTS))
    print(f"{'kind':30} {'engine':>8} {'sandbox':>8} {'worker':>8} {'settrace':>9}  (ms, median of {rounds})")
    try:
        for kind in all_kinds():
            prepared = pipeline.check(kind.id, delivery.sample(kind))
            template, context = pipeline.template_bytes(kind.id, prepared.profile.id), prepared.context
            in_sandbox = functools.partial(render_docx, template, context, jinja_env=sandbox)
            row = [
                _median_ms(functools.partial(render_docx, template, context), rounds),
                _median_ms(in_sandbox, rounds),
                _median_ms(functools.partial(pool.render, template, context), rounds),
                _median_ms(_traced(in_sandbox), rounds),
            ]
            print(f"{kind.id:30} " + " ".join(f"{value:8.2f}" for value in row[:3]) + f" {row[3]:9.2f}")
        pool.stop()
        start = time.perf_counter()
        pool.render(template, context)
        print(f"first render after a worker start: {(time.perf_counter() - start) * 1000:.0f} ms")
        inspect = _median_ms(functools.partial(pool.inspect, template, context), rounds)
        print(f"inspect (lint + preview) of {kind.id}: {inspect:.1f} ms")
    finally:
        pool.stop()
