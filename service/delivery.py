"""What every door needs to deliver a document, below the doors so that none imports another: the kinds'
sample inputs, the download's file name header, a rebuilt document's comparison headers, and what a failed PDF
conversion is called in Vietnamese."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import quote

from service.kinds import Kind
from service.render import pdf
from service.vietnamese.text import ascii_fold

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
PDF_BUSY = "Bộ chuyển PDF đang bận; hãy thử lại sau ít phút."


def sample(kind: Kind) -> Any:
    """The kind's example input (samples/), as the "Xem ví dụ điền sẵn" form and GET /api/v1/kinds show it."""
    return json.loads((SAMPLES / kind.sample).read_text(encoding="utf-8"))


def content_disposition(filename: str) -> str:
    """An ASCII fallback for old clients plus the Vietnamese name (RFC 6266 / RFC 5987)."""
    fallback = re.sub(r"[^A-Za-z0-9 ._()-]", "_", ascii_fold(filename)) or "document.docx"
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


def pdf_failure(error: pdf.PoolBusy | pdf.ConversionFailed) -> tuple[str, str]:
    """The stable code and the Vietnamese message of a conversion that did not give a PDF."""
    if isinstance(error, pdf.PoolBusy):
        return "pdf_busy", PDF_BUSY
    return "pdf_failed", f"Không chuyển được văn bản sang PDF: {error}"


def comparison_headers(response: Any, rebuilt: Any) -> Any:
    """A rebuilt document's download (issuing.Rebuilt) says how it compares with the file issued."""
    response.headers["X-Document-Identical"] = "true" if rebuilt.identical else "false"
    response.headers["X-Document-Same-Content"] = "true" if rebuilt.same_content else "false"
    return response
