"""The printed pages of a document as images, so the secretary sees exactly what will print.

DOCX → PDF is the LibreOffice pool's job (service/render/pdf.py); PDF → PNG is
poppler's pdftoppm. Without LibreOffice there is no PDF and no preview, and the
page says so instead of failing.
"""
from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from flask import current_app

from service.render import pdf

# Wide enough to read the text on a phone, small enough to load quickly.
PREVIEW_DPI = 80
PDFTOPPM_TIMEOUT_SECONDS = 60


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
