"""Test databases: SQLite by default, PostgreSQL when TEST_DATABASE_URL is set.

SQLite: the schema is migrated once per run into a file that each test copies,
so every test gets its own database for the cost of a file copy. PostgreSQL:
the run migrates its own schema (dropped at the end) and each test starts from
empty tables.
"""

from __future__ import annotations

import os
import shutil
import uuid
from pathlib import Path
from urllib.parse import quote

from sqlalchemy import text

from service.store.db import DATABASE_FILE, Database
from service.store.models import Base

SERVER_URL = os.environ.get("TEST_DATABASE_URL")


class Source:
    """Where each test's database comes from."""

    def __init__(self, workdir: Path, server_url: str | None = SERVER_URL):
        self.server_url = server_url
        if server_url:
            self.schema = f"test_{uuid.uuid4().hex[:12]}"
            self._on_server(f'CREATE SCHEMA "{self.schema}"')
            separator = "&" if "?" in server_url else "?"
            self.url = f"{server_url}{separator}options={quote(f'-csearch_path={self.schema}')}"
        else:
            self.template = workdir / DATABASE_FILE
            self.url = f"sqlite:///{self.template}"
        database = Database(self.url)
        database.upgrade()
        database.dispose()

    def fresh(self, tmp_path: Path) -> str:
        """The URL of an empty, migrated database for one test."""
        if not self.server_url:
            shutil.copyfile(self.template, tmp_path / DATABASE_FILE)
            return f"sqlite:///{tmp_path / DATABASE_FILE}"
        database = Database(self.url)
        tables = ", ".join(table.name for table in Base.metadata.sorted_tables)
        with database.engine.begin() as connection:
            connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
        database.dispose()
        return self.url

    def close(self) -> None:
        if self.server_url:
            self._on_server(f'DROP SCHEMA "{self.schema}" CASCADE')

    def _on_server(self, statement: str) -> None:
        database = Database(self.server_url)
        with database.engine.begin() as connection:
            connection.execute(text(statement))
        database.dispose()
