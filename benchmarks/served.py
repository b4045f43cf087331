"""The service as it really runs — `python -m service serve` (Werkzeug) or `serve --prod` (gunicorn) in a
subprocess on a free loopback port, with its own instance folder, one chi bộ and a write key — and the
memory of its serving processes as the kernel counts it (/proc/PID/status: VmHWM, the peak resident set).

For `python -m benchmarks uploads` and the tests that measure what a request costs the server or send
requests byte by byte over a socket.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import socket
import subprocess
import sys
import threading
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHI_BO = {
    "name": "Chi bộ Thôn Đông",
    "upper_name": "Đảng bộ xã An Phú",
    "place": "An Phú",
    "abbreviation": "CB",
    "created_on": "2026-01-01",
}


@dataclass(frozen=True)
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes
    seconds: float

    def json(self):
        return json.loads(self.body)


def multipart(filename: str, data: bytes, fields: dict[str, str] | None = None, field: str = "file") -> tuple[bytes, str]:
    """A multipart/form-data body with `fields` and one file: the body and its Content-Type."""
    boundary = uuid.uuid4().hex
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in (fields or {}).items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{field}"; filename="{filename}"\r\n'
        f"Content-Type: application/octet-stream\r\n\r\n".encode()
        + data
        + b"\r\n"
    )
    return b"".join(parts) + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Served:
    """A server process for the length of a `with` block."""

    def __init__(self, folder: Path, *, production: bool = False, settings: dict[str, str] | None = None):
        self.folder, self.production, self.port = folder, production, free_port()
        self.database_url = f"sqlite:///{folder}/served.sqlite3"
        self.env = {
            **os.environ,
            "PARTYDOCS_INSTANCE_DIR": str(folder),
            "PARTYDOCS_DATABASE_URL": self.database_url,
            "PARTYDOCS_STORAGE_DIR": str(folder / "storage"),
            "PARTYDOCS_RATE_LIMIT_PER_MINUTE": "0",
            "PARTYDOCS_SOFFICE_PATH": "",
            "PARTYDOCS_BATCH_WORKERS": "1",
            "PARTYDOCS_SERVER_WORKERS": "1",
            "PARTYDOCS_TEMPLATE_WORKERS": "1",
            **(settings or {}),
        }
        self.process: subprocess.Popen | None = None
        self.cookie = self.csrf = ""

    def __enter__(self) -> "Served":
        self.organization_id, self.token = self._organization_and_key()
        command = [sys.executable, "-m", "service", "serve", "--port", str(self.port)]
        self.process = subprocess.Popen(
            command + (["--prod"] if self.production else []),
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if self.get("/healthz", timeout=2).status == 200 and (not self.production or self.worker_pids()):
                    return self
            except OSError:
                time.sleep(0.1)
        self.__exit__()
        raise RuntimeError("the server did not start within a minute")

    def __exit__(self, *exc) -> None:
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def _organization_and_key(self) -> tuple[int, str]:
        """The chi bộ and its write key, made in the database before the server opens it."""
        from service import create_app
        from service.store import keys, organizations

        app = create_app(
            {
                "DATABASE_URL": self.database_url,
                "INSTANCE_DIR": str(self.folder),
                "STORAGE_DIR": str(self.folder / "storage"),
            }
        )
        database = app.extensions["database"]
        organization = organizations.create_organization(database, CHI_BO)
        token = keys.create_key(database, organization["id"]).token
        database.dispose()
        return organization["id"], token

    def worker_pids(self) -> list[int]:
        """The processes that serve requests: the server itself, or gunicorn's workers."""
        if not self.production:
            return [self.process.pid]
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text().split()
        return [int(pid) for pid in children]

    def memory(self, field: str = "VmHWM") -> int:
        """The largest `field` (VmHWM: peak resident set, VmRSS: now) of the serving processes, in bytes."""
        sizes = []
        for pid in self.worker_pids():
            status = Path(f"/proc/{pid}/status").read_text()
            sizes.append(int(re.search(rf"^{field}:\s+(\d+) kB", status, re.MULTILINE).group(1)) * 1024)
        return max(sizes)

    def request(
        self, method: str, path: str, body: bytes = b"", headers: dict[str, str] | None = None, timeout: float = 120
    ) -> Answer:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        started = time.monotonic()
        try:
            connection.request(method, path, body=body or None, headers=headers or {})
            response = connection.getresponse()
            answer = Answer(response.status, dict(response.getheaders()), response.read(), 0.0)
        finally:
            connection.close()
        return Answer(answer.status, answer.headers, answer.body, time.monotonic() - started)

    def get(self, path: str, timeout: float = 30) -> Answer:
        return self.request("GET", path, timeout=timeout)

    def api(
        self, method: str, path: str, body: bytes = b"", content_type: str = "application/json", timeout: float = 120
    ) -> Answer:
        return self.request(
            method, path, body, {"Authorization": f"Bearer {self.token}", "Content-Type": content_type}, timeout
        )

    def upload(
        self,
        path: str,
        filename: str,
        data: bytes,
        fields: dict[str, str] | None = None,
        *,
        field: str = "file",
        web: bool = False,
        timeout: float = 120,
    ) -> Answer:
        """A multipart form with one file, sent with the API key, or as the web page's form (session and
        CSRF token) when `web`."""
        body, content_type = multipart(filename, data, fields, field)
        return self.request("POST", path, body, {"Content-Type": content_type, **self.credentials(web)}, timeout)

    def credentials(self, web: bool = False) -> dict[str, str]:
        return self.web_session() if web else {"Authorization": f"Bearer {self.token}"}

    def chunked(self, path: str, body: bytes, headers: dict[str, str], chunk: int = 64 * 1024) -> Answer:
        """POST `body` with Transfer-Encoding: chunked (no declared length) over a socket, sending from
        another thread while the answer is read, as a client that streams would."""
        connection = socket.create_connection(("127.0.0.1", self.port), timeout=60)
        head = "".join(f"{name}: {value}\r\n" for name, value in headers.items())
        started = time.monotonic()

        def send() -> None:
            try:
                connection.sendall(
                    f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n{head}\r\n".encode()
                )
                for start in range(0, len(body), chunk):
                    piece = body[start : start + chunk]
                    connection.sendall(b"%x\r\n%s\r\n" % (len(piece), piece))
                connection.sendall(b"0\r\n\r\n")
            except OSError:
                pass  # the server answered and closed before the whole body was sent

        sender = threading.Thread(target=send)
        sender.start()
        try:
            response = http.client.HTTPResponse(connection)
            response.begin()
            answer = Answer(response.status, dict(response.getheaders()), response.read(), time.monotonic() - started)
        finally:
            sender.join()
            connection.close()
        return answer

    def web_session(self) -> dict[str, str]:
        """The session cookie and CSRF token of the web pages, taken from the home page once."""
        if not self.cookie:
            page = self.get("/")
            self.cookie = page.headers["Set-Cookie"].split(";", 1)[0]
            self.csrf = re.search(rb'<meta name="csrf-token" content="([^"]+)"', page.body).group(1).decode()
        return {"Cookie": self.cookie, "X-CSRF-Token": self.csrf}
