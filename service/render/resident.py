"""A LibreOffice kept running between documents: a converter of the PDF pool when a Python with UNO is there.

A `soffice --convert-to` run costs a start of ~0.8 s on an idle machine (2-3 s
at load 8) before its first document; a LibreOffice kept running converts the
monthly minutes in ~0.1 s. The LibreOffice is driven by service/render/uno_worker.py,
run by a Python that can `import uno` (Debian's python3-uno is built for the
system's python3, not for our virtualenv), over its standard input and output:
no network port, nothing another local user could reach.

The converter starts it ahead of the first document (in the pool's thread, so
no request waits for it), converts one document at a time, and replaces it
when it dies (crash), when it answers nothing for `timeout` seconds (hang: its
whole process group is killed), and after RECYCLE_AFTER documents (LibreOffice's
memory only grows). Outcomes are reported as soffice.Run, like a run per batch,
so the pool's retry and charge rules serve both.
"""

from __future__ import annotations

import functools
import json
import logging
import os
import select
import shutil
import subprocess
import threading
import time
from itertools import count
from pathlib import Path
from typing import Sequence

from service.render import soffice
from service.render.soffice import Run

log = logging.getLogger(__name__)

WORKER = Path(__file__).with_name("uno_worker.py")
# Where distributions put python3-uno, after the python that LibreOffice's own packages ship beside soffice.
SYSTEM_PYTHON = "/usr/bin/python3"
PROBE_TIMEOUT_SECONDS = 60
# A start is not a document: LibreOffice takes 1-3 s to start, far longer on a loaded machine, and a short
# per-document timeout must not make a slow start look like a hang.
START_SECONDS = 60
# Measured on the monthly minutes and resolution: a resident LibreOffice holds ~65 MiB (PSS) after its first
# document, ~120 MiB after 200 and as much after 400. Restarting it now and then bounds what a slow leak on other
# documents could take; a restart costs its converter ~2 s while the other converters go on.
RECYCLE_AFTER = 500
POLL_SECONDS = 0.05
_pipe_numbers = count()


@functools.lru_cache(maxsize=None)
def find_uno_python(soffice_path: str) -> str | None:
    """A Python that can drive this LibreOffice over UNO, or None."""
    found = shutil.which(soffice_path)
    candidates = [Path(found).resolve().parent / "python"] if found else []
    for candidate in [*candidates, Path(SYSTEM_PYTHON)]:
        if candidate.is_file() and os.access(candidate, os.X_OK) and _imports_uno(candidate):
            return str(candidate)
    return None


def _imports_uno(python: Path) -> bool:
    try:
        probe = subprocess.run([str(python), "-c", "import uno"], capture_output=True, timeout=PROBE_TIMEOUT_SECONDS)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return probe.returncode == 0


def worker_command(soffice_path: str) -> list[str] | None:
    """How to start the resident converter's worker for this LibreOffice, or None when UNO is not there."""
    return worker_command_for(find_uno_python(soffice_path))


def worker_command_for(python: str | None) -> list[str] | None:
    """How `python` starts the worker; None (no resident LibreOffice) without one."""
    return [python, str(WORKER)] if python else None


