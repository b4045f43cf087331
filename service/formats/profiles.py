"""Loading format profiles from their TOML files and choosing the one in force on a date.

A profile is the layout rule-set of one regulation (HD 36-2018, HD 05-2026). The
builder reads it to make templates and the checker reads it to judge documents,
so both always agree.
"""

from __future__ import annotations

import datetime as dt
import functools
import tomllib
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict

from service.rules import in_force

PROFILE_DIR = Path(__file__).with_name("profiles")


class _Section(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Page(_Section):
    width_mm: float
    height_mm: float
    margin_top_mm: float
    margin_bottom_mm: float
    margin_left_mm: float
    margin_right_mm: float
    mirror_margins: bool
    header_distance_mm: float
    footer_distance_mm: float

    @property
    def text_width_mm(self) -> float:
        return self.width_mm - self.margin_left_mm - self.margin_right_mm


class Font(_Section):
    family: str


class Body(_Section):
    size_pt: float
    alignment: Literal["justify", "left"]
    first_line_indent_mm: float
    space_after_pt: float
    line_spacing_rule: Literal["exact", "multiple"]
    line_spacing: float


class PageNumber(_Section):
    size_pt: float
    first_page: bool
    alignment: Literal["center", "right"]


class TextStyle(_Section):
    size_pt: float
    bold: bool = False
    italic: bool = False
    underline: bool = False
    upper: bool = False
    text: str | None = None


class NumberStyle(TextStyle):
    pattern: str
    pad_to: int


class PartyTitle(TextStyle):
    rule: bool
    rule_width_mm: float


class PlaceDate(TextStyle):
    pattern: str


class Header(_Section):
    left_width_pct: float
    upper_org: TextStyle
    issuer: TextStyle
    asterisk: TextStyle
    number: NumberStyle
    party_title: PartyTitle
    place_date: PlaceDate


class Summary(TextStyle):
    separator: str


class Headings(_Section):
    level1_style: Literal["roman"]
    level1_suffix: str
    level1_upper: bool
    level1_bold: bool
    level2_suffix: str
    level2_bold: bool
    level3_suffix: str
    level3_bold: bool
    bullet: str


class Closing(_Section):
    mark: str


class TableStyle(_Section):
    size_pt: float
    wide_size_pt: float
    compact_line_pt: float
    header_bold: bool
    cell_margin_mm: float
    wide_cell_margin_mm: float


class Signature(_Section):
    authority_bold: bool
    title_bold: bool
    name_bold: bool
    blank_lines: int
    size_pt: float
    resolution_authority: str
    minutes_left: str
    minutes_right: str
    note_italic: bool


class Recipients(_Section):
    label: str
    label_size_pt: float
    label_underline: bool
    label_bold: bool
    label_italic: bool
    item_size_pt: float
    item_prefix: str
    separator: str
    archive_line: str
    refuse_vt: bool


class Spelling(_Section):
    uy: Literal["preserve", "old", "new"]


Severity = Literal["error", "warning"]


class Severities(_Section):
    """How hard the checker judges the rules whose source is uncertain; the rest are errors."""

    line_spacing: Severity
    page_number_size: Severity
    closing_mark: Severity
    signer_title_bold: Severity
    minutes_labels: Severity
    recipients_separator: Severity


class PrintedCheck(_Section):
    """What the checker measures on the printed page (the PDF LibreOffice makes of the document)."""

    position_tolerance_mm: float
    area_tolerance_mm: float
    rule_length_tolerance: float
    body_lines_before_signature: int
    stretched_gap_ratio: float
    metric_compatible_fonts: tuple[str, ...]


class Check(_Section):
    """What the conformance checker tolerates; the builder does not read this section."""

    margin_tolerance_mm: float
    body_size_pt: tuple[float, float]
    title_size_pt: tuple[float, float]
    summary_size_pt: tuple[float, float]
    line_spacing_exact_pt: tuple[float, float]
    line_spacing_multiple: tuple[float, float] | None = None
    signature_labels: tuple[str, ...]
    unsigned_titles: tuple[str, ...]
    forbidden_archive_words: tuple[str, ...] = ()
    severity: Severities
    printed: PrintedCheck


class Profile(_Section):
    id: str
    name: str
    effective_from: dt.date
    page: Page
    font: Font
    body: Body
    page_number: PageNumber
    header: Header
    title: TextStyle
    summary: Summary
    draft_mark: TextStyle
    form_code: TextStyle
    headings: Headings
    closing: Closing
    signature: Signature
    recipients: Recipients
    table: TableStyle
    spelling: Spelling
    check: Check

    @property
    def header_columns_mm(self) -> tuple[float, float]:
        """Widths of the header's two columns, which the signature blocks line up with."""
        text_width = self.page.text_width_mm
        left_width = round(text_width * self.header.left_width_pct / 100, 1)
        return left_width, round(text_width - left_width, 1)

    def number_line(self, number: int | None, doc_type: str, issuer: str) -> str:
        """ "Số 05-NQ/CB"; an unnumbered document keeps the line with the number left blank."""
        style = self.header.number
        text = str(number).zfill(style.pad_to) if number is not None else "    "
        return style.pattern.format(number=text, type=doc_type, issuer=issuer)


class UnknownProfile(LookupError):
    def __init__(self, profile_id: str):
        super().__init__(profile_id)
        self.profile_id = profile_id
        self.known = tuple(profile.id for profile in all_profiles())

    @property
    def message(self) -> str:
        """The Vietnamese refusal, naming the profiles that exist."""
        return f"Quy chuẩn thể thức “{self.profile_id}” không tồn tại; chọn một trong: {', '.join(self.known)}."


def load_profile(path: Path) -> Profile:
    with path.open("rb") as handle:
        return Profile.model_validate(tomllib.load(handle))


@functools.cache
def all_profiles() -> tuple[Profile, ...]:
    """Every profile shipped with the service, oldest first."""
    profiles = (load_profile(path) for path in sorted(PROFILE_DIR.glob("*.toml")))
    return tuple(sorted(profiles, key=lambda p: p.effective_from))


def get_profile(profile_id: str) -> Profile:
    """The profile of that id, whatever its case and surrounding spaces ("HD05-2026" is hd05-2026)."""
    wanted = profile_id.strip().casefold()
    for profile in all_profiles():
        if profile.id.casefold() == wanted:
            return profile
    raise UnknownProfile(profile_id)


def profile_for(day: dt.date) -> Profile:
    return in_force(all_profiles(), day)
