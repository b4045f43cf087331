"""DOCX → PDF through a small pool of LibreOffice converters, shared by every door's threads.

Each converter has a private LibreOffice profile and one thread. Where a Python
that can `import uno` is found (Debian's python3-uno), a converter keeps its
LibreOffice running between documents (service/render/resident.py): started in
the background when the pool starts, ~0.1 s for the monthly minutes after that,
against ~0.8 s (2-3 s on a busy machine) to start a LibreOffice for each batch.
Without UNO, a converter runs `soffice --convert-to` for each batch it takes
(service/render/soffice.py), as before.

Callers queue documents (`submit`); each idle converter takes its share of the
queue (one document at a time when resident). When LibreOffice crashes or hangs,
the documents it had not finished go through again on a fresh profile; the one
it was working on is charged, and a document charged twice fails alone.

One pool per server process: gunicorn workers each start their own on first use
(a pool is never inherited across fork), so PDF_CONVERTERS LibreOffices run per
worker. Shared by every worker instead, a crash or a hang would stall all of them,
and a converter server would need a port or socket other local users could reach.
"""

from __future__ import annotations

import atexit
import logging
import os
import shutil
import subprocess
import tempfile
import threading
from collections import deque
from concurrent.futures import Future
from dataclasses import dataclass
from os import PathLike
from pathlib import Path
from typing import Sequence

from flask import Flask

from service.render import resident, soffice

log = logging.getLogger(__name__)

# A document that crashed or hung LibreOffice this many times is given up.
MAX_CHARGES = 2
# Runs in a row that crashed before finishing anything: LibreOffice itself is broken, not a document.
MAX_FRUITLESS_RUNS = 3
# In the temporary directory, followed by the owning process id.
WORKDIR_PREFIX = "partydocs-pdf-"
# How often an idle converter checks that its resident LibreOffice is alive.
IDLE_CHECK_SECONDS = 1.0
# `uno_worker` default: keep LibreOffice resident when a Python with UNO is found for it.
DETECT = "detect"

PDF_MEDIA_TYPE = "application/pdf"
# Settings init_app adds to the app's config; PARTYDOCS_* variables override them like any other.
# An empty SOFFICE_PATH turns PDF off (406 from the API).
MESSAGES = {
    "timeout": "LibreOffice xử lý văn bản quá lâu nên đã bị dừng.",
    "crashed": "LibreOffice gặp sự cố khi chuyển văn bản này sang PDF.",
    "rejected": "LibreOffice không đọc được tệp DOCX này.",
    "unavailable": "LibreOffice không khởi động được trên máy chủ.",
    "stopped": "Bộ chuyển PDF đã dừng trước khi xử lý văn bản này.",
}


class ConversionFailed(Exception):
    """One document could not be converted; `code` is stable English, the message Vietnamese."""

    def __init__(self, code: str):
        super().__init__(MESSAGES[code])
        self.code = code


class PoolBusy(Exception):
    """The queue cannot take the documents now; the caller should retry later."""


@dataclass(eq=False)
class _Task:
    docx: bytes
    future: Future
    charges: int = 0


