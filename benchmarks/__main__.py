"""python -m benchmarks COMMAND [OPTIONS]: one command per benchmark module, listed in COMMANDS."""

from __future__ import annotations

import importlib
import sys

# Command → (module, its options as the usage line shows them).
COMMANDS = {
    "render": ("render", "[--quick]"),
    "pdf": ("pdf", "[--documents N] [--rounds N]"),
    "sandbox": ("sandbox", "[--rounds N]"),
    "batch": ("batch", "[--members N] [--workers N] [--runs N] [--quick]"),
    "slow-clients": ("slow_clients", "[--connections N ...]"),
    "check": ("check", "[--documents N] [--rounds N]"),
    "uploads": ("uploads", ""),
    "preview": ("preview", "[--runs N] [--prod]"),
    "stats": ("stats", "[--cells N] [--rounds N] [--postgres URL]"),
    # Not a speed measurement: its exit status says whether the API broke its schema or answered 5xx.
    "fuzz": ("fuzz", "[--requests N] [--seconds S] [--seed N]"),
}
USAGE = "usage: python -m benchmarks " + " | ".join(f"{name} {options}".strip() for name, (_, options) in COMMANDS.items())


def _module(name: str):
    # Only the benchmark asked for is imported: the fresh processes that measure memory (batch-run,
    # render-rss) must not carry the others' imports.
    return importlib.import_module(f"benchmarks.{name}")


def main(argv: list[str]) -> int:
    if argv[:1] and argv[0] in COMMANDS:
        # A benchmark that finds faults (fuzz) returns its exit status; the others print figures.
        return _module(COMMANDS[argv[0]][0]).main(argv[1:]) or 0
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
