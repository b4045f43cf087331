"""What LibreOffice prints: documents converted in one soffice call, and the printed lines with their positions
(poppler's pdftotext -bbox-layout), for tests that judge a layout on the page."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from lxml import etree

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
needs_soffice = pytest.mark.skipif(
    SOFFICE is None or shutil.which("pdftotext") is None,
    reason="LibreOffice (soffice) and poppler-utils are not installed; CI installs "
    "libreoffice-writer-nogui fonts-liberation2 poppler-utils",
)
XHTML = "{http://www.w3.org/1999/xhtml}"
POINTS_PER_MM = 72 / 25.4


@dataclass(frozen=True)
class PrintedLine:
    page: int
    x_min: float  # points from the page's left edge
    y_min: float  # points from the page's top edge
    x_max: float
    y_max: float
    text: str
    words: tuple[tuple[float, float, str], ...]  # (x_min, x_max, word)


def convert(documents: dict[str, bytes], folder: Path, profile_dir: Path, *, timeout: int = 600) -> dict[str, Path]:
    """Every document as PDF, in one LibreOffice start with a private profile (no clash with another soffice)."""
    sources = {}
    for name, content in documents.items():
        source = folder / f"{name}.docx"
        source.write_bytes(content)
        sources[name] = source
    completed = subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation={profile_dir.as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            *map(str, sources.values()),
        ],
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert completed.returncode == 0, completed.stderr
    return {name: source.with_suffix(".pdf") for name, source in sources.items()}


def printed_lines(pdf: Path) -> list[PrintedLine]:
    """Every printed line in reading order, as poppler groups words into lines."""
    layout = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    root = etree.fromstring(layout.encode(), etree.XMLParser(load_dtd=False, no_network=True, resolve_entities=False))
    lines = []
    for number, page in enumerate(root.iter(f"{XHTML}page"), 1):
        for line in page.iter(f"{XHTML}line"):
            words = tuple((float(w.get("xMin")), float(w.get("xMax")), w.text or "") for w in line.iter(f"{XHTML}word"))
            lines.append(
                PrintedLine(
                    number,
                    float(line.get("xMin")),
                    float(line.get("yMin")),
                    float(line.get("xMax")),
                    float(line.get("yMax")),
                    " ".join(word for _, _, word in words),
                    words,
                )
            )
    return lines
