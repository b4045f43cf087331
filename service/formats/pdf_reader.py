"""Reading a printed document (the PDF LibreOffice made of it) into lines with positions, for the checker.

The model is what a ruler on the paper measures: for each page, its lines of
text in the order LibreOffice wrote them (a table cell's lines stay apart from
the next cell's, even at the same height), every glyph with its box and font,
and the rules drawn on the page (borders, the line under "ĐẢNG CỘNG SẢN VIỆT
NAM", table grid). Positions are in points from the page's top-left corner.

pypdfium2 (PDFium, the PDF engine of Chromium) reads a page of our documents in
about 2 ms; only this module knows its API.
"""

from __future__ import annotations

import ctypes
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

FONT_NAME_BUFFER = 128
# Glyphs whose baselines differ by more than this fraction of the font size start a new line.
BASELINE_TOLERANCE = 0.3
POINTS_PER_MM = 72 / 25.4
SPACE_EM = 0.25
# A vertical rule at least this tall (points) is a table border that separates cells on one line.
BORDER_MIN = 4


class UnreadablePdf(ValueError):
    """The converter's output is not a PDF that can be read."""


@dataclass(frozen=True)
class Glyph:
    char: str
    x0: float
    x1: float
    top: float
    bottom: float
    baseline: float
    font: str  # PostScript name without a subset tag: "LiberationSerif-BoldItalic"
    size: float


@dataclass(frozen=True)
class Line:
    glyphs: tuple[Glyph, ...]

    @property
    def text(self) -> str:
        return "".join(g.char for g in self.glyphs)

    @property
    def x0(self) -> float:
        return min(g.x0 for g in self.glyphs)

    @property
    def x1(self) -> float:
        return max(g.x1 for g in self.glyphs)

    @property
    def baseline(self) -> float:
        return self.glyphs[0].baseline

    @property
    def bottom(self) -> float:
        return max(g.bottom for g in self.glyphs)

    @property
    def top(self) -> float:
        return min(g.top for g in self.glyphs)

    @property
    def printed(self) -> tuple[Glyph, ...]:
        return tuple(g for g in self.glyphs if not g.char.isspace())

    @property
    def size(self) -> float:
        sizes = [g.size for g in self.printed]
        return max(sizes, key=sizes.count) if sizes else 0

    @property
    def center(self) -> float:
        return (self.x0 + self.x1) / 2

    def all_fonts(self, word: str) -> bool:
        """Whether every printed glyph's font name contains `word` ("Bold", "Italic")."""
        return bool(self.printed) and all(word in g.font for g in self.printed)

    def gaps(self) -> list[tuple[float, float]]:
        """(gap between two words, a normal space there) for each run of spaces between words. A normal
        space is a quarter of the size, as in Times New Roman and its metric twins; PDFium gives the spaces it
        adds between words placed one by one no width of their own."""
        found, glyphs = [], self.glyphs
        index = 0
        while index < len(glyphs):
            if glyphs[index].char == " " and 0 < index:
                end = index
                while end < len(glyphs) and glyphs[end].char == " ":
                    end += 1
                if end < len(glyphs):
                    found.append((glyphs[end].x0 - glyphs[index - 1].x1, SPACE_EM * glyphs[index - 1].size))
                index = end
            else:
                index += 1
        return found


@dataclass(frozen=True)
class Rule:
    """A drawn line or thin rectangle: borders, rules, table grid."""

    x0: float
    x1: float
    top: float
    bottom: float

    @property
    def horizontal(self) -> bool:
        return self.x1 - self.x0 > self.bottom - self.top


@dataclass(frozen=True)
class PdfPage:
    number: int  # 1-based
    width: float
    height: float
    lines: tuple[Line, ...]
    rules: tuple[Rule, ...]


def read_pdf(data: bytes) -> tuple[PdfPage, ...]:
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        raise UnreadablePdf(str(error)) from None
    try:
        return tuple(_page(document[index], index + 1) for index in range(len(document)))
    finally:
        document.close()


def _page(page: pdfium.PdfPage, number: int) -> PdfPage:
    width, height = page.get_size()
    text = page.get_textpage()
    glyphs = _glyphs(text, height)
    rules = tuple(
        _rule(item.get_bounds(), height) for item in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH], max_depth=4)
    )
    borders = [rule for rule in rules if not rule.horizontal and rule.bottom - rule.top > BORDER_MIN]
    lines = tuple(part for line in _lines(glyphs) for part in _split_at_borders(line, borders))
    return PdfPage(number, width, height, lines, rules)


