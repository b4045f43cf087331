"""The gunicorn worker of `serve --prod`: requests are read whole by an event loop, with deadlines, before
a thread serves them.

gunicorn's gthread worker gives a connection to a thread as soon as its first
byte arrives, and the thread then waits for the rest: 20 clients sending one
header line every 5 s held the threads of 2 workers x 4 threads, and /healthz
timed out in 6 of 15 checks (200 such clients: 8 of 8). Here waitress's event
loop reads each request, headers and body (a body past 512 KB spooled to a
temporary file), and only a complete request goes to the thread pool, so a slow
client holds a socket, not a thread. Deadlines free the sockets too: a request
whose headers are not all in SERVER_HEADER_TIMEOUT_SECONDS after its first
byte, or whose body falls behind SERVER_BODY_TIMEOUT_SECONDS plus one second per
SERVER_BODY_MIN_BYTES_PER_SECOND received, is dropped; so is a connection idle
for SERVER_HEADER_TIMEOUT_SECONDS between requests. gunicorn still runs the
processes (pre-fork, restarts, signals); each worker serves up to
SERVER_CONNECTIONS connections at once. `python -m benchmarks slow-clients`
measures it; tests/test_serving.py holds it.

The only waitress internals used are its documented extension points (a server's
channel_class, a channel's parser_class, maintenance()) and the parser's
headers_finished flag; tests/test_serving.py runs them against the pinned
waitress.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from typing import Any, Mapping

from gunicorn.workers.base import Worker
from waitress import wasyncore
from waitress.adjustments import Adjustments
from waitress.channel import HTTPChannel
from waitress.parser import HTTPRequestParser
from waitress.server import TcpWSGIServer
from waitress.task import ThreadedTaskDispatcher

# How often the event loop wakes to check deadlines and tell gunicorn's master this worker is alive.
TICK_SECONDS = 1.0
# Room above the largest body the app accepts, for a multipart upload's envelope: the app answers anything
# between its own limit and this one with its own 413; waitress refuses what is larger before spooling it.
BODY_ENVELOPE_BYTES = 1024 * 1024


@dataclass(frozen=True)
class Deadlines:
    header_seconds: float
    body_seconds: float
    body_min_rate: float

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> "Deadlines":
        return cls(
            float(config["SERVER_HEADER_TIMEOUT_SECONDS"]),
            float(config["SERVER_BODY_TIMEOUT_SECONDS"]),
            float(config["SERVER_BODY_MIN_BYTES_PER_SECOND"]),
        )

    def overdue(self, request: "_TimedRequest", now: float) -> bool:
        if request.headers_done is None:
            return now - request.started > self.header_seconds
        allowed = self.body_seconds + request.body_bytes / self.body_min_rate
        return now - request.headers_done > allowed


class _TimedRequest(HTTPRequestParser):
    """A request being read, with when its first bytes came, when its headers were complete, and how much
    of its body has come since."""

    def __init__(self, adj: Adjustments):
        super().__init__(adj)
        self.started, self.headers_done, self.body_bytes = time.monotonic(), None, 0

    def received(self, data: bytes) -> int:
        reading_body = self.headers_finished
        consumed = super().received(data)
        if reading_body:
            self.body_bytes += consumed
        elif self.headers_finished:
            self.headers_done = time.monotonic()
        return consumed


class _Channel(HTTPChannel):
    parser_class = _TimedRequest


class _Server(TcpWSGIServer):
    """waitress's server on a listening socket gunicorn opened, dropping requests past their deadlines."""

    channel_class = _Channel

    def __init__(self, *args: Any, deadlines: Deadlines, **kwargs: Any):
        self.deadlines = deadlines
        super().__init__(*args, **kwargs)

    def maintenance(self, now: float) -> None:
        super().maintenance(now)  # connections idle between requests
        clock = time.monotonic()
        for channel in self.active_channels.values():
            # A request still being read; once read, it is in channel.requests and a thread has it.
            if channel.request is not None and not channel.requests and self.deadlines.overdue(channel.request, clock):
                channel.will_close = True


def adjustments(config: Mapping[str, Any], threads: int) -> Adjustments:
    """waitress's settings from the app's."""
    largest_body = max(int(config["MAX_CONTENT_LENGTH"]), int(config["BATCH_MAX_UPLOAD"]))
    return Adjustments(
        threads=threads,
        connection_limit=int(config["SERVER_CONNECTIONS"]),
        # Checked every second, so the deadlines hold to the second; poll(), as select() stops at 1,024 sockets.
        cleanup_interval=1,
        asyncore_use_poll=True,
        channel_timeout=max(1, round(float(config["SERVER_HEADER_TIMEOUT_SECONDS"]))),
        max_request_body_size=largest_body + BODY_ENVELOPE_BYTES,
        # As gunicorn did: the scheme a reverse proxy on this machine forwards is believed, nothing else.
        trusted_proxy="127.0.0.1",
        trusted_proxy_headers={"x-forwarded-proto"},
        clear_untrusted_proxy_headers=True,
    )


class BufferingWorker(Worker):
    """A gunicorn worker serving its app through waitress (`worker_class` "service.serving_worker.BufferingWorker")."""

    def run(self) -> None:
        adj = adjustments(self.wsgi.config, self.cfg.threads)
        dispatcher = ThreadedTaskDispatcher()
        dispatcher.set_thread_count(adj.threads)
        channels: dict = {}
        servers = [
            _Server(
                self.wsgi,
                channels,
                _sock=listener.sock,
                dispatcher=dispatcher,
                adj=adj,
                bind_socket=False,
                sockinfo=(listener.sock.family, listener.sock.type, listener.sock.proto, listener.sock.getsockname()),
                deadlines=Deadlines.from_config(self.wsgi.config),
            )
            for listener in self.sockets
        ]
        try:
            while self.alive and self.ppid == os.getppid():
                self.notify()
                wasyncore.loop(timeout=TICK_SECONDS, map=channels, use_poll=True, count=1)
            self._finish(servers, channels)
        finally:
            dispatcher.shutdown(timeout=self.cfg.graceful_timeout)

    def _finish(self, servers: list[_Server], channels: dict) -> None:
        """Stop accepting, then keep the loop turning until the requests under way are answered (at most
        gunicorn's graceful timeout)."""
        for server in servers:
            server.accepting = False  # its listening socket leaves the poll; its wake-up pipe stays for the threads
        deadline = time.monotonic() + self.cfg.graceful_timeout
        while time.monotonic() < deadline and any(
            getattr(channel, "requests", None) or getattr(channel, "total_outbufs_len", 0)
            for channel in list(channels.values())
        ):
            self.notify()
            wasyncore.loop(timeout=TICK_SECONDS / 10, map=channels, use_poll=True, count=1)
