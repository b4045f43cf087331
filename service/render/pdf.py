"""DOCX → PDF through a small pool of LibreOffice converters, shared by every door's threads.

A converter is a private LibreOffice profile kept from run to run, and a run
is one `soffice --convert-to pdf` process for a whole batch (service/render/soffice.py).
Measured on 2 idle cores (LibreOffice 7.4): a run starts in ~0.8 s and then
converts a document in ~35 ms; a resident soffice driven over UNO converts one
in ~40 ms and saves only the start. UNO would need the distribution's
python3-uno, built for the system Python, which our virtualenv reaches only by
borrowing the system's site-packages; a run per batch needs nothing but the
soffice command, and a run that dies takes only its own batch with it.

Callers queue documents (`submit`); each idle converter takes its share of the
queue as one batch. When a run crashes or hangs, the documents it had not
finished go through again on a fresh profile; the one it was working on is
charged, and a document charged twice fails alone.
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

from service.render import soffice

log = logging.getLogger(__name__)

# Beyond this, a crash costs a larger rerun and LibreOffice's memory keeps growing;
# the process start (~0.8 s) is already spread over twenty documents.
BATCH_SIZE = 20
# A document that crashed or hung LibreOffice this many times is given up.
MAX_CHARGES = 2
# Runs in a row that crashed before finishing anything: LibreOffice itself is broken, not a document.
MAX_FRUITLESS_RUNS = 3
# In the temporary directory, followed by the owning process id.
WORKDIR_PREFIX = "partydocs-pdf-"

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
                raise PoolBusy(f"{len(self._tasks)} documents waiting, {len(tasks)} more would exceed "
                               f"the queue's {self.capacity}")
            self._tasks.extend(tasks)
            self._ready.notify_all()

    def take(self, most: int) -> list[_Task]:
        """Block until there is work; [] once closed."""
        with self._ready:
            self._idle += 1
            while not self._tasks and not self._closed:
                self._ready.wait()
            self._idle -= 1
            if self._closed:
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

    def __init__(self, soffice_path: str, *, converters: int = 2, timeout: float = 60,
                 queue_size: int = 100):
        if converters < 1:
            raise ValueError("a PDF pool needs at least one converter")
        self.soffice_path, self.timeout = soffice_path, timeout
        self.converters, self.queue_size = converters, queue_size
        # Set while LibreOffice keeps dying before it finishes anything; /readyz reports it.
        self.broken = False
        self._queue = _Queue(queue_size)
        self._stopping = threading.Event()
        # The converters' profiles and runs; a converter's processes carry this path in their command line.
        _sweep_stale_workdirs()
        self.workdir = Path(tempfile.mkdtemp(prefix=f"{WORKDIR_PREFIX}{os.getpid()}-"))
        self._threads = [threading.Thread(target=self._work, args=(self.workdir / f"converter-{n}",),
                                          name=f"pdf-converter-{n}", daemon=True) for n in range(converters)]
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
        self._stopping.set()
        for task in self._queue.close():
            task.future.set_exception(ConversionFailed("stopped"))
        for thread in self._threads:
            thread.join()
        shutil.rmtree(self.workdir, ignore_errors=True)

    def _work(self, profile: Path) -> None:
        profile.mkdir()
        while tasks := self._queue.take(BATCH_SIZE):
            try:
                self._convert(profile, tasks)
            except Exception:
                # Whatever broke (soffice missing, disk full), the callers waiting on these must hear of it.
                log.exception("PDF converter %s failed", profile.name)
                _fail([t for t in tasks if not t.future.done()], "unavailable")

    def _convert(self, profile: Path, tasks: list[_Task]) -> None:
        pending, fruitless = tasks, 0
        while pending:
            run = soffice.convert(self.soffice_path, profile, [t.docx for t in pending], self.timeout,
                                  self._stopping)
            if run.pdfs:
                self.broken = False
            for index, task in enumerate(pending):
                if index in run.pdfs:
                    task.future.set_result(run.pdfs[index])
                elif index in run.rejected:
                    task.future.set_exception(ConversionFailed("rejected"))
            if run.reason == "cancelled":
                return _fail([t for t in pending if not t.future.done()], "stopped")
            if run.interrupted_at is None:
                return
            _replace(profile)
            fruitless = 0 if run.pdfs else fruitless + 1
            if fruitless == MAX_FRUITLESS_RUNS:
                self.broken = True
                return _fail([t for t in pending if not t.future.done()], "unavailable")
            culprit = pending[run.interrupted_at]
            culprit.charges += 1
            if culprit.charges == MAX_CHARGES:
                culprit.future.set_exception(ConversionFailed(run.reason))
            pending = [t for t in pending[run.interrupted_at:] if not t.future.done()]


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
    """An app's pool, started by the first request that needs it."""

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
        if holder.pool is None:
            holder.pool = PdfPool(config["SOFFICE_PATH"], converters=int(config["PDF_CONVERTERS"]),
                                  timeout=float(config["PDF_TIMEOUT_SECONDS"]),
                                  queue_size=int(config["PDF_QUEUE_SIZE"]))
            atexit.register(holder.pool.stop)
        return holder.pool


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
    lines = _poppler("pdffonts", pdf).splitlines()[2:]   # after the heading and its underline
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
