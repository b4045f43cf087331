"""Idempotency-Key on POST /api/v1/documents/<kind>: a retry returns the first document and its number."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import update

from service.store import idempotency as records
from service.store.idempotency import IdempotencyRecord
from tests.conftest import keyed_client

URL = "/api/v1/documents/nghi-quyet-thang"


@pytest.fixture
def numbered(meeting, api_org) -> dict:
    """A resolution that takes the next number of the key's organization."""
    data = {**meeting, "organization_id": api_org["id"]}
    del data["resolution_number"]
    return data


def post(client, body: dict, key: str | None = "f5b0c1d2-retry-1", **headers):
    if key is not None:
        headers["Idempotency-Key"] = key
    return client.post(URL, json=body, headers=headers)


def register(client, api_org) -> list[tuple[int, str]]:
    entries = client.get(f"/api/v1/organizations/{api_org['id']}/register").get_json()["entries"]
    return [(entry["number"], entry["status"]) for entry in entries]


def test_a_retry_returns_the_same_document_and_number(client, numbered, api_org):
    first = post(client, numbered)
    again = post(client, numbered)
    assert first.status_code == again.status_code == 200
    assert again.data == first.data and again.headers["X-Document-Id"] == first.headers["X-Document-Id"]
    assert "Idempotent-Replayed" not in first.headers and again.headers["Idempotent-Replayed"] == "true"
    assert register(client, api_org) == [(1, "confirmed")]
    assert len(client.get("/api/v1/documents").get_json()["documents"]) == 1


def test_a_retry_may_ask_for_another_format_of_the_same_document(client, numbered):
    numbered["meeting"]["end"] = "15:00"  # too short: a warning that must come back with the replay
    first = post(client, numbered, Accept="application/json").get_json()
    docx = post(client, numbered)
    again = post(client, numbered, Accept="application/json").get_json()
    assert again == first and first["number"] == 1 and [w["code"] for w in first["warnings"]] == ["meeting_too_short"]
    assert docx.headers["X-Document-SHA256"] == first["sha256"]


def test_the_same_key_with_another_request_is_409_and_issues_nothing(client, numbered, api_org):
    post(client, numbered)
    numbered["conclusion"] = "Kết luận khác."
    response = post(client, numbered)
    assert response.status_code == 409 and response.get_json()["code"] == "idempotency_key_reused"
    other_kind = client.post(
        "/api/v1/documents/bien-ban-thuong-ky", json=numbered, headers={"Idempotency-Key": "f5b0c1d2-retry-1"}
    )
    assert other_kind.status_code == 409
    assert register(client, api_org) == [(1, "confirmed")]


def test_key_order_and_spacing_of_the_body_do_not_make_another_request(client, numbered):
    first = post(client, numbered)
    reordered = dict(reversed(list(numbered.items())))
    assert post(client, reordered).headers["X-Document-Id"] == first.headers["X-Document-Id"]


def test_different_keys_or_no_key_issue_new_documents(client, numbered, api_org):
    post(client, numbered, key="a")
    post(client, numbered, key="b")
    post(client, numbered, key=None)
    assert register(client, api_org) == [(1, "confirmed"), (2, "confirmed"), (3, "confirmed")]


def test_a_refused_request_records_nothing_so_the_key_can_be_sent_again_corrected(client, numbered):
    numbered["vote"]["in_favour"] = 18
    assert post(client, numbered).status_code == 422
    numbered["vote"]["in_favour"] = 16
    response = post(client, numbered)
    assert response.status_code == 200 and "Idempotent-Replayed" not in response.headers


def test_keys_are_per_organization(app, client, meeting, api_org):
    post(client, meeting)
    other = keyed_client(
        app,
        client.post(
            "/api/v1/organizations", json={"parent_id": api_org["id"], "name": "Chi bộ Thôn Bắc", "place": "Bình Minh"}
        ).get_json()["id"],
    )
    response = post(other, meeting)
    assert response.status_code == 200 and "Idempotent-Replayed" not in response.headers


def test_a_key_is_forgotten_after_the_configured_hours(app, client, numbered, api_org):
    post(client, numbered)
    with app.extensions["database"].write() as session:
        session.execute(
            update(IdempotencyRecord).values(
                created_at=IdempotencyRecord.created_at - dt.timedelta(hours=app.config["IDEMPOTENCY_KEY_HOURS"], seconds=1)
            )
        )
    again = post(client, numbered)
    assert "Idempotent-Replayed" not in again.headers
    assert register(client, api_org) == [(1, "confirmed"), (2, "confirmed")]
    assert post(client, numbered).headers["Idempotent-Replayed"] == "true"


def test_a_request_that_lost_the_race_returns_the_winner_s_document(client, numbered, api_org, monkeypatch):
    first = post(client, numbered)
    real_find, calls = records.find, []

    def find_nothing_first(*args, **kwargs):
        # As if this request had looked before the other one committed.
        calls.append(1)
        return None if len(calls) == 1 else real_find(*args, **kwargs)

    monkeypatch.setattr(records, "find", find_nothing_first)
    again = post(client, numbered)
    assert len(calls) == 2
    assert again.status_code == 200 and again.headers["X-Document-Id"] == first.headers["X-Document-Id"]
    assert register(client, api_org) == [(1, "confirmed")]


@pytest.mark.parametrize("key", ["", "has space", "x" * 256, "khóa"])
def test_a_malformed_key_is_400(client, meeting, key):
    response = client.post(URL, json=meeting, headers={"Idempotency-Key": key.encode("utf-8").decode("latin-1")})
    assert response.status_code == 400 and response.get_json()["code"] == "invalid_idempotency_key"


def test_the_openapi_document_offers_the_header(client):
    operation = client.get("/api/v1/openapi.json").get_json()["paths"][URL]["post"]
    (header,) = [p for p in operation["parameters"] if p["name"] == "Idempotency-Key"]
    assert header["in"] == "header" and {"400", "409"} <= set(operation["responses"])
    pattern = re.compile(header["schema"]["pattern"])
    assert pattern.match("7d1c5a2e-nq-2026-11") and pattern.match("x" * 255)
    for refused in ("", "has space", "x" * 256, "khóa"):  # what test_a_malformed_key_is_400 sends
        assert not pattern.match(refused)


def test_a_retry_of_a_draft_since_issued_returns_the_final_document(client, numbered, api_org):
    first = client.post(f"{URL}?draft=true", json=numbered, headers={"Idempotency-Key": "draft-then-issued"})
    draft_id = first.headers["X-Document-Id"]
    issued = client.post(f"/api/v1/documents/{draft_id}/issue")
    assert first.status_code == 200 and issued.status_code == 201
    again = client.post(f"{URL}?draft=true", json=numbered, headers={"Idempotency-Key": "draft-then-issued"})
    assert again.status_code == 200 and again.headers["Idempotent-Replayed"] == "true"
    assert again.headers["X-Document-Id"] == str(issued.get_json()["id"]) != draft_id
    assert register(client, api_org) == [(1, "confirmed")]
