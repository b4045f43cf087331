"""`python -m service demo`: the demo đảng bộ (service/stats/demo.py) in a database of its own."""

from __future__ import annotations

import datetime as dt
import sys
import time
from pathlib import Path

import click

from service.cli.common import EXIT_INVALID
from service.findings import InputInvalid
from service.stats import demo as generator
from service.store.db import Database
from service.store.storage import Storage


@click.command()
@click.option(
    "--database",
    "url",
    help="SQLAlchemy URL of the demo database; default: instance/demo.sqlite3. "
    "It must be empty: the demo never writes into a database with data.",
)
@click.option(
    "--storage",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder of the demo's documents; default: instance/demo-storage.",
)
@click.option(
    "--year",
    type=click.IntRange(2026, 2100),
    help="The year of the minutes, under HD 42-2025 (default: this year, up to today).",
)
def demo(url: str | None, storage: Path | None, year: int | None) -> None:
    """Issue a year of plausible minutes for a đảng bộ of five chi bộ into a separate demo database, so the đảng
    bộ's page, the statistics API and the quarterly report have something to show."""
    from service import create_app

    app = create_app()
    instance = Path(app.instance_path)
    instance.mkdir(parents=True, exist_ok=True)
    url = url or f"sqlite:///{instance / 'demo.sqlite3'}"
    if url == app.config.get("DATABASE_URL") or url == f"sqlite:///{instance / 'partydocs.sqlite3'}":
        click.echo("Lỗi: cơ sở dữ liệu mẫu phải khác cơ sở dữ liệu đang dùng.", err=True)
        sys.exit(EXIT_INVALID)
    database = Database(url)
    database.upgrade()
    if not generator.is_empty(database):
        click.echo(f"Lỗi: {url} đã có dữ liệu; dữ liệu mẫu chỉ được tạo trong cơ sở dữ liệu trống.", err=True)
        sys.exit(EXIT_INVALID)
    today = dt.date.today()
    year = year or today.year
    started = time.perf_counter()
    try:
        made = generator.generate(
            database, Storage(storage or instance / "demo-storage"), year, min(today, dt.date(year, 12, 31))
        )
    except InputInvalid as invalid:
        for finding in invalid.errors:
            click.echo(f"Lỗi {finding.pointer or '/'}: {finding.message}", err=True)
        sys.exit(EXIT_INVALID)
    finally:
        database.dispose()
    click.echo(
        f"{made['organizations']} tổ chức đảng, {made['members']} đảng viên, {made['documents']} văn bản "
        f"năm {year} ({time.perf_counter() - started:.1f} giây) trong {url}"
    )
    click.echo(
        f"Xem: PARTYDOCS_DATABASE_URL={url} PARTYDOCS_STORAGE_DIR={storage or instance / 'demo-storage'} "
        "python -m service serve, rồi mở trang “Tình hình sinh hoạt”."
    )