class ResidentConverter:
    """One LibreOffice kept running, used by one thread of the pool."""

    batch_size = 1  # documents are taken one at a time: an idle converter never waits behind a busy one

    def __init__(self, command: Sequence[str], soffice_path: str, profile: Path, timeout: float, cancel: threading.Event):
        self.command, self.soffice_path, self.profile = list(command), soffice_path, profile
        self.timeout, self.cancel = timeout, cancel
        self.files = profile.parent / f"{profile.name}-files"
        self.converted = 0  # documents since the running LibreOffice started
        self._process: subprocess.Popen | None = None
        self._pipe = ""
        self._buffer = b""
        self._start_failed = False

    def warm(self) -> None:
        """Have a LibreOffice ready for the next document: started, restarted after a crash, or recycled.

        After a start that failed, only a document tries again: a LibreOffice that cannot start is not
        retried in a loop while nothing is asked of it."""
        if self._process is not None and not self._running():
            log.warning("LibreOffice crashed between documents; starting another: %s", self._log_tail())
            self._stop()
        elif self._running() and self.converted >= RECYCLE_AFTER:
            self._stop()
        if self._running() or self._start_failed:
            return
        try:
            self._start()
        except OSError as error:
            self._start_failed = True
            log.warning("LibreOffice could not be started: %s", error)

    def convert(self, documents: Sequence[bytes]) -> Run:
        run = Run()
        for index, document in enumerate(documents):
            content, problem = self._convert_one(document)
            if content is not None:
                run.pdfs[index] = content
            elif problem == "rejected":
                run.rejected.add(index)
            else:
                run.interrupted_at, run.reason = index, problem
                break
        return run

    def close(self) -> None:
        self._stop()
        shutil.rmtree(self.files, ignore_errors=True)

    def _convert_one(self, document: bytes) -> tuple[bytes | None, str | None]:
        if not self._running():
            self._stop()
            problem = self._start()
            if problem:
                return None, problem
        source, target = self.files / "document.docx", self.files / "document.pdf"
        target.unlink(missing_ok=True)
        source.write_bytes(document)
        self._send({"convert": str(source), "to": str(target)})
        answer, problem = self._answer(self.timeout)
        if problem:
            if problem != "cancelled":
                log.warning("LibreOffice %s on a document; another one takes over: %s", problem, self._log_tail())
            self._stop()
            return None, problem
        if "refused" in answer:
            log.info("LibreOffice refused a document: %s", answer["refused"])
            return None, "rejected"
        content = target.read_bytes() if target.is_file() else b""
        if not content.rstrip().endswith(b"%%EOF"):
            self._stop()
            return None, "crashed"
        self.converted += 1
        return content, None

    def _start(self) -> str | None:
        """Start the worker and wait until its LibreOffice is ready; what went wrong, or None."""
        if shutil.which(self.soffice_path) is None:
            raise FileNotFoundError(f"no LibreOffice at {self.soffice_path}")
        self.files.mkdir(parents=True, exist_ok=True)
        self._pipe = f"partydocs-{os.getpid()}-{next(_pipe_numbers)}"
        with self._log_path.open("wb") as output:
            # A session of its own: the worker, soffice, oosplash and their helpers die together.
            self._process = subprocess.Popen(
                [*self.command, self.soffice_path, str(self.profile), self._pipe],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=output,
                start_new_session=True,
            )
        self._buffer, self.converted = b"", 0
        answer, problem = self._answer(max(self.timeout, START_SECONDS))
        self._start_failed = bool(problem or not answer.get("ready"))
        if self._start_failed:
            log.warning("LibreOffice did not start (%s): %s", problem or answer, self._log_tail())
            self._stop()
            return problem or "crashed"
        return None

    @property
    def _log_path(self) -> Path:
        return self.files / "worker.log"

    def _log_tail(self) -> str:
        return self._log_path.read_bytes()[-soffice.LOG_TAIL :].decode("utf-8", "replace")

    def _send(self, request: dict) -> None:
        try:
            self._process.stdin.write(json.dumps(request).encode() + b"\n")
            self._process.stdin.flush()
        except BrokenPipeError:
            pass  # the worker is gone: reading its answer says so

    def _answer(self, seconds: float) -> tuple[dict, str | None]:
        """The worker's next line; or "crashed" (it ended), "timeout" or "cancelled" (it must be stopped)."""
        deadline = time.monotonic() + seconds
        out = self._process.stdout.fileno()
        while b"\n" not in self._buffer:
            if self.cancel.is_set():
                return {}, "cancelled"
            if time.monotonic() > deadline:
                return {}, "timeout"
            if select.select([out], [], [], POLL_SECONDS)[0]:
                chunk = os.read(out, 65536)
                if not chunk:
                    return {}, "crashed"
                self._buffer += chunk
        line, _, self._buffer = self._buffer.partition(b"\n")
        try:
            return json.loads(line), None
        except ValueError:
            return {}, "crashed"

    def _running(self) -> bool:
        return self._process is not None and not soffice.exited(self._process)

    def _stop(self) -> None:
        if self._process is None:
            return
        soffice.kill_group(self._process)
        for stream in (self._process.stdin, self._process.stdout):
            stream.close()
        self._process = None
        # A killed soffice leaves its pipe's socket behind (where uno_worker.pipe_socket says: that module imports
        # uno, which this Python has not).
        Path(f"/tmp/OSL_PIPE_{os.getuid()}_{self._pipe}").unlink(missing_ok=True)
