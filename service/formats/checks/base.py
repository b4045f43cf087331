"""What every rule of the checker shares: the finding it reports, where it points, and style reading.

A rule reads the neutral document model (service.formats.docx_reader) and the
profile, and reports through a Judge. Expected and found values are short
Vietnamese phrases ("in đậm", "14 pt") because people read them; codes are
stable English for programs.
"""

from __future__ import annotations

import functools
import tomllib
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Iterable, Literal

from service.formats.docx_reader import DocxDocument, Paragraph
from service.formats.profiles import Profile, TextStyle
from service.vietnamese.text import upper

Severity = Literal["error", "warning"]
EXCERPT_LENGTH = 40
_SEVERITY_LABEL = {"error": "LỖI", "warning": "CẢNH BÁO"}
_ATTRIBUTES = (("bold", "in đậm"), ("italic", "in nghiêng"), ("underline", "gạch chân"))
RULES_FILE = Path(__file__).with_name("rules.toml")


@functools.cache
def _rules() -> dict[str, str]:
    with RULES_FILE.open("rb") as handle:
        return tomllib.load(handle)["rules"]


def rule_for(code: str, profile: Profile) -> str:
    """The rule a finding enforces, by the longest catalogued prefix of its code."""
    rules, key = _rules(), code
    while key and key not in rules:
        key = key.rpartition("_")[0]
    return rules.get(key, "{guide}").format(guide=profile.name)


def excerpt(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= EXCERPT_LENGTH else text[: EXCERPT_LENGTH - 1] + "…"


def squeeze(text: str) -> str:
    """Text with runs of white space made single, for comparing lines typed by hand."""
    return " ".join(text.split())


def points(value: float) -> str:
    return f"{value:g} pt".replace(".", ",")


def point_range(low: float, high: float) -> str:
    return points(low) if low == high else f"{low:g}–{high:g} pt".replace(".", ",")


@dataclass(frozen=True)
class Where:
    paragraph: int | None = None  # 1-based, in document order, table cells and text boxes included
    table: int | None = None
    cell: tuple[int, int] | None = None  # row, column (1-based)
    section: int | None = None
    excerpt: str = ""
    page: int | None = None  # 1-based page of the printed document (rendered checks)
    x_mm: float | None = None  # from the page's left edge
    y_mm: float | None = None  # from the page's top edge

    @classmethod
    def of(cls, paragraph: Paragraph) -> Where:
        cell = (paragraph.row, paragraph.cell) if paragraph.table is not None else None
        return cls(paragraph.number, paragraph.table, cell, None, excerpt(paragraph.text))

    def placed(self, page: int, x_pt: float, y_pt: float, text: str | None = None) -> Where:
        """This place on the printed page (points from the top-left corner)."""
        return Where(
            self.paragraph,
            self.table,
            self.cell,
            self.section,
            excerpt(text) if text is not None else self.excerpt,
            page,
            round(x_pt * MM_PER_POINT, 1),
            round(y_pt * MM_PER_POINT, 1),
        )

    def describe(self) -> str:
        if self.page is not None:
            place = f"Trang {self.page}"
            if self.x_mm is not None:
                place += f", cách mép trên {_decimal(self.y_mm)} mm, mép trái {_decimal(self.x_mm)} mm"
            return place + (f" «{self.excerpt}»" if self.excerpt else "")
        if self.section is not None:
            return f"Phần {self.section} của văn bản (khổ giấy, lề, số trang)"
        if self.paragraph is None:
            return "Toàn văn bản"
        place = f"Đoạn {self.paragraph}"
        if self.table is not None:
            place += f" (bảng {self.table}, hàng {self.cell[0]}, ô {self.cell[1]})"
        return place + (f" «{self.excerpt}»" if self.excerpt else "")


MM_PER_POINT = 25.4 / 72


def _decimal(value: float) -> str:
    return f"{value:g}".replace(".", ",")


@dataclass(frozen=True)
class Deviation:
    severity: Severity
    code: str
    where: Where
    expected: str
    found: str
    message: str
    rule: str = ""

    def as_dict(self) -> dict:
        return asdict(self)

    def line(self) -> str:
        return (
            f"[{_SEVERITY_LABEL[self.severity]}] {self.where.describe()}: {self.message} — "
            f"cần «{self.expected}», thấy «{self.found}»"
        )


@dataclass(frozen=True)
class NotJudged:
    code: str
    message: str

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass
class Judge:
    """Collects what the rules find about one document judged against one profile."""

    document: DocxDocument
    profile: Profile
    deviations: list[Deviation] = field(default_factory=list)
    not_judged: list[NotJudged] = field(default_factory=list)

    def deviation(
        self, code: str, where: Where | Paragraph, message: str, expected: str, found: str, severity: Severity = "error"
    ) -> None:
        where = Where.of(where) if isinstance(where, Paragraph) else where
        self.deviations.append(Deviation(severity, code, where, expected, found, message, rule_for(code, self.profile)))

    def cannot(self, code: str, message: str) -> None:
        if all(item.code != code for item in self.not_judged):
            self.not_judged.append(NotJudged(code, message))

    def grouped(
        self, code: str, items: Iterable[tuple[Paragraph, str]], message: str, expected: str, severity: Severity = "error"
    ) -> None:
        """One deviation per distinct wrong value, at its first paragraph, counting the others: a document
        typed in the wrong font should read as one problem, not fifty."""
        groups: dict[str, list[Paragraph]] = {}
        for paragraph, found in items:
            groups.setdefault(found, []).append(paragraph)
        for found, paragraphs in groups.items():
            count = f" ({len(paragraphs)} đoạn, đầu tiên là đoạn này)" if len(paragraphs) > 1 else ""
            self.deviation(code, paragraphs[0], message + count, expected, found, severity)

    def text_style(
        self,
        paragraph: Paragraph,
        style: TextStyle,
        code: str,
        label: str,
        *,
        sizes: tuple[float, float] | None = None,
        severity: dict[str, Severity] | None = None,
    ) -> None:
        """Size, bold, italic, underline (and upper case when the style asks) of one element's line."""
        severity = severity or {}
        low, high = sizes or (style.size_pt, style.size_pt)
        found_sizes = sorted({run.format.size_pt for run in paragraph.visible_runs})
        if any(not low <= size <= high for size in found_sizes):
            self.deviation(
                f"{code}_size",
                paragraph,
                f"{label}: cỡ chữ sai",
                point_range(low, high),
                ", ".join(points(size) for size in found_sizes),
                severity.get("size", "error"),
            )
        for attribute, words in _ATTRIBUTES:
            expected, found = getattr(style, attribute), uniform(paragraph, attribute)
            if found != expected:
                self.deviation(
                    f"{code}_{attribute}",
                    paragraph,
                    f"{label}: {'phải' if expected else 'không được'} {words}",
                    yes_no(expected, words),
                    yes_no(found, words),
                    severity.get(attribute, "error"),
                )
        if style.upper and upper(paragraph.text) != paragraph.text:
            self.deviation(
                f"{code}_case",
                paragraph,
                f"{label}: phải viết chữ in hoa",
                upper(squeeze(paragraph.text)),
                squeeze(paragraph.text),
                severity.get("upper", "error"),
            )


def uniform(paragraph: Paragraph, attribute: str) -> bool | None:
    """True/False when every printed run agrees, None when they are mixed."""
    values = {getattr(run.format, attribute) for run in paragraph.visible_runs}
    return values.pop() if len(values) == 1 else (False if not values else None)


def yes_no(value: bool | None, words: str) -> str:
    if value is None:
        return f"chỉ một phần {words}"
    return words if value else f"không {words}"
