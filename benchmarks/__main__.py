"""python -m benchmarks render [--quick] | pdf [--documents N] [--rounds N] | sandbox [--rounds N]
                     | batch [--members N] [--workers N] [--quick] | slow-clients [--connections N ...]
                     | preview [--runs N] [--prod]"""
from __future__ import annotations

import importlib
import sys

USAGE = ("usage: python -m benchmarks render [--quick] | pdf [--documents N] [--rounds N] | sandbox [--rounds N] "
         "| batch [--members N] [--workers N] [--quick] | slow-clients [--connections N ...] "
         "| preview [--runs N] [--prod]")


def _module(name: str):
    # Only the benchmark asked for is imported: the fresh processes that measure memory (batch-run,
    # render-rss) must not carry the others' imports.
    return importlib.import_module(f"benchmarks.{name}")


def main(argv: list[str]) -> int:
    if argv[:1] in (["render"], ["pdf"], ["sandbox"], ["batch"], ["preview"]):
        _module(argv[0]).main(argv[1:])
        return 0
    if argv[:1] == ["slow-clients"]:
        _module("slow_clients").main(argv[1:])
        return 0
    if argv[:1] == ["batch-run"] and len(argv) == 3:
        # One end-to-end job in a fresh process, started by `batch`.
        _module("batch").run_child(argv[1], int(argv[2]))
        return 0
    if argv[:1] == ["render-rss"] and len(argv) == 4:
        # The memory measurement's own fresh process, started by `render`.
        _module("render").rss_child(argv[1], (int(argv[2]), int(argv[3])))
        return 0
    print(USAGE, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
