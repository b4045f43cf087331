"""`python -m service serve --prod` runs gunicorn and logs one JSON line per request, without bodies."""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request

from tests.conftest import ROOT


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_production_server_answers_and_logs_requests(tmp_path):
    port = _free_port()
    env = {**os.environ, "PARTYDOCS_SERVER_WORKERS": "1", "PARTYDOCS_SERVER_THREADS": "2"}
    if "TEST_DATABASE_URL" not in env:
        env["PARTYDOCS_DATABASE_URL"] = f"sqlite:///{tmp_path}/serving.sqlite3"
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
                                         headers={"Content-Type": "application/json"})
        assert urllib.request.urlopen(request, timeout=30).status == 200
    finally:
        server.terminate()
        log = server.communicate(timeout=30)[1]
    lines = [json.loads(line) for line in log.splitlines() if line.startswith("{")]
    assert {"method": "POST", "path": "/api/v1/documents/nghi-quyet-thang", "status": 200}.items() <= lines[-1].items()
    assert "Nguyễn Văn An" not in log          # no document contents in the log
