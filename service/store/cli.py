"""`python -m service db|org|members …`: the store's command-line door.

Commands use the configuration the server uses (PARTYDOCS_DATABASE_URL,
PARTYDOCS_STORAGE_DIR, instance config.py), so they work on the same data.
"""
from __future__ import annotations

import csv
import datetime as dt
import sys
from pathlib import Path
from typing import Any, Callable

import click
from flask import Flask

from service.findings import InputInvalid
from service.store import export, organizations, reviews, roster
from service.store.db import Database
from service.store.errors import StoreError

EXIT_INVALID = 2


def _app() -> Flask:
    from service import create_app

    return create_app()


def _database() -> Database:
    return _app().extensions["database"]


def _run(function: Callable, *args: Any) -> Any:
    """Call into the store; refusals become Vietnamese messages on stderr and exit status 2."""
    try:
        return function(*args)
    except InputInvalid as invalid:
        for error in invalid.errors:
            click.echo(f"Lỗi {error.pointer or '/'}: {error.message}", err=True)
    except StoreError as error:
        click.echo(f"Lỗi: {error.message}", err=True)
    sys.exit(EXIT_INVALID)


@click.group()
def db() -> None:
    """The database: schema migrations, export and import as JSON Lines."""


@db.command("upgrade")
def db_upgrade() -> None:
    """Bring the database to the newest schema (the embedded SQLite file is also upgraded on start)."""
    database = _database()
    database.upgrade()
    click.echo(f"{database.engine.url.render_as_string(hide_password=True)}: up to date")


@db.command("export")
@click.argument("output", type=click.File("w", encoding="utf-8"))
def db_export(output) -> None:
    """Write every row to OUTPUT (JSON Lines; - for standard output)."""
    count = export.export_to(_database(), output)
    click.echo(f"{count} rows exported", err=True)


@db.command("import")
@click.argument("source", type=click.File("r", encoding="utf-8"))
def db_import(source) -> None:
    """Load an export into an empty database (nothing is loaded if any line is wrong)."""
    count = _run(export.import_from, _database(), source)
    click.echo(f"{count} rows imported")


@click.group()
def org() -> None:
    """Organizations (đảng bộ, chi bộ) and their cấp ủy terms."""


@org.command("list")
def org_list() -> None:
    for item in organizations.list_organizations(_database()):
        click.echo(f"{item['id']:>5}  {item['name']}  ({item['upper'] or '—'})")


@org.command("add")
@click.option("--name", required=True, help="Tên tổ chức, e.g. “Chi bộ Thôn Đông”.")
@click.option("--place", required=True, help="Địa danh in on the header's date line.")
@click.option("--upper", "upper_name", help="Tên cấp ủy cấp trên, when the level above is not recorded.")
@click.option("--parent", "parent_id", type=int, help="Id of the recorded level above.")
@click.option("--level", type=click.Choice(["chi_bo", "dang_bo"]), default="chi_bo", show_default=True)
@click.option("--abbreviation", default="CB", show_default=True, help="Ký hiệu in document numbers.")
@click.option("--created-on", type=click.DateTime(["%Y-%m-%d"]), help="Start of the default term (today).")
def org_add(created_on: dt.datetime | None, **values: Any) -> None:
    """Record an organization."""
    if created_on is not None:
        values["created_on"] = created_on.date().isoformat()
    item = _run(organizations.create_organization, _database(), values)
    click.echo(f"{item['id']}  {item['name']}")


@org.command("move")
@click.argument("organization_id", type=int)
@click.option("--parent", "parent_id", type=int, help="Id of the recorded level above it from now on.")
@click.option("--top", is_flag=True, help="No recorded level above it (name one with --upper).")
@click.option("--upper", "upper_name", help="Tên cấp ủy cấp trên, when the level above is not recorded.")
@click.option("--level", type=click.Choice(["chi_bo", "dang_bo"]), help="Its level, when that changes too.")
def org_move(organization_id: int, parent_id: int | None, top: bool, **values: Any) -> None:
    """Put ORGANIZATION_ID under another level: the act of the upper level, which API keys and signed-in
    accounts may do only below their own organization."""
    if (parent_id is None) == (not top):
        raise click.UsageError("Give either --parent ID or --top.")
    changes = {"parent_id": parent_id, **{key: value for key, value in values.items() if value is not None}}
    item = _run(organizations.update_organization, _database(), organization_id, changes)
    click.echo(f"{item['id']}  {item['name']}  ({item['upper'] or '—'})")


@org.command("term")
@click.argument("organization_id", type=int)
@click.option("--name", required=True, help="e.g. “Nhiệm kỳ 2025 - 2030”.")
@click.option("--start", required=True, type=click.DateTime(["%Y-%m-%d"]))
@click.option("--end", type=click.DateTime(["%Y-%m-%d"]))
def org_term(organization_id: int, name: str, start: dt.datetime, end: dt.datetime | None) -> None:
    """Record a cấp ủy term of ORGANIZATION_ID: document numbers restart with each term."""
    values = {"name": name, "start_on": start.date().isoformat(), "end_on": end.date().isoformat() if end else None}
    item = _run(organizations.add_term, _database(), organization_id, values)
    click.echo(f"{item['id']}  {item['name']}")


@click.group()
def members() -> None:
    """The roster of an organization."""


@members.command("import")
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--org", "organization_id", required=True, type=int, help="Organization id (`org list`).")
def members_import(source: Path, organization_id: int) -> None:
    """Import a roster from SOURCE (.xlsx or .csv with the headers of samples/roster-template.xlsx)."""
    app = _app()
    try:
        # Checked while it is read: reading stops after ROSTER_MAX_ERRORS problems.
        members_in = _run(roster.validate, roster.iter_table(source), roster.MEMBERS, app.config["ROSTER_MAX_ERRORS"])
    except (OSError, ValueError, csv.Error) as exc:
        click.echo(f"Lỗi: không đọc được tệp {source.name} ({exc}).", err=True)
        sys.exit(EXIT_INVALID)
    counts = _run(roster.import_roster, app.extensions["database"], organization_id, members_in)
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
    recorded = _run(reviews.record_results, _database(), organization_id, year, table)
    click.echo(f"{recorded} members' ratings recorded for {year}")


@members.command("list")
@click.option("--org", "organization_id", required=True, type=int)
def members_list(organization_id: int) -> None:
    for item in _run(organizations.list_members, _database(), organization_id):
        click.echo(f"{item['id']:>5}  {item['full_name']}  {item['party_position'] or ''}".rstrip())


@members.command("template")
@click.argument("output", type=click.Path(dir_okay=False, path_type=Path))
def members_template(output: Path) -> None:
    """Write the blank roster form (samples/roster-template.xlsx is made by this command)."""
    roster.write_template(output)
    click.echo(str(output))


COMMANDS = (db, org, members)