def _glyphs(text: pdfium.PdfTextPage, height: float) -> list[Glyph | None]:
    """Glyphs in writing order; None where PDFium marks the end of a line it found."""
    found: list[Glyph | None] = []
    name = ctypes.create_string_buffer(FONT_NAME_BUFFER)
    flags = ctypes.c_int()
    origin_x, origin_y = ctypes.c_double(), ctypes.c_double()
    for index in range(text.count_chars()):
        code = pdfium_c.FPDFText_GetUnicode(text.raw, index)
        # PDFium adds the spaces between words placed one by one (justified lines) and the ends of lines.
        if pdfium_c.FPDFText_IsGenerated(text.raw, index) and code != 32:
            if found and found[-1] is not None:
                found.append(None)
            continue
        # Control characters (a tab) carry no box of their own; surrogates and non-characters no letter.
        if code < 32 or code in (0xFFFE, 0xFFFF) or 0xD800 <= code <= 0xDFFF:
            continue
        left, bottom, right, top = text.get_charbox(index)
        pdfium_c.FPDFText_GetCharOrigin(text.raw, index, ctypes.byref(origin_x), ctypes.byref(origin_y))
        pdfium_c.FPDFText_GetFontInfo(text.raw, index, name, FONT_NAME_BUFFER, ctypes.byref(flags))
        font = name.value.decode("latin-1").split("+", 1)[-1]
        found.append(
            Glyph(
                chr(code),
                left,
                right,
                height - top,
                height - bottom,
                height - origin_y.value,
                font,
                round(pdfium_c.FPDFText_GetFontSize(text.raw, index), 1),
            )
        )
    return found


def _lines(glyphs: list[Glyph | None]) -> list[Line]:
    """Runs of glyphs on one baseline; LibreOffice writes a line whose fonts differ (a fallback font) in
    pieces, one per font, so pieces on one baseline whose extents overlap are put back together."""
    lines: list[Line] = []
    for piece in _pieces(glyphs):
        last = lines[-1] if lines else None
        if (
            last is not None
            and abs(last.baseline - piece.baseline) < BASELINE_TOLERANCE * max(last.size, 1)
            and piece.x0 < last.x1
            and last.x0 < piece.x1
        ):
            lines[-1] = Line(tuple(sorted(last.glyphs + piece.glyphs, key=lambda g: g.x0)))
        else:
            lines.append(piece)
    return lines


def _pieces(glyphs: list[Glyph | None]):
    current: list[Glyph] = []
    for glyph in glyphs:
        if glyph is not None and current and not _same_line(current[-1], glyph):
            yield Line(tuple(current))
            current = []
        if glyph is None:
            if current:
                yield Line(tuple(current))
            current = []
        elif glyph.char not in "\r\n":
            current.append(glyph)
    if current:
        yield Line(tuple(current))


def _same_line(previous: Glyph, glyph: Glyph) -> bool:
    tolerance = BASELINE_TOLERANCE * max(previous.size, glyph.size, 1)
    return glyph.x0 >= previous.x0 - 1 and abs(previous.baseline - glyph.baseline) < tolerance


def _split_at_borders(line: Line, borders: list[Rule]) -> list[Line]:
    """A table row PDFium reads as one line, cut into its cells at the vertical borders between glyphs."""
    crossing = sorted((rule.x0 + rule.x1) / 2 for rule in borders if rule.top <= line.baseline <= rule.bottom)
    if not crossing:
        return [line]
    parts, current = [], [line.glyphs[0]]
    for glyph in line.glyphs[1:]:
        if any(current[-1].x1 - 0.5 <= x <= glyph.x0 + 0.5 for x in crossing):
            parts.append(Line(tuple(current)))
            current = []
        current.append(glyph)
    parts.append(Line(tuple(current)))
    return [part for part in parts if part.text.strip()]


def _rule(bounds: tuple[float, float, float, float], height: float) -> Rule:
    left, bottom, right, top = bounds
    return Rule(left, right, height - top, height - bottom)


def mm(points: float) -> float:
    return points / POINTS_PER_MM
