"""The printed pages of a document as images, so the secretary sees exactly what will print.

DOCX → PDF is the LibreOffice pool's job (service/render/pdf.py: a resident
LibreOffice, ~0.1-0.3 s a document); PDF → PNG is drawn in this process, a page
at a time when the browser asks for it (service/render/raster.py), so page 1
shows while the others are drawn. The result page starts its documents'
conversions as it is sent (`start`), and the requests that follow wait for those
same conversions instead of queueing their own. Without LibreOffice there is no
PDF and no preview, and the page says so instead of failing. Everything is kept
by the DOCX's SHA-256, so a document is converted once however often it is viewed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import tempfile
import threading
from concurrent.futures import Future
from pathlib import Path

from flask import current_app

from service.delivery import pdf_failure
from service.render import pdf, raster

# Sharp enough to read the text (each image opens full size), small enough to load quickly.
PREVIEW_DPI = 100
# Derived files are cheap to make again: kept a week after they were made.
MAX_AGE = dt.timedelta(days=7)
PDF_NAME, SIZES_NAME = "document.pdf", "pages.json"


class PreviewUnavailable(RuntimeError):
    """No PDF now: LibreOffice is not installed, is busy, or failed on this document (message in Vietnamese)."""


NOT_INSTALLED = "Máy chủ chưa cài LibreOffice nên chưa tạo được PDF và hình ảnh các trang."
UNREADABLE = "Không tạo được hình ảnh các trang từ tệp PDF."


def pdf_available() -> bool:
    return pdf.enabled(current_app)


def submit_pdf(content: bytes) -> Future:
    """Queue a DOCX on the app's LibreOffice pool; the future gives the PDF or raises ConversionFailed."""
    pool = pdf.pool_for(current_app)
    if pool is None:
        raise PreviewUnavailable(NOT_INSTALLED)
    try:
        return pool.submit([content])[0]
    except (pdf.PoolBusy, pdf.ConversionFailed) as failed:
        raise PreviewUnavailable(pdf_failure(failed)[1]) from None


class PreviewCache:
    """PDFs, page sizes and page images of DOCX documents, in a folder per document SHA-256."""

    def __init__(self, root: Path):
        self.root = root
        self._lock = threading.Lock()
        self._converting: dict[Path, Future] = {}  # by folder: conversions under way in this process

    def folder(self, docx: bytes) -> Path:
        return self.root / hashlib.sha256(docx).hexdigest()

    def start(self, docx: bytes) -> None:
        """Have the PDF made in the background, unless it is made or being made."""
        try:
            self._conversion(docx)
        except PreviewUnavailable:
            pass  # the preview's own request asks again and shows the reason

    def pdf(self, docx: bytes) -> bytes:
        path = self.folder(docx) / PDF_NAME
        if path.is_file():
            return path.read_bytes()
        try:
            return self._conversion(docx).result()
        except pdf.ConversionFailed as failed:
            raise PreviewUnavailable(pdf_failure(failed)[1]) from None

    def pages(self, docx: bytes) -> list[raster.PageSize]:
        """The size of every printed page at PREVIEW_DPI (their number is the document's page count)."""
        path = self.folder(docx) / SIZES_NAME
        if not path.is_file():
            try:
                sizes = raster.page_sizes(self.pdf(docx), PREVIEW_DPI)
            except raster.UnreadablePdf:
                raise PreviewUnavailable(UNREADABLE) from None
            write_atomically(path, json.dumps([[s.width, s.height] for s in sizes]).encode())
        return [raster.PageSize(*size) for size in json.loads(path.read_text())]

    def page(self, docx: bytes, number: int) -> bytes | None:
        """Page `number` as a PNG, drawn the first time it is asked for; None past the last page."""
        path = self.folder(docx) / f"page-{number}.png"
        if not path.is_file():
            if not 1 <= number <= len(self.pages(docx)):
                return None
            try:
                write_atomically(path, raster.page_png(self.pdf(docx), number, PREVIEW_DPI))
            except raster.UnreadablePdf:
                raise PreviewUnavailable(UNREADABLE) from None
        return path.read_bytes()

    def _conversion(self, docx: bytes) -> Future:
        """The conversion of this DOCX: finished (its PDF kept), under way, or started now."""
        folder = self.folder(docx)
        with self._lock:
            if folder in self._converting:
                return self._converting[folder]
            if (folder / PDF_NAME).is_file():
                done: Future = Future()
                done.set_result((folder / PDF_NAME).read_bytes())
                return done
            future = submit_pdf(docx)
            self._converting[folder] = future
        future.add_done_callback(lambda finished: self._keep(folder, finished))
        return future

    def _keep(self, folder: Path, finished: Future) -> None:
        # Kept before it stops counting as under way, so a request in between finds one or the other.
        try:
            if finished.exception() is None:
                self._prune()
                write_atomically(folder / PDF_NAME, finished.result())
        finally:
            with self._lock:
                del self._converting[folder]

    def _prune(self) -> None:
        limit = dt.datetime.now().timestamp() - MAX_AGE.total_seconds()
        for folder in self.root.iterdir() if self.root.is_dir() else ():
            if folder.stat().st_mtime < limit:
                shutil.rmtree(folder, ignore_errors=True)


def write_atomically(path: Path, content: bytes) -> None:
    """Write so that a concurrent reader sees the whole file or none of it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".part-")
    with os.fdopen(handle, "wb") as out:
        out.write(content)
    os.replace(temporary, path)
