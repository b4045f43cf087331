"""The quarterly report's input (service/kinds/cell_life_report.py) from a quarter's statistics: the đảng ủy as
author, one line per chi bộ, the alerts as findings."""

from __future__ import annotations

from typing import Any

from service import pipeline
from service.findings import Finding, InputInvalid
from service.kinds.common import superior_committee
from service.store.statistics import Period, PeriodInvalid, Statistics, quarter_of

KIND = "bao-cao-sinh-hoat-chi-bo"
BLANK = "……………………"


def quarter(period: Period) -> tuple[int, int]:
    """The one quarter a report covers; PeriodInvalid when the period is anything else."""
    year, number = quarter_of(period.months[0])
    if period != Period.quarter(year, number):
        raise PeriodInvalid(
            "period_not_quarter",
            "Báo cáo tình hình sinh hoạt chi bộ được lập theo quý: kỳ thống kê phải đúng một quý (ví dụ 2026-Q4).",
        )
    return year, number


def document(stats: Statistics, threshold_percent: int) -> pipeline.Document:
    """The report as a DOCX, not numbered and not archived: the đảng ủy issues it (with its number) from the
    form, after reading it."""
    return pipeline.produce(KIND, report_input(stats, threshold_percent))


def report_input(stats: Statistics, threshold_percent: int) -> dict[str, Any]:
    """`stats` must cover one quarter exactly (see quarter())."""
    year, number = quarter(stats.period)
    if not stats.cells:
        raise InputInvalid([Finding("", "no_cells", f"{stats.organization['name']} chưa có chi bộ trực thuộc nào.")])
    org = stats.organization
    own = org["level"] == "dang_bo"
    return {
        "organization": {
            "upper": (org["upper"] if own else None) or BLANK,
            "name": superior_committee(org["name"] if own else org["upper"] or BLANK),
            "abbreviation": org["abbreviation"] if own else "ĐU",
            "place": org["place"],
        },
        "year": year,
        "quarter": number,
        "attendance_threshold": threshold_percent,
        "cells": [_line(cell) for cell in stats.cells],
        "findings": [alert.message for alert in stats.alerts],
    }


def _line(cell) -> dict[str, Any]:
    total = cell.total
    line = {
        "name": cell.name,
        "months_held": sum(1 for figures in cell.months.values() if figures.sittings),
        "sittings": total.sittings,
        "thematic_done": sum(cell.thematic_done.values()),
        "thematic_planned": sum(cell.thematic_planned.values()),
        "present_official": total.present_official,
        "summoned_official": total.summoned,
        "ho_chi_minh": total.ho_chi_minh,
        "upper_guests": total.upper_guests,
        "resolutions": total.resolutions,
    }
    if total.average_minutes is not None:
        line["average_minutes"] = total.average_minutes
    if total.average_quality is not None:
        line["average_quality"] = total.average_quality
    return line
