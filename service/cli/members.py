"""`python -m service members import|reviews|list|template`: an organization's roster and its members' ratings."""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import click

from service.cli.common import EXIT_INVALID, app, database, run_store
from service.store import organizations, reviews, roster


@click.group()
def members() -> None:
    """The roster of an organization."""


@members.command("import")
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--org", "organization_id", required=True, type=int, help="Organization id (`org list`).")
def members_import(source: Path, organization_id: int) -> None:
    """Import a roster from SOURCE (.xlsx or .csv with the headers of samples/roster-template.xlsx)."""
    configured = app()
    try:
        # Checked while it is read: reading stops after ROSTER_MAX_ERRORS problems.
        members_in = run_store(
            roster.validate, roster.iter_table(source), roster.MEMBERS, configured.config["ROSTER_MAX_ERRORS"]
        )
    except (OSError, ValueError, csv.Error) as exc:
        click.echo(f"Lỗi: không đọc được tệp {source.name} ({exc}).", err=True)
        sys.exit(EXIT_INVALID)
    counts = run_store(roster.import_roster, configured.extensions["database"], organization_id, members_in)
    click.echo(f"{counts['created']} added, {counts['updated']} updated")


@members.command("reviews")
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--org", "organization_id", required=True, type=int, help="A chi bộ, or a đảng bộ (rows name their chi bộ).")
@click.option("--year", required=True, type=int, help="The review year.")
def members_reviews(source: Path, organization_id: int, year: int) -> None:
    """Record the year's ratings from SOURCE: Họ và tên, Ngày sinh, Chi bộ, Tự xếp loại, Chi bộ đề nghị, Cấp trên
    quyết định (the year-end batch's roster with its results filled in will do)."""
    try:
        table = roster.read_table(source)
    except (OSError, ValueError, csv.Error) as exc:
        click.echo(f"Lỗi: không đọc được tệp {source.name} ({exc}).", err=True)
        sys.exit(EXIT_INVALID)
    recorded = run_store(reviews.record_results, database(), organization_id, year, table)
    click.echo(f"{recorded} members' ratings recorded for {year}")


@members.command("list")
@click.option("--org", "organization_id", required=True, type=int)
def members_list(organization_id: int) -> None:
    for item in run_store(organizations.list_members, database(), organization_id):
        click.echo(f"{item['id']:>5}  {item['full_name']}  {item['party_position'] or ''}".rstrip())


@members.command("template")
@click.argument("output", type=click.Path(dir_okay=False, path_type=Path))
def members_template(output: Path) -> None:
    """Write the blank roster form (samples/roster-template.xlsx is made by this command)."""
    roster.write_template(output)
    click.echo(str(output))
