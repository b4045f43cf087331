"""`python -m service serve --prod` runs gunicorn and logs one JSON line per request, without bodies."""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from service import create_app
from service.store import keys, organizations
from tests.conftest import ROOT


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _first_key(url: str, folder: Path) -> str:
    """A write key of a new organization, in the database the server is about to use."""
    app = create_app({"DATABASE_URL": url, "INSTANCE_DIR": str(folder), "STORAGE_DIR": str(folder / "storage")})
    database = app.extensions["database"]
    org = organizations.create_organization(database, {"name": "Chi bộ Thôn Đông", "place": "An Phú"})
    token = keys.create_key(database, org["id"]).token
    database.dispose()
    return token


def test_production_server_answers_and_logs_requests(tmp_path):
    port = _free_port()
    env = {**os.environ, "PARTYDOCS_SERVER_WORKERS": "1", "PARTYDOCS_SERVER_THREADS": "2",
           "PARTYDOCS_DATABASE_URL": f"sqlite:///{tmp_path}/serving.sqlite3"}
    token = _first_key(env["PARTYDOCS_DATABASE_URL"], tmp_path)
    server = subprocess.Popen([sys.executable, "-m", "service", "serve", "--prod", "--port", str(port)], cwd=ROOT,
                              env=env, stderr=subprocess.PIPE, text=True)
    try:
        body = None
        for _ in range(100):
            try:
                body = json.loads(urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2).read())
                break
            except OSError:
                time.sleep(0.1)
        assert body == {"status": "ok"}
        sample = (ROOT / "samples" / "monthly-meeting.json").read_bytes()
        request = urllib.request.Request(f"http://127.0.0.1:{port}/api/v1/documents/nghi-quyet-thang", data=sample,
                                         headers={"Content-Type": "application/json",
                                                  "Authorization": f"Bearer {token}"})
        assert urllib.request.urlopen(request, timeout=30).status == 200
    finally:
        server.terminate()
        log = server.communicate(timeout=30)[1]
    lines = [json.loads(line) for line in log.splitlines() if line.startswith("{")]
    assert {"method": "POST", "path": "/api/v1/documents/nghi-quyet-thang", "status": 200,
            "client": token[:12]}.items() <= lines[-1].items()
    assert token not in log
    assert "Nguyễn Văn An" not in log          # no document contents in the log
