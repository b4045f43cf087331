"""`python -m service stats`: the đảng bộ's figures printed, its quarterly report (DOCX) or the figures as XLSX."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from service.cli.common import EXIT_INVALID
from service.findings import InputInvalid
from service.stats import report
from service.stats.xlsx import workbook_bytes
from service.store import statistics
from service.store.errors import StoreError
from service.store.statistics import Period, Statistics


@click.command()
@click.option("--org", "organization_id", required=True, type=int, help="A đảng bộ (all its chi bộ) or a chi bộ.")
@click.option("--quarter", help="A quarter, e.g. 2026-Q4 (the report needs one).")
@click.option("--from", "start", help="First day, month or quarter (YYYY-MM-DD, YYYY-MM, YYYY-Qn) instead of --quarter.")
@click.option("--to", "end", help="Last day, month or quarter; default: the end of the year of --from.")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the quarterly report (Báo cáo tình hình sinh hoạt chi bộ) here as DOCX.",
)
@click.option("--xlsx", type=click.Path(dir_okay=False, path_type=Path), help="Write the figures here as XLSX.")
def stats(
    organization_id: int, quarter: str | None, start: str | None, end: str | None, output: Path | None, xlsx: Path | None
) -> None:
    """How the chi bộ of a đảng bộ meet, from the archive: sittings, attendance, thematic sittings against the plan,
    ratings, and the alerts; printed, or as the quarterly report and the XLSX of the figures."""
    from service import create_app

    app = create_app()
    percent = app.config["ATTENDANCE_ALERT_PERCENT"]
    try:
        if quarter and (start or end):
            raise click.UsageError("--quarter or --from/--to, not both.")
        period = Period.parsed(
            quarter or start, quarter or end, dt.date.today(), ("--quarter", "--quarter") if quarter else ("--from", "--to")
        )
        counted = statistics.compute(app.extensions["database"], organization_id, period, threshold=percent / 100)
        if output:
            document = report.document(counted, percent)
            output.write_bytes(document.content)
            for warning in document.warnings:
                click.echo(f"Cảnh báo: {warning.message}", err=True)
        if xlsx:
            xlsx.write_bytes(workbook_bytes(counted))
    except StoreError as error:
        click.echo(f"Lỗi: {error.message}", err=True)
        sys.exit(EXIT_INVALID)
    except InputInvalid as invalid:
        for finding in invalid.errors:
            click.echo(f"Lỗi {finding.pointer or '/'}: {finding.message}", err=True)
        sys.exit(EXIT_INVALID)
    for line in lines(counted):
        click.echo(line)
    for path in (output, xlsx):
        if path:
            click.echo(str(path))


def lines(counted: Statistics) -> list[str]:
    """The figures as a person reads them in a terminal: a line per chi bộ, then the alerts."""
    out = [f"{counted.organization['name']} — {counted.period.title()}: {len(counted.cells)} chi bộ"]
    for cell in counted.cells:
        total = cell.total
        months = ", ".join(f"{month:02d}/{year}: {figures.sittings}" for (year, month), figures in cell.months.items())
        thematic = f"{sum(cell.thematic_done.values())}/{sum(cell.thematic_planned.values())}"
        out.append(
            f"  {cell.name}: thường kỳ {total.sittings} buổi ({months}); chuyên đề {total.thematic} buổi "
            f"(theo kế hoạch các quý: {thematic}); dự {total.rate_text or 'chưa có số liệu'}; "
            f"nghị quyết {total.resolutions}"
        )
    out.append(f"Cảnh báo: {len(counted.alerts)}")
    out += [f"  {alert.message}" for alert in counted.alerts]
    return out
