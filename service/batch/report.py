"""The roster's check report as people read it: the whole text (printed by the CLI before anything is made,
and put in the ZIP) and the short form the job's row keeps for the API and the pages.
"""

from __future__ import annotations

from service.batch.examine import Examined
from service.batch.roster import BatchOptions
from service.vietnamese.figures import format_int

REPORT_NAME = "Báo cáo kiểm tra danh sách.txt"
SHOWN = 200  # warnings and guesses kept in the job's row; the ZIP's report has them all


def report_summary(examined: Examined) -> dict:
    return {
        "members": examined.members,
        "cells": len(examined.cells),
        "reviewed": sum(len(cell.reviewed) for cell in examined.cells),
        "warnings_total": len(examined.warnings),
        "warnings": examined.warnings[:SHOWN],
        "guessed_total": examined.guessed_total,
        "ambiguous_total": examined.ambiguous_total,
        "guessed": [guess.line() for guess in examined.guessed[:SHOWN]],
    }


def report_text(examined: Examined, options: BatchOptions) -> str:
    rules = options.rules
    uppers = len({cell.upper for cell in examined.cells})
    reviewed = sum(len(cell.reviewed) for cell in examined.cells)
    lines = [
        f"KIỂM TRA DANH SÁCH KIỂM ĐIỂM NĂM {options.year} ({rules.short_name})",
        f"{format_int(examined.members)} đảng viên đang sinh hoạt, {format_int(len(examined.cells))} chi bộ, "
        f"{format_int(uppers)} đảng bộ; {format_int(reviewed)} đảng viên kiểm điểm.",
        "",
    ]
    lines.append(f"Cảnh báo ({format_int(len(examined.warnings))}):" if examined.warnings else "Không có cảnh báo.")
    lines += [f"- {warning}" for warning in examined.warnings]
    lines += [
        "",
        f"Mẫu bản kiểm điểm đoán từ chức vụ, đơn vị ({format_int(examined.guessed_total)}, trong đó "
        f"{format_int(examined.ambiguous_total)} cần ghi rõ cột “Mẫu”; ghi “đoán” trong manifest):"
        if examined.guessed
        else "Mọi đảng viên đều có cột “Mẫu”: không đoán mẫu nào.",
    ]
    lines += [f"- {guess.line()}" for guess in examined.guessed]
    return "\n".join(lines) + "\n"
