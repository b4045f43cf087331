"""Limits: the shape of JSON bodies (413 naming the field) and the rate limit per key (429 with Retry-After)."""

from __future__ import annotations

import pytest

from service.api.limits import RateLimiter
from service.config import DEFAULTS
from service.kinds.base import LONG_TEXT, MAX_ITEMS
from tests.conftest import keyed_client

URL = "/api/v1/documents/bien-ban-thuong-ky"


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_bucket_lets_a_burst_through_then_one_request_per_interval():
    clock = Clock()
    bucket = RateLimiter(rate_per_minute=6, burst=3, clock=clock)
    assert [bucket.take("k") for _ in range(3)] == [0, 0, 0]
    assert bucket.take("k") == pytest.approx(10.0)
    clock.now += 4
    assert bucket.take("k") == pytest.approx(6.0)
    clock.now += 6
    assert bucket.take("k") == 0
    assert bucket.take("other") == 0  # each key has its own bucket


def test_a_bucket_never_holds_more_than_its_burst():
    clock = Clock()
    bucket = RateLimiter(rate_per_minute=60, burst=2, clock=clock)
    clock.now += 3600
    assert [bucket.take("k") == 0 for _ in range(3)] == [True, True, False]


def test_a_key_over_its_rate_gets_429_with_retry_after(app, api_org):
    app.config.update(RATE_LIMIT_PER_MINUTE=1, RATE_LIMIT_BURST=2)
    client, other = keyed_client(app, api_org["id"]), keyed_client(app, api_org["id"])
    assert [client.get("/api/v1/organizations").status_code for _ in range(2)] == [200, 200]
    refused = client.get("/api/v1/organizations")
    assert refused.status_code == 429 and refused.mimetype == "application/problem+json"
    assert refused.get_json()["code"] == "rate_limited"
    assert 1 <= int(refused.headers["Retry-After"]) <= 60
    assert refused.headers["Retry-After"] in refused.get_json()["detail"]
    assert other.get("/api/v1/organizations").status_code == 200
    assert app.test_client().get("/api/v1/openapi.json").status_code == 200  # public: not counted


def test_no_limit_when_the_setting_is_0(app, client):
    app.config.update(RATE_LIMIT_PER_MINUTE=0, RATE_LIMIT_BURST=1)
    assert {client.get("/api/v1/organizations").status_code for _ in range(5)} == {200}


def test_the_json_limits_leave_room_for_what_the_kinds_accept():
    assert DEFAULTS["MAX_JSON_ITEMS"] >= MAX_ITEMS and DEFAULTS["MAX_JSON_STRING_LENGTH"] >= LONG_TEXT


def test_an_array_over_the_limit_is_413_naming_it(app, client, meeting):
    app.config["MAX_JSON_ITEMS"] = 40
    meeting["speeches"] = (meeting["speeches"] * 41)[:41]
    response = client.post(URL, json=meeting)
    assert response.status_code == 413 and response.get_json()["code"] == "json_limits_exceeded"
    errors = response.get_json()["errors"]
    assert [(e["pointer"], e["code"]) for e in errors] == [("/speeches", "too_many_items")]
    assert errors[0]["message"] == "Trường “/speeches”: có 41 mục, quá giới hạn 40 mục."


def test_objects_strings_and_keys_over_the_limit_are_413_each_named(app, client, meeting):
    app.config.update(MAX_JSON_STRING_LENGTH=1500, MAX_JSON_ITEMS=30)
    meeting["conclusion"] = "Đồng ý. " * 250
    meeting["speeches"][0]["k" * 1600] = 1
    meeting["meeting"] = {str(i): i for i in range(31)}
    errors = client.post(URL, json=meeting).get_json()["errors"]
    assert {(e["pointer"], e["code"]) for e in errors} == {
        ("/meeting", "too_many_items"),
        ("/speeches/0", "key_too_long"),
        ("/conclusion", "string_too_long"),
    }
    long_text = next(e["message"] for e in errors if e["code"] == "string_too_long")
    assert long_text == "Trường “/conclusion”: dài 2.000 ký tự, quá giới hạn 1.500 ký tự."


def test_the_limits_apply_to_every_json_body(app, client, api_org):
    app.config["MAX_JSON_STRING_LENGTH"] = 10
    response = client.post(f"/api/v1/organizations/{api_org['id']}/members", json={"full_name": "Nguyễn Văn Thành Công"})
    assert response.status_code == 413 and response.get_json()["errors"][0]["pointer"] == "/full_name"


def test_nesting_deeper_than_the_limit_is_still_400(app, client):
    app.config["MAX_JSON_DEPTH"] = 3
    response = client.post(URL, json={"a": {"b": {"c": {}}}})
    assert response.status_code == 400 and response.get_json()["code"] == "json_too_deep"
