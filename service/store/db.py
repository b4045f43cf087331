"""The database connection: one engine per app, short sessions, migrations applied on first start.

SQLite (the embedded default) serializes writers with BEGIN IMMEDIATE, taken
when a write session starts, so two writers never both read a counter before
either updates it; readers use a plain deferred BEGIN and, in WAL mode, never
wait for a writer. PostgreSQL relies on row locks (see register.py).
"""

from __future__ import annotations

import contextlib
import os
import threading
from pathlib import Path
from typing import Iterator

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import Flask, current_app
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
DATABASE_FILE = "partydocs.sqlite3"
# How long a SQLite writer waits for another to finish before giving up (milliseconds).
SQLITE_BUSY_TIMEOUT_MS = 30_000
_WRITE = "partydocs_write"


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    # Enough connections for a threaded server; waiting requests queue in the pool.
    return create_engine(url, pool_size=10, max_overflow=20, pool_pre_ping=True)


def _sqlite_connect(dbapi_connection, _record) -> None:
    # Leave transaction control to the "begin" hook: pysqlite's own BEGIN is always deferred.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.close()


def _sqlite_begin(connection) -> None:
    connection.exec_driver_sql("BEGIN IMMEDIATE" if connection.get_execution_options().get(_WRITE) else "BEGIN")


class Database:
    """An engine and its sessions; `write()` for anything that changes data, `read()` for the rest."""

    def __init__(self, url: str):
        self.url = url
        self.engine = make_engine(url)
        self._read = sessionmaker(self.engine, expire_on_commit=False)
        self._write = sessionmaker(self.engine.execution_options(**{_WRITE: True}), expire_on_commit=False)

    @property
    def embedded(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @contextlib.contextmanager
    def write(self) -> Iterator[Session]:
        """One transaction: committed when the block ends, rolled back (changing nothing) if it raises."""
        with self._write() as session, session.begin():
            yield session

    @contextlib.contextmanager
    def read(self) -> Iterator[Session]:
        with self._read() as session, session.begin():
            yield session

    def upgrade(self, revision: str = "head") -> None:
        with self.engine.execution_options(**{_WRITE: True}).begin() as connection:
            config = Config()
            config.set_main_option("script_location", str(MIGRATIONS_DIR))
            config.attributes["connection"] = connection
            command.upgrade(config, revision)

    def is_current(self) -> bool:
        with self.engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision() == _head()

    def dispose(self) -> None:
        self.engine.dispose()


_heads_lock = threading.Lock()
_heads: list[str] = []


def _head() -> str:
    with _heads_lock:
        if not _heads:
            config = Config()
            config.set_main_option("script_location", str(MIGRATIONS_DIR))
            _heads.append(ScriptDirectory.from_config(config).get_current_head())
        return _heads[0]


def database_url(app: Flask) -> str:
    """PARTYDOCS_DATABASE_URL, else a SQLite file in the instance folder."""
    url = app.config.get("DATABASE_URL")
    if url:
        return url
    os.makedirs(app.instance_path, exist_ok=True)
    return f"sqlite:///{Path(app.instance_path) / DATABASE_FILE}"


def init_app(app: Flask) -> None:
    database = Database(database_url(app))
    # The embedded database needs no operator: it is created and kept at the newest schema on start.
    # A server database is upgraded by `python -m service db upgrade`, run once per release.
    if database.embedded and not database.is_current():
        database.upgrade()
    # No connection stays open from start-up: gunicorn forks workers from this process, and a
    # connection inherited by two processes corrupts both sides' sessions.
    database.dispose()
    app.extensions["database"] = database


def get_database() -> Database:
    return current_app.extensions["database"]
