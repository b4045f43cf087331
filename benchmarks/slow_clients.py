"""`python -m benchmarks slow-clients`: does the production server keep answering while slow clients hold
connections open?

Starts `python -m service serve --prod` on a loopback port, opens N connections
that each send a request one header line (or one body byte) at a time, and
meanwhile asks /healthz every few seconds. Prints how many checks answered and
how long they took, and whether the server dropped the slow connections
(header and body deadlines). Loopback only, bounded in connections and time.

Measured with gunicorn's gthread worker (2 workers x 4 threads): 20 connections
sending a header line every 5 s made /healthz time out in 6 of 15 checks, 200
connections in 8 of 8 (issue 14).
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

ROOT = Path(__file__).resolve().parents[1]
# Starting the service imports Flask, SQLAlchemy, pydantic and python-docx: seconds, many more at load 10.
START_SECONDS = 120


@dataclass
class Checks:
    """What /healthz answered while the slow clients were connected."""

    answered: list[float] = field(default_factory=list)  # seconds each answer took
    failed: list[str] = field(default_factory=list)  # why each failed check failed

    def line(self) -> str:
        worst = f", slowest {max(self.answered):.2f} s" if self.answered else ""
        return f"/healthz answered {len(self.answered)} of {len(self.answered) + len(self.failed)} checks{worst}"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def production_server(env: dict[str, str], folder: Path):
    """`serve --prod` on a free loopback port with its own database, until the block ends."""
    return running_server(env, folder, "--prod")


@contextmanager
def running_server(env: dict[str, str], folder: Path, *options: str) -> Iterator[tuple[int, subprocess.Popen]]:
    """`python -m service serve OPTIONS` on a free loopback port with its own database, until the block ends."""
    port = free_port()
    env = {
        **os.environ,
        "PARTYDOCS_DATABASE_URL": f"sqlite:///{folder}/serving.sqlite3",
        "PARTYDOCS_INSTANCE_DIR": str(folder),
        "PARTYDOCS_STORAGE_DIR": str(folder / "storage"),
        "PARTYDOCS_BATCH_DIR": str(folder / "batches"),
        **env,
    }
    log = open(folder / "server.log", "w+")
    server = subprocess.Popen(
        [sys.executable, "-m", "service", "serve", *options, "--port", str(port)],
        cwd=ROOT,
        env=env,
        stderr=log,
        stdout=log,
        text=True,
    )
    try:
        wait_until_up(port, server)
        yield port, server
    finally:
        server.terminate()
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


def wait_until_up(port: int, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the server exited with status {server.returncode}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as answer:
                if json.loads(answer.read()) == {"status": "ok"}:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"the server did not answer within {START_SECONDS} s")


class SlowClients:
    """N connections, each sending a request a piece at a time from one thread, until stopped."""

    def __init__(self, port: int, count: int, interval: float, *, body: bool = False):
        self.port, self.interval, self.body = port, interval, body
        self.sockets = [self._open() for _ in range(count)]
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._trickle, daemon=True)

    def _open(self) -> socket.socket:
        connection = socket.create_connection(("127.0.0.1", self.port), timeout=30)
        head = "POST /api/v1/documents/verify HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        if self.body:
            head += "Content-Type: application/octet-stream\r\nContent-Length: 100000\r\n\r\n"
        connection.sendall(head.encode("ascii"))
        return connection

    def __enter__(self) -> "SlowClients":
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._stop.set()
        self._thread.join()
        for connection in self.sockets:
            connection.close()

    def _trickle(self) -> None:
        piece = b"x" if self.body else b"X-Slow: 1\r\n"
        while not self._stop.wait(self.interval):
            for connection in self.sockets:
                try:
                    connection.sendall(piece)
                except OSError:
                    pass  # the server dropped it: what the deadlines are for

    def dropped(self) -> int:
        """How many of the connections the server has closed."""
        return sum(1 for connection in self.sockets if _closed_by_peer(connection))


def _closed_by_peer(connection: socket.socket) -> bool:
    connection.setblocking(False)
    try:
        data = connection.recv(65536)
    except BlockingIOError:
        return False
    except OSError:
        return True
    finally:
        connection.setblocking(True)
    # An answer (408, 400) before closing counts as dropped too: the request was not served as sent.
    return data == b"" or data.startswith(b"HTTP/")


def check_health(port: int, count: int, every: float, timeout: float) -> Checks:
    checks = Checks()
    for n in range(count):
        started = time.monotonic()
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=timeout) as answer:
                answer.read()
            checks.answered.append(time.monotonic() - started)
        except OSError as error:
            checks.failed.append(type(error).__name__)
        if n < count - 1:
            time.sleep(max(0.0, every - (time.monotonic() - started)))
    return checks


def wait_for_drops(clients: SlowClients, within: float) -> int:
    """How many slow connections the server closed, waiting up to `within` seconds for all of them."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if clients.dropped() == len(clients.sockets):
            break
        time.sleep(0.5)
    return clients.dropped()


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks slow-clients", description=__doc__.split("\n\n")[0])
    parser.add_argument("--connections", type=int, nargs="+", default=[20, 200])
    parser.add_argument("--interval", type=float, default=5.0, help="seconds between two lines of a slow client")
    parser.add_argument("--checks", type=int, default=8)
    parser.add_argument(
        "--drop-wait", type=float, default=60.0, help="seconds to wait for the server to drop the slow connections"
    )
    args = parser.parse_args(argv)
    for count in args.connections:
        if not 0 < count <= 1000:
            parser.error("between 1 and 1000 connections")
    with tempfile.TemporaryDirectory() as folder, production_server({}, Path(folder)) as (port, _):
        for count in args.connections:
            for body in (False, True):
                with SlowClients(port, count, args.interval, body=body) as clients:
                    checks = check_health(port, args.checks, every=2.0, timeout=5.0)
                    kind = "body byte" if body else "header line"
                    print(f"{count} connections sending a {kind} every {args.interval:g} s: {checks.line()}")
                    dropped = wait_for_drops(clients, within=args.drop_wait)
                    print(f"  the server dropped {dropped} of {count} of them within {args.drop_wait:g} s")


if __name__ == "__main__":
    main(sys.argv[1:])
