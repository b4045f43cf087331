"""Prints the seeded-defect suite's detection rate at the end of the run (tests/formats/test_seeded_defects.py)."""

from __future__ import annotations


def pytest_terminal_summary(terminalreporter):
    from tests.formats.seeded.defects import DEFECTS, DETECTED

    if not DETECTED:
        return
    flagged = sum(DETECTED.values())
    terminalreporter.write_sep("-", "seeded defects")
    terminalreporter.write_line(
        f"Seeded defects flagged by the checker: {flagged}/{len(DETECTED)} "
        f"({flagged / len(DETECTED):.0%}) of {len(DEFECTS)} planted"
    )
    for name, found in DETECTED.items():
        if not found:
            terminalreporter.write_line(f"  not flagged: {name}")
