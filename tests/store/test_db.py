"""The embedded database appears on first start, at the newest schema, in WAL mode."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import text

from service.store import db
from service.store.db import Database


def test_first_start_creates_the_embedded_database_in_the_instance_folder(tmp_path):
    app = Flask(__name__, instance_path=str(tmp_path / "instance"))
    db.init_app(app)
    database = app.extensions["database"]
    assert (tmp_path / "instance" / "partydocs.sqlite3").is_file() and database.is_current()
    with database.engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
    database.dispose()


def test_an_upgrade_of_a_current_database_changes_nothing(app):
    database: Database = app.extensions["database"]
    assert database.is_current()
    database.upgrade()
    assert database.is_current()
