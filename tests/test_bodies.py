"""A body over the limit is 413 whether or not it declares its length, on every route, under the development
server and gunicorn alike: requests sent chunked, byte by byte over a socket, to real servers.

POST /api/v1/documents/verify of a 3.9 MB chunked body once answered 200 with the hash of its first 2 MiB.
"""

from __future__ import annotations

import hashlib
import json

import pytest

from benchmarks.rosters import roster_table, write_csv
from benchmarks.served import Served, multipart
from tests.conftest import SAMPLES

LIMIT = 256 * 1024  # MAX_CONTENT_LENGTH of the servers here
BATCH_LIMIT = 512 * 1024  # BATCH_MAX_UPLOAD
SETTINGS = {
    "PARTYDOCS_MAX_CONTENT_LENGTH": str(LIMIT),
    "PARTYDOCS_BATCH_MAX_UPLOAD": str(BATCH_LIMIT),
    "PARTYDOCS_LOGIN_REQUIRED": "false",
    "PARTYDOCS_SERVER_THREADS": "4",
}


@pytest.fixture(scope="module", params=["development", "gunicorn"])
def served(request, tmp_path_factory):
    with Served(tmp_path_factory.mktemp(request.param), production=request.param == "gunicorn", settings=SETTINGS) as server:
        yield server


def raw(served: Served, path: str, body: bytes, content_type: str, web: bool = False):
    return served.chunked(path, body, {"Content-Type": content_type, **served.credentials(web)})


def test_a_chunked_body_over_the_limit_is_413_not_the_hash_of_its_beginning(served):
    answer = raw(served, "/api/v1/documents/verify", b"x" * (LIMIT * 2), "application/octet-stream")
    assert (answer.status, answer.json()["code"]) == (413, "payload_too_large")
    assert answer.headers["Content-Type"] == "application/problem+json"


@pytest.mark.parametrize("size", [LIMIT, LIMIT - 1, 1000])
def test_a_chunked_body_up_to_the_limit_is_read_whole(served, size):
    body = b"y" * size
    answer = raw(served, "/api/v1/documents/verify", body, "application/octet-stream")
    assert answer.status == 200 and answer.json()["sha256"] == hashlib.sha256(body).hexdigest()


def test_a_declared_length_over_the_limit_is_413_too(served):
    answer = served.api("POST", "/api/v1/documents/verify", b"x" * (LIMIT + 1), "application/octet-stream")
    assert answer.status == 413


def test_json_over_the_limit_is_413(served):
    meeting = json.loads((SAMPLES / "monthly-meeting.json").read_text(encoding="utf-8"))
    body = json.dumps(meeting).encode() + b" " * LIMIT
    answer = raw(served, "/api/v1/documents/nghi-quyet-thang", body, "application/json")
    assert (answer.status, answer.json()["code"]) == (413, "payload_too_large")
    assert raw(served, "/api/v1/documents/nghi-quyet-thang", json.dumps(meeting).encode(), "application/json").status == 200


@pytest.mark.parametrize("path", ["/api/v1/check", "/api/v1/convert"])
def test_a_multipart_upload_over_the_limit_is_413(served, path):
    answer = raw(served, path, *multipart("a.docx", b"\0" * LIMIT))
    assert (answer.status, answer.json()["code"]) == (413, "payload_too_large")


def test_a_roster_has_the_batch_limit_over_the_api_and_the_web_page(served, tmp_path):
    roster = write_csv(roster_table(3), tmp_path / "r.csv").read_bytes()
    padded = roster + b"\n" * (LIMIT + 1000)  # over the request limit, under the batch limit
    assert raw(served, "/api/v1/batches", *multipart("r.csv", padded, {"year": "2026"})).status == 202
    page = raw(served, "/batches", *multipart("r.csv", padded, {"/year": "2026", "source": "file"}), web=True)
    assert page.status == 303
    over = roster + b"\n" * BATCH_LIMIT
    assert raw(served, "/api/v1/batches", *multipart("r.csv", over, {"year": "2026"})).status == 413
    assert raw(served, "/batches", *multipart("r.csv", over, {"/year": "2026"}), web=True).status == 413


def test_a_web_upload_over_the_limit_is_413(served):
    answer = raw(served, "/organization/members/import", *multipart("r.csv", b"a,b\n" * LIMIT, field="roster"), web=True)
    assert answer.status == 413 and "text/html" in answer.headers["Content-Type"]
    assert served.get("/healthz").status == 200
