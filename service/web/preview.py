"""The printed pages of a document as images, so the secretary sees exactly what will print.

DOCX → PDF is the LibreOffice pool's job (service/render/pdf.py); PDF → PNG is
poppler's pdftoppm. Without LibreOffice there is no PDF and no preview, and the
page says so instead of failing. Both are made on first request and kept by the
DOCX's SHA-256, so a document is converted once however often it is viewed.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from flask import current_app

from service.render import pdf

# Sharp enough to read the text (each image opens full size), small enough to load quickly.
PREVIEW_DPI = 100
PDFTOPPM_TIMEOUT_SECONDS = 60
# Derived files are cheap to make again: kept a week after they were made.
MAX_AGE = dt.timedelta(days=7)


class PreviewUnavailable(RuntimeError):
    """No PDF now: LibreOffice is not installed, is busy, or failed on this document (message in Vietnamese)."""


NOT_INSTALLED = "Máy chủ chưa cài LibreOffice nên chưa tạo được PDF và hình ảnh các trang."


def pdf_available() -> bool:
    return pdf.enabled(current_app)


def docx_to_pdf(content: bytes) -> bytes:
    pool = pdf.pool_for(current_app)
    if pool is None:
        raise PreviewUnavailable(NOT_INSTALLED)
    try:
        return pool.convert(content)
    except pdf.PoolBusy:
        raise PreviewUnavailable("Bộ chuyển PDF đang bận; hãy thử lại sau ít phút.") from None
    except pdf.ConversionFailed as failed:
        raise PreviewUnavailable(f"Không chuyển được văn bản sang PDF: {failed}") from None


def page_images(pdf_bytes: bytes, dpi: int = PREVIEW_DPI) -> list[bytes]:
    """Every page of a PDF as a PNG, first page first."""
    if shutil.which("pdftoppm") is None:
        raise PreviewUnavailable("Máy chủ chưa cài poppler-utils (pdftoppm) nên chưa tạo được hình ảnh các trang.")
    with tempfile.TemporaryDirectory(prefix="preview-") as folder:
        source = Path(folder) / "document.pdf"
        source.write_bytes(pdf_bytes)
        try:
            subprocess.run(["pdftoppm", "-png", "-r", str(dpi), str(source), str(Path(folder) / "page")],
                           check=True, capture_output=True, timeout=PDFTOPPM_TIMEOUT_SECONDS)
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired):
            raise PreviewUnavailable("Không tạo được hình ảnh các trang từ tệp PDF.") from None
        # pdftoppm pads page numbers to the width of the last one (page-01 … page-12).
        pages = sorted(Path(folder).glob("page-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
        return [page.read_bytes() for page in pages]


class PreviewCache:
    """PDFs and page images of DOCX documents, in a folder per document SHA-256."""

    def __init__(self, root: Path):
        self.root = root

    def folder(self, docx: bytes) -> Path:
        return self.root / hashlib.sha256(docx).hexdigest()

    def pdf(self, docx: bytes) -> bytes:
        path = self.folder(docx) / "document.pdf"
        if not path.is_file():
            content = docx_to_pdf(docx)
            self._prune()
            write_atomically(path, content)
        return path.read_bytes()

    def pages(self, docx: bytes) -> int:
        """How many pages the document prints on, making their images the first time."""
        count = self.folder(docx) / "pages"
        if not count.is_file():
            images = page_images(self.pdf(docx))
            for number, image in enumerate(images, start=1):
                write_atomically(self.folder(docx) / f"page-{number}.png", image)
            write_atomically(count, str(len(images)).encode())
        return int(count.read_text())

    def page(self, docx: bytes, number: int) -> bytes | None:
        path = self.folder(docx) / f"page-{number}.png"
        return path.read_bytes() if path.is_file() else None

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
