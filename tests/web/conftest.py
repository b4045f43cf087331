"""Fixtures of the web page tests: a client without LibreOffice, a recorded chi bộ with its roster."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from werkzeug.datastructures import MultiDict

from service.store import organizations, roster
from tests.conftest import SAMPLES
from tests.web.browser import form_fields

MONTHLY = "/forms/bien-ban-thuong-ky"


@pytest.fixture
def local(app):
    """The app as `python -m service serve` runs it on 127.0.0.1: no login, no LibreOffice unless a test says so."""
    app.config["LOGIN_REQUIRED"] = False
    app.config["SOFFICE_PATH"] = ""
    return app


@pytest.fixture
def web(local):
    return local.test_client()


@pytest.fixture
def chi_bo(app) -> dict:
    """The only organization recorded, so the pages use it; its roster is samples/roster.csv."""
    database = app.extensions["database"]
    org = organizations.create_organization(
        database,
        {"name": "Chi bộ Thôn Đông", "upper_name": "Đảng bộ xã An Phú", "place": "An Phú", "created_on": "2026-01-01"},
    )
    roster.import_roster(database, org["id"], roster.validate(roster.read_table(SAMPLES / "roster.csv")))
    return org


def post(client, url: str, pairs):
    return client.post(url, data=MultiDict(pairs))


def sample_pairs(client, url: str = MONTHLY, *, example: bool = False):
    """What a browser sends for the form filled with the kind's sample: as typed by hand (a real document), or
    with `example` as "Xem ví dụ điền sẵn" sends it (a sandbox)."""
    pairs = form_fields(client.get(url + "?sample=1").data)
    return pairs if example else [(name, value) for name, value in pairs if name != "_example"]


def issue(client, submitted):
    """Press "Ban hành" on the page of the drafts a form submission led to."""
    result = urlsplit(submitted.headers["Location"]).path
    return post(client, result + "/issue", form_fields(client.get(result).data, "issue-form"))
