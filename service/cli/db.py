"""`python -m service db upgrade|export|import`: the database's schema and its rows as JSON Lines."""

from __future__ import annotations

import click

from service.cli.common import database, run_store
from service.store import export


@click.group()
def db() -> None:
    """The database: schema migrations, export and import as JSON Lines."""


@db.command("upgrade")
def db_upgrade() -> None:
    """Bring the database to the newest schema (the embedded SQLite file is also upgraded on start)."""
    chosen = database()
    chosen.upgrade()
    click.echo(f"{chosen.engine.url.render_as_string(hide_password=True)}: up to date")


@db.command("export")
@click.argument("output", type=click.File("w", encoding="utf-8"))
def db_export(output) -> None:
    """Write every row to OUTPUT (JSON Lines; - for standard output)."""
    count = export.export_to(database(), output)
    click.echo(f"{count} rows exported", err=True)


@db.command("import")
@click.argument("source", type=click.File("r", encoding="utf-8"))
def db_import(source) -> None:
    """Load an export into an empty database (nothing is loaded if any line is wrong)."""
    count = run_store(export.import_from, database(), source)
    click.echo(f"{count} rows imported")
