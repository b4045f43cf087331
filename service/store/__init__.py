"""Persistence: organizations and rosters, the document-number register, and the archive of issued documents.

`init_app` connects the database (upgrading an embedded one to the newest
schema on first start) and the file storage.
"""

from __future__ import annotations

from flask import Flask

from service.store import db, storage


def init_app(app: Flask) -> None:
    db.init_app(app)
    storage.init_app(app)
