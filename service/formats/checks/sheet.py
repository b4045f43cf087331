"""One copy of a document as printed: its landmarks, its pages and the geometry of the page it sits on.

The rendered checks (printed_header, printed_flow, printed_page) judge a copy
through this: which printed lines a paragraph became, where the text area and
the margins lie in points, where a finding points on the page.
"""

from __future__ import annotations

from dataclasses import dataclass

from service.formats.checks.base import Judge, Where
from service.formats.checks.landmarks import Landmarks
from service.formats.docx_reader import Paragraph
from service.formats.pdf_reader import POINTS_PER_MM, Line, PdfPage
from service.formats.printed import Printed, Spot


@dataclass(frozen=True)
class Sheet:
    marks: Landmarks
    printed: Printed
    pages: tuple[int, ...]  # page numbers this copy prints on, in order

    @property
    def first_page(self) -> int | None:
        return self.pages[0] if self.pages else None


@dataclass(frozen=True)
class Area:
    """The text area of a page, in points from its top-left corner."""

    left: float
    right: float
    top: float
    bottom: float
    tolerance: float  # points a line or border may reach past a margin

    @classmethod
    def of(cls, judge: Judge, page: PdfPage, printed: Printed) -> Area:
        """The margins the page's section declares (their values are judged apart, on the XML), else the
        profile's: text in a margin is one defect, a margin of the wrong width another."""
        setup, section = judge.profile.page, printed.section_of(page)
        declared = section.margins_mm if section is not None else {}
        gutter = declared.get("gutter", 0)
        left = declared.get("left", setup.margin_left_mm) + gutter
        right = declared.get("right", setup.margin_right_mm)
        top = declared.get("top", setup.margin_top_mm)
        bottom = declared.get("bottom", setup.margin_bottom_mm)
        return cls(
            left * POINTS_PER_MM,
            page.width - right * POINTS_PER_MM,
            top * POINTS_PER_MM,
            page.height - bottom * POINTS_PER_MM,
            judge.profile.check.printed.area_tolerance_mm * POINTS_PER_MM,
        )

    @property
    def center(self) -> float:
        return (self.left + self.right) / 2


def tolerance(judge: Judge) -> float:
    """Points a printed position may stray from where it belongs."""
    return judge.profile.check.printed.position_tolerance_mm * POINTS_PER_MM


def at(paragraph: Paragraph | None, page: PdfPage, line: Line, text: str | None = None) -> Where:
    """Where a finding about `line` of `paragraph` points."""
    base = Where.of(paragraph) if paragraph is not None else Where()
    return base.placed(page.number, line.x0, line.top, line.text if text is None else text)


def spot_at(paragraph: Paragraph, spot: Spot, text: str | None = None) -> Where:
    return at(paragraph, spot.page, spot.line, text)


def cannot_place(judge: Judge, paragraph: Paragraph, what: str) -> None:
    judge.cannot(
        "rendered_unplaced",
        f"Không tìm thấy trên trang in {what} «{paragraph.text.strip()[:40]}» nên chưa kiểm tra được vị trí của nó.",
    )
