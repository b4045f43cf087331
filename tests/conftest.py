"""Shared fixtures: a fresh app and client per test and the sample input."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from sqlalchemy import text

from service import create_app
from service.batch.progress.models import BatchBase
from service.render import pdf
from service.store import keys, organizations
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
    # No rate limit unless a test sets one (tests/api/test_limits.py): suites send hundreds of requests.
    app = create_app(
        {
            "TESTING": True,
            "INSTANCE_DIR": str(tmp_path),
            "RATE_LIMIT_PER_MINUTE": 0,
            "DATABASE_URL": database_source.fresh(tmp_path),
            "STORAGE_DIR": str(tmp_path / "storage"),
        }
    )
    if database_source.server_url:
        # The batch tables have a metadata of their own (service/batch/progress/models.py): emptied here, as
        # Source.fresh empties the store's. A SQLite database is a fresh copy already.
        with app.extensions["database"].engine.begin() as connection:
            connection.execute(
                text(f"TRUNCATE {', '.join(t.name for t in BatchBase.metadata.sorted_tables)} RESTART IDENTITY CASCADE")
            )
    yield app
    if "batch" in app.extensions:
        app.extensions["batch"].close()  # batches running in the background end before their database goes
    pdf.stop(app)  # LibreOffices a test's PDF requests started stay resident otherwise, until pytest exits
    app.extensions["database"].dispose()


@pytest.fixture
def client(app):
    return app.test_client()


# A đảng bộ at the top of the tree, for tests whose API key needs an organization and nothing more.
TOP_ORGANIZATION = {
    "level": "dang_bo",
    "name": "Đảng bộ xã Bình Minh",
    "abbreviation": "ĐU",
    "place": "Bình Minh",
    "created_on": "2020-01-01",
}


def keyed_client(app, organization_id: int, scope: str = "write"):
    """A test client sending a new API key of `organization_id` with every request."""
    token = keys.create_key(app.extensions["database"], organization_id, scope).token
    client = app.test_client()
    client.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    return client


@pytest.fixture
def api_org(app) -> dict:
    """The organization whose key `api_client` sends (tests/store: its đảng bộ, which the chi bộ is under)."""
    return organizations.create_organization(app.extensions["database"], TOP_ORGANIZATION)


@pytest.fixture
def api_client(app, api_org):
    """A client with a write key: what every /api/v1 route but the OpenAPI document needs."""
    return keyed_client(app, api_org["id"])


@pytest.fixture
def meeting() -> dict:
    """A fresh copy of the monthly meeting sample for each test to modify."""
    return copy.deepcopy(_sample("monthly-meeting.json"))


def _sample(name: str) -> dict:
    return json.loads((SAMPLES / name).read_text(encoding="utf-8"))