class _Queue:
    """Tasks waiting for a converter; each idle converter takes an equal share."""

    def __init__(self, capacity: int):
        self.capacity = capacity
        self._tasks: deque[_Task] = deque()
        self._ready = threading.Condition()
        self._idle = 0
        self._closed = False

    def put_all(self, tasks: list[_Task]) -> None:
        with self._ready:
            if self._closed:
                raise ConversionFailed("stopped")
            if len(self._tasks) + len(tasks) > self.capacity:
                raise PoolBusy(
                    f"{len(self._tasks)} documents waiting, {len(tasks)} more would exceed the queue's {self.capacity}"
                )
            self._tasks.extend(tasks)
            self._ready.notify_all()

    def take(self, most: int, wait: float) -> list[_Task] | None:
        """Tasks, [] when none came within `wait` seconds, None once closed."""
        with self._ready:
            self._idle += 1
            self._ready.wait_for(lambda: self._tasks or self._closed, timeout=wait)
            self._idle -= 1
            if self._closed:
                return None
            if not self._tasks:
                return []
            # Split what is waiting among this converter and the ones still idle, so one big call
            # keeps every converter busy while small concurrent calls share one LibreOffice start.
            share = -(-len(self._tasks) // (self._idle + 1))
            return [self._tasks.popleft() for _ in range(min(most, share))]

    def close(self) -> list[_Task]:
        with self._ready:
            self._closed = True
            left, self._tasks = list(self._tasks), deque()
            self._ready.notify_all()
            return left


class PdfPool:
    """`converters` LibreOffice converters working off one bounded queue; safe to use from any thread."""

    def __init__(
        self,
        soffice_path: str,
        *,
        converters: int = 2,
        timeout: float = 60,
        queue_size: int = 100,
        uno_worker: Sequence[str] | str | None = DETECT,
    ):
        """`uno_worker`: the command that starts service/render/uno_worker.py (found by default); None: a
        `soffice --convert-to` run per batch."""
        if converters < 1:
            raise ValueError("a PDF pool needs at least one converter")
        self.soffice_path, self.timeout, self.uno_worker = soffice_path, timeout, uno_worker
        self.converters, self.queue_size = converters, queue_size
        # Set while LibreOffice keeps dying before it finishes anything; /readyz reports it.
        self.broken = False
        self._queue = _Queue(queue_size)
        self._stopping = threading.Event()
        self.owner = os.getpid()
        # The converters' profiles and runs; a converter's processes carry this path in their command line.
        _sweep_stale_workdirs()
        self.workdir = Path(tempfile.mkdtemp(prefix=f"{WORKDIR_PREFIX}{os.getpid()}-"))
        self._threads = [
            threading.Thread(
                target=self._work, args=(self.workdir / f"converter-{n}",), name=f"pdf-converter-{n}", daemon=True
            )
            for n in range(converters)
        ]
        for thread in self._threads:
            thread.start()

    def submit(self, documents: Sequence[bytes]) -> list[Future]:
        """Queue DOCX documents; each future gives the PDF bytes or raises ConversionFailed.

        Raises PoolBusy, queueing nothing, when the queue has no room for all of them.
        """
        tasks = [_Task(bytes(document), Future()) for document in documents]
        for task in tasks:
            # Running from the start: a caller's cancel() cannot pull a document out from under its converter.
            task.future.set_running_or_notify_cancel()
        self._queue.put_all(tasks)
        return [task.future for task in tasks]

    def convert(self, document: bytes) -> bytes:
        return self.submit([document])[0].result()

    def stop(self) -> None:
        """Fail what is queued, kill running conversions, remove the converters' files."""
        if os.getpid() != self.owner:
            return  # a forked child's copy (atexit runs there too): the converters are the parent's
        self._stopping.set()
        for task in self._queue.close():
            task.future.set_exception(ConversionFailed("stopped"))
        for thread in self._threads:
            thread.join()
        shutil.rmtree(self.workdir, ignore_errors=True)

    def _converter(self, profile: Path) -> resident.ResidentConverter | soffice.RunPerBatch:
        command = resident.worker_command(self.soffice_path) if self.uno_worker == DETECT else self.uno_worker
        if command:
            return resident.ResidentConverter(command, self.soffice_path, profile, self.timeout, self._stopping)
        return soffice.RunPerBatch(self.soffice_path, profile, self.timeout, self._stopping)

    def _work(self, profile: Path) -> None:
        profile.mkdir()
        converter, fruitless = self._converter(profile), 0
        try:
            while True:
                # Between documents, and every IDLE_CHECK_SECONDS while idle: a LibreOffice that crashed while
                # nothing was asked of it is replaced before a caller needs it.
                converter.warm()
                tasks = self._queue.take(converter.batch_size, wait=IDLE_CHECK_SECONDS)
                if tasks is None:
                    return
                try:
                    fruitless = self._convert(converter, profile, tasks, fruitless)
                except Exception:
                    # Whatever broke (soffice missing, disk full), the callers waiting on these must hear of it.
                    log.exception("PDF converter %s failed", profile.name)
                    _fail([t for t in tasks if not t.future.done()], "unavailable")
        finally:
            converter.close()

    def _convert(self, converter, profile: Path, tasks: list[_Task], fruitless: int) -> int:
        """Settle every task; returns how many runs in a row have crashed without converting anything."""
        pending = tasks
        while pending:
            run = converter.convert([t.docx for t in pending])
            if run.pdfs:
                self.broken, fruitless = False, 0
            for index, task in enumerate(pending):
                if index in run.pdfs:
                    task.future.set_result(run.pdfs[index])
                elif index in run.rejected:
                    task.future.set_exception(ConversionFailed("rejected"))
            if run.reason == "cancelled":
                _fail([t for t in pending if not t.future.done()], "stopped")
                return fruitless
            if run.interrupted_at is None:
                return fruitless
            _replace(profile)
            fruitless += not run.pdfs
            if fruitless >= MAX_FRUITLESS_RUNS:
                self.broken = True
                _fail([t for t in pending if not t.future.done()], "unavailable")
                return fruitless
            culprit = pending[run.interrupted_at]
            culprit.charges += 1
            if culprit.charges == MAX_CHARGES:
                culprit.future.set_exception(ConversionFailed(run.reason))
            pending = [t for t in pending[run.interrupted_at :] if not t.future.done()]
        return fruitless


def _sweep_stale_workdirs() -> None:
    """Remove what pools of processes that died without stopping them (SIGTERM, SIGKILL) left behind."""
    for path in Path(tempfile.gettempdir()).glob(f"{WORKDIR_PREFIX}*-*"):
        pid = path.name.removeprefix(WORKDIR_PREFIX).split("-", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(path, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    return True


def _fail(tasks: list[_Task], code: str) -> None:
    for task in tasks:
        task.future.set_exception(ConversionFailed(code))


def _replace(profile: Path) -> None:
    # A run killed mid-write can leave the profile half-updated and locked; the next run starts a clean one.
    shutil.rmtree(profile, ignore_errors=True)
    profile.mkdir()


class _AppPool:
    """An app's pool, started by `start` or by the first request that needs it, in each process."""

    def __init__(self):
        self.lock = threading.Lock()
        self.pool: PdfPool | None = None


def init_app(app: Flask) -> None:
    app.extensions["pdf"] = _AppPool()


def enabled(app: Flask) -> bool:
    """Whether the app is configured to make PDFs (SOFFICE_PATH set)."""
    return bool(app.config["SOFFICE_PATH"])


def pool_for(app: Flask) -> PdfPool | None:
    """The app's converter pool, started on first use; None when no LibreOffice is configured."""
    config, holder = app.config, app.extensions["pdf"]
    if not enabled(app):
        return None
    with holder.lock:
        # A pool made before a fork (gunicorn's master) has no threads in the child: the child makes its own.
        if holder.pool is None or holder.pool.owner != os.getpid():
            python = config["PDF_UNO_PYTHON"]
            holder.pool = PdfPool(
                config["SOFFICE_PATH"],
                converters=int(config["PDF_CONVERTERS"]),
                timeout=float(config["PDF_TIMEOUT_SECONDS"]),
                queue_size=int(config["PDF_QUEUE_SIZE"]),
                uno_worker=DETECT if python is None else resident.worker_command_for(python),
            )
            atexit.register(holder.pool.stop)
        return holder.pool


def start(app: Flask) -> None:
    """Start the app's converters now, in the background, rather than with the first PDF asked for."""
    pool_for(app)


def stop(app: Flask) -> None:
    """Stop the app's converters, if they started: its resident LibreOffices end now rather than at exit."""
    holder = app.extensions["pdf"]
    with holder.lock:
        pool, holder.pool = holder.pool, None
    if pool is not None:
        pool.stop()


def readiness(app: Flask) -> tuple[bool, str] | None:
    """(ready, Vietnamese detail) for /readyz, or None when PDF is not configured."""
    if not enabled(app):
        return None
    path = app.config["SOFFICE_PATH"]
    if shutil.which(path) is None:
        return False, f"không tìm thấy LibreOffice tại {path}"
    pool = app.extensions["pdf"].pool
    if pool is not None and pool.broken:
        return False, "LibreOffice liên tục gặp sự cố khi chuyển PDF"
    return True, "LibreOffice sẵn sàng chuyển PDF"


def pdf_fonts(pdf: bytes | PathLike) -> list[str]:
    """The fonts a PDF uses, without subset tags ("BAAAAA+LiberationSerif" → "LiberationSerif")."""
    lines = _poppler("pdffonts", pdf).splitlines()[2:]  # after the heading and its underline
    return [line.split()[0].split("+", 1)[-1] for line in lines if line.strip()]


# Times New Roman and the fonts drawn to its metrics (fonts-liberation2, fonts-croscore): anything
# else in a PDF means LibreOffice fell back to another font and the pages no longer match Word's.
TIMES_COMPATIBLE = ("TimesNewRoman", "LiberationSerif", "Tinos")


def is_times_compatible(font: str) -> bool:
    return font.startswith(TIMES_COMPATIBLE)


def pdf_page_count(pdf: bytes | PathLike) -> int:
    for line in _poppler("pdfinfo", pdf).splitlines():
        if line.startswith("Pages:"):
            return int(line.split()[1])
    raise ValueError("pdfinfo printed no page count")


def _poppler(tool: str, pdf: bytes | PathLike) -> str:
    data = pdf if isinstance(pdf, bytes) else Path(pdf).read_bytes()
    completed = subprocess.run([tool, "-"], input=data, capture_output=True, check=True)
    return completed.stdout.decode("utf-8", "replace")
