"""`python -m service serve --prod`: gunicorn workers that read requests whole before serving them
(service/serving_worker.py), one JSON log line per request without bodies, and slow clients that neither
hold the threads nor keep their sockets past the deadlines.

Each test runs the real server in a subprocess on a loopback port. Waits are deadlines far above what a
quiet machine needs (a check answers in milliseconds), so they hold at load 10.
"""

from __future__ import annotations

import json
import socket
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from benchmarks.slow_clients import SlowClients, check_health, production_server, wait_for_drops
from service import create_app
from service.render.soffice import find_soffice
from service.store import keys, organizations
from tests.conftest import ROOT

# A check of /healthz that takes this long has failed: it answers in milliseconds on a quiet machine.
CHECK_TIMEOUT = 10
# Generous: the deadlines under test are 2 s, checked every second.
DROP_WITHIN = 60
BATCH_ROW = {
    "upper": "Đảng bộ xã Bình Minh",
    "cell": "Chi bộ Ấp 1",
    "place": "Bình Minh",
    "full_name": "Nguyễn Văn An",
    "party_position": "Bí thư Chi bộ",
}


def _first_key(folder: Path) -> str:
    """A write key of a new organization, in the database the server is about to use."""
    app = create_app(
        {
            "DATABASE_URL": f"sqlite:///{folder}/serving.sqlite3",
            "INSTANCE_DIR": str(folder),
            "STORAGE_DIR": str(folder / "storage"),
        }
    )
    database = app.extensions["database"]
    org = organizations.create_organization(database, {"name": "Chi bộ Thôn Đông", "place": "An Phú"})
    token = keys.create_key(database, org["id"]).token
    database.dispose()
    return token


def _call(port: int, path: str, token: str, data: bytes | None = None, headers: dict | None = None):
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}", data=data, headers={"Authorization": f"Bearer {token}", **(headers or {})}
    )
    return urllib.request.urlopen(request, timeout=120)


def test_production_server_answers_and_logs_requests(tmp_path):
    token = _first_key(tmp_path)
    with production_server({"PARTYDOCS_SERVER_WORKERS": "1", "PARTYDOCS_SERVER_THREADS": "2"}, tmp_path) as (port, _):
        sample = (ROOT / "samples" / "monthly-meeting.json").read_bytes()
        answer = _call(port, "/api/v1/documents/nghi-quyet-thang", token, sample, {"Content-Type": "application/json"})
        assert answer.status == 200 and answer.read().startswith(b"PK")
    log = (tmp_path / "server.log").read_text()
    lines = [json.loads(line) for line in log.splitlines() if line.startswith("{")]
    assert {
        "method": "POST",
        "path": "/api/v1/documents/nghi-quyet-thang",
        "status": 200,
        "client": token[:12],
    }.items() <= lines[-1].items()
    assert token not in log
    assert "Nguyễn Văn An" not in log  # no document contents in the log


def test_pdf_and_batches_work_under_the_production_worker(tmp_path):
    """The worker's threads start LibreOffice converters and the batch runner's processes as before."""
    token = _first_key(tmp_path)
    with production_server({"PARTYDOCS_SERVER_WORKERS": "1", "PARTYDOCS_BATCH_WORKERS": "1"}, tmp_path) as (port, _):
        batch = _call(
            port,
            "/api/v1/batches",
            token,
            json.dumps({"year": 2026, "members": [BATCH_ROW]}).encode(),
            {"Content-Type": "application/json"},
        )
        location = batch.headers["Location"]
        if find_soffice() is not None:
            sample = (ROOT / "samples" / "monthly-meeting.json").read_bytes()
            pdf = _call(
                port, "/api/v1/documents/nghi-quyet-thang?format=pdf", token, sample, {"Content-Type": "application/json"}
            )
            assert pdf.read().startswith(b"%PDF")
        deadline = time.monotonic() + 300
        while (job := json.loads(_call(port, location, token).read()))["status"] not in ("done", "failed"):
            assert time.monotonic() < deadline, job
            time.sleep(0.5)
        assert job["status"] == "done"
        assert _call(port, f"{location}/download", token).read().startswith(b"PK")


def test_slow_clients_hold_no_thread(tmp_path):
    """With 2 threads, 40 connections sending a header line or a body byte every second: every check of
    /healthz answers (gthread: threads taken by the first slow clients, checks timed out)."""
    slow = {
        "PARTYDOCS_SERVER_WORKERS": "1",
        "PARTYDOCS_SERVER_THREADS": "2",
        "PARTYDOCS_SERVER_HEADER_TIMEOUT_SECONDS": "600",
        "PARTYDOCS_SERVER_BODY_TIMEOUT_SECONDS": "600",
    }
    with production_server(slow, tmp_path) as (port, _):
        with SlowClients(port, 20, interval=1.0) as headers, SlowClients(port, 20, interval=1.0, body=True) as body:
            checks = check_health(port, count=5, every=1.0, timeout=CHECK_TIMEOUT)
            assert checks.failed == [] and len(checks.answered) == 5
            assert headers.dropped() == body.dropped() == 0  # still connected: the deadlines are far away


def test_slow_requests_are_dropped_at_their_deadlines_and_steady_ones_served(tmp_path):
    deadlines = {
        "PARTYDOCS_SERVER_WORKERS": "1",
        "PARTYDOCS_SERVER_HEADER_TIMEOUT_SECONDS": "2",
        "PARTYDOCS_SERVER_BODY_TIMEOUT_SECONDS": "2",
        "PARTYDOCS_SERVER_BODY_MIN_BYTES_PER_SECOND": "1000",
    }
    with production_server(deadlines, tmp_path) as (port, _):
        with SlowClients(port, 10, interval=0.5) as headers, SlowClients(port, 10, interval=0.5, body=True) as body:
            assert wait_for_drops(headers, DROP_WITHIN) == 10
            assert wait_for_drops(body, DROP_WITHIN) == 10
        assert check_health(port, count=1, every=0, timeout=CHECK_TIMEOUT).failed == []
        # 6 KB in 3 s, past the 2 s grace but at 2 KB/s, above the minimum rate: read to the end and answered.
        assert _steady_upload(port, pieces=6, piece=1000, pause=0.5).startswith(b"HTTP/1.1 401")


def _steady_upload(port: int, pieces: int, piece: int, pause: float) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=CHECK_TIMEOUT * 3) as connection:
        connection.sendall(
            b"POST /api/v1/documents/verify HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
            b"Content-Type: application/octet-stream\r\nContent-Length: %d\r\n\r\n" % (pieces * piece)
        )
        for _ in range(pieces):
            time.sleep(pause)
            connection.sendall(b"x" * piece)
        return connection.recv(65536)


def test_a_body_larger_than_any_route_accepts_is_refused_before_it_is_read(tmp_path):
    """Past the largest upload (BATCH_MAX_UPLOAD) and its envelope, waitress answers 413 without spooling it."""
    with production_server({"PARTYDOCS_SERVER_WORKERS": "1"}, tmp_path) as (port, _):
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/api/v1/batches",
            method="POST",
            headers={"Content-Length": str(70 * 1024 * 1024), "Content-Type": "text/csv"},
        )
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=CHECK_TIMEOUT)
        assert refused.value.code == 413
