"""python -m benchmarks render [--quick] | pdf [--documents N] [--rounds N] | sandbox [--rounds N]
                     | batch [--members N] [--workers N] [--quick]"""
from __future__ import annotations

import sys

from . import batch, pdf, render, sandbox

USAGE = ("usage: python -m benchmarks render [--quick] | pdf [--documents N] [--rounds N] | sandbox [--rounds N] "
         "| batch [--members N] [--workers N] [--quick]")


def main(argv: list[str]) -> int:
    if argv[:1] == ["render"]:
        render.main(argv[1:])
        return 0
    if argv[:1] == ["pdf"]:
        pdf.main(argv[1:])
        return 0
    if argv[:1] == ["sandbox"]:
        sandbox.main(argv[1:])
        return 0
    if argv[:1] == ["batch"]:
        batch.main(argv[1:])
        return 0
    if argv[:1] == ["batch-run"] and len(argv) == 3:
        # One end-to-end job in a fresh process, started by `batch`.
        batch.run_child(argv[1], int(argv[2]))
        return 0
    if argv[:1] == ["render-rss"] and len(argv) == 4:
        # The memory measurement's own fresh process, started by `render`.
        render.rss_child(argv[1], (int(argv[2]), int(argv[3])))
        return 0
    print(USAGE, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
