"""A few worker processes that lint and render uploaded templates, each job with a time limit.

A thread cannot be stopped from outside, and a tracing deadline (sys.settrace)
slows every line of a render several times over, so untrusted templates run in
separate processes (worker.py): a job that uses more than
TEMPLATE_RENDER_TIMEOUT_SECONDS of CPU time is ended by the kernel, one that has
not answered after WALL_CLOCK_FACTOR times as long is killed here, and a fresh
worker is started for the next job. A worker
stays up between jobs and keeps its compiled templates, so a render costs the
engine's time plus a round trip through a pipe: 0.2 to 0.6 ms more per
document than the direct path, and about 0.2 s once to start a worker
(`python -m benchmarks sandbox`). A tracing deadline would have cost 2 to 3
times the render, and could stop neither one long builtin call nor memory
growth. The service's own templates never come here.

Settings (app config, PARTYDOCS_* variables): TEMPLATE_RENDER_TIMEOUT_SECONDS,
TEMPLATE_MAX_LOOP, TEMPLATE_MAX_OUTPUT_BYTES, TEMPLATE_WORKERS,
TEMPLATE_WORKER_MEMORY_MB. Pools are shared by every app in a process that
has the same settings.
"""

from __future__ import annotations

import atexit
import json
import os
import queue
import select
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping

from flask import current_app, has_app_context

from service.config import DEFAULTS as SETTINGS
from service.custom_templates import wire
from service.custom_templates.errors import RETIRING, SandboxBusy, TemplateFailed

# The sandbox's settings with their defaults, for code running without an app.
DEFAULTS = {key: value for key, value in SETTINGS.items() if key.startswith("TEMPLATE_")}
ROOT = Path(__file__).resolve().parents[2]
# Importing the engine, python-docx and lxml takes about half a second; a slow machine gets more.
START_TIMEOUT_SECONDS = 30
# A job's CPU time is its limit; the wall clock only catches a worker that makes no progress. At load 10 on
# two cores a process gets a fifth of a core, so a job within its CPU time answers within five times as long.
WALL_CLOCK_FACTOR = 5
# After a worker closed its output it is gone or going: how long to wait for the reason it ended.
EXIT_WAIT_SECONDS = 5
# A document is a few of its parts: an answer larger than this many outputs is not one.
MAX_ANSWER_PARTS = 8


@dataclass(frozen=True)
class Settings:
    timeout: float
    max_loop: int
    max_output: int
    workers: int
    memory_mb: int

    @property
    def wall_seconds(self) -> float:
        """How long a job may go without an answer, whatever its CPU time."""
        return self.timeout * WALL_CLOCK_FACTOR

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> "Settings":
        value = {key: config.get(key, default) for key, default in DEFAULTS.items()}
        return cls(
            timeout=float(value["TEMPLATE_RENDER_TIMEOUT_SECONDS"]),
            max_loop=int(value["TEMPLATE_MAX_LOOP"]),
            max_output=int(value["TEMPLATE_MAX_OUTPUT_BYTES"]),
            workers=max(1, int(value["TEMPLATE_WORKERS"])),
            memory_mb=int(value["TEMPLATE_WORKER_MEMORY_MB"]),
        )


class _Stopped(Exception):
    """The worker ended, or sent something that is not an answer."""


class _Late(Exception):
    """The worker did not answer in time."""


