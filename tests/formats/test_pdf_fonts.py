"""Visual sanity through LibreOffice: every generated document prints in Times New Roman (or its metric
twin Liberation Serif) with no fallback font, on A4, on as many pages as its content needs.

All documents are converted in one soffice call with a private user profile, so the test costs one
LibreOffice start-up and never collides with another soffice running on the machine.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from lxml import etree

from service.formats.profiles import get_profile
from tests.formats.broken.documents import NS, edit, every_generated, generated
from tests.helpers import part_xml
from tests.pdf_text import SOFFICE, convert

pytestmark = pytest.mark.skipif(
    SOFFICE is None,
    reason="LibreOffice (soffice) is not installed; CI installs libreoffice-writer-nogui fonts-liberation2 poppler-utils",
)
CASES = every_generated()
ALLOWED_FAMILIES = ("LiberationSerif", "TimesNewRoman")
A4_POINTS = (595.3, 841.9)
# A page may end this many body lines short of its bottom margin: headings keep with the next paragraph,
# and the closing paragraph (up to three lines) keeps with the signature block (label, signing space,
# name), which never starts a page alone; so a page can break that much early without wasting paper.
CLOSING_LINES = 3
POINTS_PER_MM = 72 / 25.4


def _with_font(root):
    """A planted fault: the document font is one LibreOffice must replace (Arial → Liberation Sans)."""
    fonts = root.find(".//w:rPrDefault/w:rPr/w:rFonts", NS)
    for slot in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.set(f"{{{NS['w']}}}{slot}", "Arial")


def _with_gap(root):
    """A planted fault: 300 pt of space before the resolution's closing line pushes it to a new page."""
    closing = next(p for p in root.iter(f"{{{NS['w']}}}p") if "".join(p.itertext()).startswith("Nghị quyết được"))
    closing.find("w:pPr/w:spacing", NS).set(f"{{{NS['w']}}}before", "6000")


PLANTED = {"arial": ("word/styles.xml", _with_font), "gap": ("word/document.xml", _with_gap)}


def _planted(name: str) -> bytes:
    part, change = PLANTED[name]
    return edit(generated("nghi-quyet-thang", "hd05-2026"), part, change)


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory) -> dict[object, Path]:
    """Every generated document and the planted faults, converted in one soffice call."""
    folder = tmp_path_factory.mktemp("pdf")
    documents = {case: generated(*case) for case in CASES} | {name: _planted(name) for name in PLANTED}
    names = {key: f"{key[0]}.{key[1]}" if isinstance(key, tuple) else f"planted-{key}" for key in documents}
    converted = convert(
        {names[key]: content for key, content in documents.items()},
        folder,
        tmp_path_factory.mktemp("soffice-profile"),
        timeout=300,
    )
    return {key: converted[names[key]] for key in documents}


def _tool(*command: str) -> str:
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


def _fonts(pdf: Path) -> set[str]:
    lines = _tool("pdffonts", str(pdf)).splitlines()[2:]
    return {line.split()[0].split("+")[-1] for line in lines if line.strip()}


def _pages(pdf: Path) -> list[tuple[float, float | None]]:
    """(page height, lowest text baseline) for each page, from poppler's word boxes."""
    layout = _tool("pdftotext", "-bbox", str(pdf), "-")
    root = etree.fromstring(layout.encode(), etree.XMLParser(load_dtd=False, no_network=True, resolve_entities=False))
    pages = []
    for page in root.iter("{http://www.w3.org/1999/xhtml}page"):
        bottoms = [float(word.get("yMax")) for word in page.iter("{http://www.w3.org/1999/xhtml}word")]
        pages.append((float(page.get("height")), max(bottoms, default=None)))
    return pages


def _forced_breaks(content: bytes) -> int:
    document = part_xml(content)
    # A section the body ends inside itself starts a new page too (a ballot's slips: one section each).
    return (
        len(document.findall(".//w:br[@w:type='page']", NS))
        + len(document.findall(".//w:pageBreakBefore", NS))
        + len(document.findall(".//w:pPr/w:sectPr", NS))
    )


def _fallback_fonts(pdf: Path) -> set[str]:
    return {font for font in _fonts(pdf) if not font.startswith(ALLOWED_FAMILIES)}


def _short_pages(pdf: Path, profile_id: str) -> list[int]:
    """Pages before the last whose text stops well above the bottom margin."""
    profile = get_profile(profile_id)
    slack = (CLOSING_LINES + profile.signature.blank_lines + 3) * profile.body.line_spacing
    pages = _pages(pdf)
    assert all(bottom is not None for _, bottom in pages), "a blank page"
    return [
        number
        for number, (page_height, bottom) in enumerate(pages[:-1], 1)
        if bottom < page_height - profile.page.margin_bottom_mm * POINTS_PER_MM - slack
    ]


@pytest.mark.parametrize("case", CASES, ids=[f"{k}.{p}" for k, p in CASES])
def test_no_fallback_font_is_used(pdfs, case):
    assert _fonts(pdfs[case]) and _fallback_fonts(pdfs[case]) == set()


@pytest.mark.parametrize("case", CASES, ids=[f"{k}.{p}" for k, p in CASES])
def test_pages_are_a4_and_as_many_as_the_content_needs(pdfs, case):
    info = _tool("pdfinfo", str(pdfs[case]))
    width, height = map(float, re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info).groups())
    assert (round(width, 1), round(height, 1)) == A4_POINTS
    short = _short_pages(pdfs[case], case[1])
    # A page may end early only where the document itself starts a new page (one copy per member).
    assert len(short) <= _forced_breaks(generated(*case)), f"pages {short} end early without a page break"


def test_the_checks_can_fail(pdfs):
    assert {font.split("-")[0] for font in _fallback_fonts(pdfs["arial"])} == {"LiberationSans"}
    assert _short_pages(pdfs["gap"], "hd05-2026") and _forced_breaks(_planted("gap")) == 0
