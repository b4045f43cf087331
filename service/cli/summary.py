"""`python -m service summary --org ID --year YEAR`: a đảng bộ's summary of the year's ratings from the store."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from service import pipeline
from service.batch.package import safe_name
from service.batch.plan import SUMMARY
from service.batch.summary import summary_lines, workbook_bytes
from service.cli.common import EXIT_INVALID, app, exit_invalid
from service.findings import InputInvalid
from service.kinds.review_summary import summarize
from service.store.errors import StoreError
from service.store.reviews import summary_input


@click.command()
@click.option("--org", "organization_id", required=True, type=int, help="A đảng bộ (all its chi bộ) or a chi bộ.")
@click.option("--year", required=True, type=int, help="The review year.")
@click.option(
    "-o",
    "--output",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("."),
    show_default=True,
    help="Folder for the report (.docx) and the table (.xlsx).",
)
def summary(organization_id: int, year: int, output: Path) -> None:
    """The đảng bộ's summary of the year's ratings (Tổng hợp kết quả đánh giá, xếp loại đảng viên) from the rosters
    and ratings kept here (`members reviews`): a report (DOCX) and a table (XLSX), and the counts printed."""
    database = app().extensions["database"]
    try:
        prepared = pipeline.check(SUMMARY, summary_input(database, organization_id, year))
        document = pipeline.finish(prepared).document
    except InputInvalid as invalid:
        exit_invalid(invalid.errors)
    except StoreError as error:
        click.echo(f"Lỗi: {error.message}", err=True)
        sys.exit(EXIT_INVALID)
    output.mkdir(parents=True, exist_ok=True)
    stem = safe_name(document.filename.removesuffix(".docx"))
    (output / f"{stem}.docx").write_bytes(document.content)
    counted = summarize(prepared.model)
    (output / f"{stem}.xlsx").write_bytes(workbook_bytes(prepared.model, counted))
    for warning in document.warnings:
        click.echo(f"Cảnh báo: {warning.message}", err=True)
    for line in summary_lines(counted):
        click.echo(line)
    click.echo(f"{output / stem}.docx, {output / stem}.xlsx")