class _Worker:
    def __init__(self, settings: Settings):
        arguments = {
            "memory_bytes": settings.memory_mb * 1024 * 1024,
            "max_loop": settings.max_loop,
            "max_output": settings.max_output,
            "cpu_seconds": settings.timeout,
        }
        self.process = subprocess.Popen(
            [sys.executable, "-m", "service.custom_templates.worker", json.dumps(arguments)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            cwd=ROOT,
            start_new_session=True,
            env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
        )
        self.max_answer = MAX_ANSWER_PARTS * settings.max_output
        try:
            self._receive(time.monotonic() + START_TIMEOUT_SECONDS)
        except (_Late, _Stopped):
            self.kill()
            raise

    def alive(self) -> bool:
        return self.process.poll() is None

    def call(self, header: dict[str, Any], payload: bytes, timeout: float) -> tuple[dict[str, Any], bytes]:
        deadline = time.monotonic() + timeout
        try:
            self.process.stdin.write(wire.encode(header, payload))
            self.process.stdin.flush()
        except (BrokenPipeError, OSError):
            raise _Stopped from None
        return self._receive(deadline)

    def ended_by_cpu_limit(self) -> bool:
        """Whether the kernel ended the worker for using up its job's CPU time."""
        try:
            return self.process.wait(timeout=EXIT_WAIT_SECONDS) == -signal.SIGXCPU
        except subprocess.TimeoutExpired:
            return False

    def kill(self) -> None:
        self.process.kill()
        self.process.wait()
        for stream in (self.process.stdin, self.process.stdout):
            try:
                stream.close()
            except OSError:  # a pipe to a dead process may refuse the flush that close attempts
                pass

    def _receive(self, deadline: float) -> tuple[dict[str, Any], bytes]:
        try:
            header = wire.decode_header(self._chunk(deadline))
        except wire.WireError:
            raise _Stopped from None
        return header, self._chunk(deadline)

    def _chunk(self, deadline: float) -> bytes:
        size = wire.LENGTH.unpack(self._read(wire.LENGTH.size, deadline))[0]
        if size > self.max_answer:
            raise _Stopped
        return self._read(size, deadline)

    def _read(self, size: int, deadline: float) -> bytes:
        pieces, wanted, stream = [], size, self.process.stdout.fileno()
        while wanted:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([stream], [], [], left)[0]:
                raise _Late
            piece = os.read(stream, min(wanted, 1 << 20))
            if not piece:
                raise _Stopped
            pieces.append(piece)
            wanted -= len(piece)
        return b"".join(pieces)


class SandboxPool:
    """Up to `workers` worker processes, started when first needed; safe to use from any thread."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self._idle: queue.LifoQueue[_Worker | None] = queue.LifoQueue()
        for _ in range(settings.workers):
            self._idle.put(None)
        self._started: set[_Worker] = set()
        self._lock = threading.Lock()

    def render(self, template: bytes, context: Mapping[str, Any], *, name: str = "template") -> bytes:
        """The DOCX, as the engine renders it inside the sandbox; raises TemplateFailed or SandboxBusy."""
        _, document = self._run({"op": "render", "context": context, "name": name}, template)
        return document

    def inspect(
        self, template: bytes, context: Mapping[str, Any], *, name: str = "template"
    ) -> tuple[list[dict[str, Any]], bytes | None]:
        """The lint issues and, when there is no error among them, the template rendered with `context`."""
        answer, preview = self._run({"op": "inspect", "context": context, "name": name}, template)
        issues = answer.get("issues")
        if not isinstance(issues, list):
            raise TemplateFailed("worker_crashed", "an inspect answer without issues")
        return issues, preview or None

    def stop(self) -> None:
        with self._lock:
            started, self._started = self._started, set()
        for worker in started:
            worker.kill()

    def _run(self, header: dict[str, Any], template: bytes) -> tuple[dict[str, Any], bytes]:
        try:
            worker = self._idle.get(timeout=self.settings.wall_seconds)
        except queue.Empty:
            raise SandboxBusy from None
        try:
            if worker is not None and not worker.alive():
                worker = self._retire(worker)
            if worker is None:
                worker = self._start()
            try:
                answer, payload = worker.call(header, template, self.settings.wall_seconds)
            except _Late:
                worker = self._retire(worker)
                raise TemplateFailed("template_timeout", seconds=self.settings.timeout) from None
            except _Stopped:
                out_of_time = worker.ended_by_cpu_limit()
                worker = self._retire(worker)
                if out_of_time:
                    raise TemplateFailed("template_timeout", seconds=self.settings.timeout) from None
                raise TemplateFailed("worker_crashed", "the worker ended without answering") from None
            if answer.get("ok") is True:
                return answer, payload
            error = answer.get("error") if isinstance(answer.get("error"), dict) else {}
            if error.get("code") in RETIRING:
                worker = self._retire(worker)
            raise TemplateFailed.from_dict(error)
        finally:
            self._idle.put(worker)

    def _start(self) -> _Worker:
        try:
            worker = _Worker(self.settings)
        except (OSError, _Late, _Stopped):
            raise SandboxBusy from None
        with self._lock:
            self._started.add(worker)
        return worker

    def _retire(self, worker: _Worker) -> None:
        """Kill a worker; None takes its place among the idle, and the next job starts a fresh one."""
        worker.kill()
        with self._lock:
            self._started.discard(worker)
        return None


_POOLS: dict[tuple[int, Settings], SandboxPool] = {}
_POOLS_LOCK = threading.Lock()


def pool_for(config: Mapping[str, Any]) -> SandboxPool:
    """The pool for these settings in this process (a forked server worker gets its own)."""
    settings = Settings.from_config(config)
    key = (os.getpid(), settings)
    with _POOLS_LOCK:
        if key not in _POOLS:
            if not _POOLS:
                atexit.register(_stop_all)
            _POOLS[key] = SandboxPool(settings)
        return _POOLS[key]


def current_pool() -> SandboxPool:
    """The pool of the app handling the request or command, or of the default settings outside one."""
    return pool_for(current_app.config if has_app_context() else DEFAULTS)


def _stop_all() -> None:
    with _POOLS_LOCK:
        pools = list(_POOLS.values())
    for pool in pools:
        pool.stop()
