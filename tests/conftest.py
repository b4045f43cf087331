"""Shared fixtures: a fresh app and client per test and the sample input."""
from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from service import create_app
from tests.store.databases import Source

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"


@pytest.fixture(scope="session")
def database_source(tmp_path_factory):
    source = Source(tmp_path_factory.mktemp("database"))
    yield source
    source.close()


@pytest.fixture
def app(tmp_path, database_source):
    """An app with its own empty database and file storage (see tests/store/databases.py)."""
    app = create_app({"TESTING": True, "INSTANCE_DIR": str(tmp_path),
                      "DATABASE_URL": database_source.fresh(tmp_path), "STORAGE_DIR": str(tmp_path / "storage")})
    yield app
    app.extensions["database"].dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def meeting() -> dict:
    """A fresh copy of the monthly meeting sample for each test to modify."""
    return copy.deepcopy(_sample("monthly-meeting.json"))


def _sample(name: str) -> dict:
    return json.loads((SAMPLES / name).read_text(encoding="utf-8"))
