"""The whole database as JSON Lines, and back: for backups and for moving between SQLite and PostgreSQL.

One line per row, {"table": …, "row": {…}}, tables in dependency order and rows
by primary key, so an export of the same data is the same file. Files in the
storage folder are named by their hash and are copied as they are.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import IO, Any, Iterator

from sqlalchemy import Date, DateTime, func, insert, select, text, update
from sqlalchemy.orm import Session

from service.findings import Finding, InputInvalid
from service.store.db import Database
from service.store.errors import Conflict
from service.store.models import Base, Organization, json_value

TABLES = {table.name: table for table in Base.metadata.sorted_tables}


def export_lines(database: Database) -> Iterator[str]:
    with database.read() as session:
        for name, table in TABLES.items():
            for row in session.execute(select(table).order_by(*table.primary_key.columns)).mappings():
                values = {key: json_value(value) for key, value in row.items()}
                yield json.dumps({"table": name, "row": values}, ensure_ascii=False, sort_keys=True)


def export_to(database: Database, stream: IO[str]) -> int:
    count = 0
    for line in export_lines(database):
        stream.write(line + "\n")
        count += 1
    return count


def import_from(database: Database, stream: IO[str]) -> int:
    """Load an export into an empty database; every bad line is reported and nothing is loaded."""
    rows = _parse(stream)
    with database.write() as session:
        if any(session.scalar(select(func.count()).select_from(table)) for table in TABLES.values()):
            raise Conflict("database_not_empty", "Cơ sở dữ liệu đã có dữ liệu; chỉ nhập vào cơ sở dữ liệu trống.")
        parents = []
        for name, table in TABLES.items():
            batch = [row for table_name, row in rows if table_name == name]
            if name == Organization.__tablename__:
                # An organization may point at one recorded after it: link parents once all exist.
                parents = [(row["id"], row["parent_id"]) for row in batch if row["parent_id"] is not None]
                batch = [{**row, "parent_id": None} for row in batch]
            if batch:
                session.execute(insert(table), batch)
        for org_id, parent_id in parents:
            session.execute(update(Organization).where(Organization.id == org_id).values(parent_id=parent_id))
        _restart_sequences(session)
    return len(rows)


def _parse(stream: IO[str]) -> list[tuple[str, dict[str, Any]]]:
    rows, findings = [], []
    for number, line in enumerate(stream, start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            table = TABLES[item["table"]]
            row = {column.name: _value(column, item["row"][column.name]) for column in table.columns}
        except (ValueError, KeyError, TypeError) as exc:
            findings.append(
                Finding(f"/{number}", "import_line_invalid", f"Dòng {number}: không đúng định dạng xuất dữ liệu ({exc}).")
            )
            continue
        rows.append((table.name, row))
    if findings:
        raise InputInvalid(findings)
    return rows


def _value(column, value: Any) -> Any:
    if value is None:
        return None
    if isinstance(column.type, DateTime):
        return dt.datetime.fromisoformat(value)
    if isinstance(column.type, Date):
        return dt.date.fromisoformat(value)
    return value


def _restart_sequences(session: Session) -> None:
    """PostgreSQL ids come from sequences that explicit ids do not advance; SQLite needs nothing."""
    if session.bind.dialect.name != "postgresql":
        return
    for table in TABLES.values():
        if "id" in table.columns:
            session.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                    f"COALESCE((SELECT MAX(id) FROM {table.name}), 0) + 1, false)"
                )
            )
