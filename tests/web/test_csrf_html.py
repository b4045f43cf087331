"""CSRF is on by default: every unsafe route of the web pages refuses a request without the session's token,
as tests/api/test_auth.py walks the API for its key. A new view is covered without calling anything."""

from __future__ import annotations

import re

import pytest
from lxml import html

from service.store import organizations
from service.web import accounts, auth
from service.web.csrf import UNSAFE_METHODS

PASSWORD = "mật khẩu đủ dài"
# Values that exist for the path arguments, so that a friendlier refusal (the form again) has its page to show.
EXISTING = {"form_id": "bien-ban-thuong-ky", "kind_id": "bien-ban-thuong-ky"}


@pytest.fixture
def networked(app):
    app.config.update(LOGIN_REQUIRED=True, SOFFICE_PATH="")
    auth.configure(app)
    database = app.extensions["database"]
    org = organizations.create_organization(
        database,
        {"name": "Chi bộ Thôn Đông", "upper_name": "Đảng bộ xã An Phú", "place": "An Phú", "created_on": "2026-01-01"},
    )
    accounts.create_account(database, org["id"], "dong", PASSWORD)
    return app


def _signed_in(app):
    """A signed-in account over HTTPS: the login and organization checks pass, so the CSRF check is what answers."""
    client = app.test_client()
    client.environ_base["wsgi.url_scheme"] = "https"
    token = html.fromstring(client.get("/login").data).xpath("//input[@name='_csrf']/@value")[0]
    assert client.post("/login", data={"_csrf": token, "username": "dong", "password": PASSWORD}).status_code == 303
    return client


def _unsafe_web_routes(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("web."):
            for method in sorted(rule.methods & UNSAFE_METHODS):
                yield method, re.sub(r"<(?:\w+:)?(\w+)>", lambda m: EXISTING.get(m[1], "1"), rule.rule)


def test_every_unsafe_web_route_refuses_a_request_without_the_token(networked):
    client = _signed_in(networked)
    routes = list(_unsafe_web_routes(networked))
    assert len(routes) >= 20
    for method, path in routes:
        for data in ({}, {"_csrf": "forged"}):
            response = client.open(path, method=method, data=data)
            assert response.status_code == 400, (method, path, data, response.status_code)


def test_the_token_in_the_form_or_the_header_lets_the_request_through(networked):
    client = _signed_in(networked)
    token = html.fromstring(client.get("/").data).xpath("//input[@name='_csrf']/@value")[0]
    assert client.post("/logout", headers={"X-CSRF-Token": token}).status_code == 303
    client = _signed_in(networked)
    token = html.fromstring(client.get("/").data).xpath("//input[@name='_csrf']/@value")[0]
    assert client.post("/logout", data={"_csrf": token}).status_code == 303
