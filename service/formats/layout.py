"""The vocabulary in which a document kind describes its layout, independent of any profile.

A kind says *what* goes on the page (a title, a numbered heading, a paragraph
with template tags, a loop, the signature block); the builder decides *how* it
looks from the format profile. Text may hold docxtpl/Jinja tags over the
kind's context.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, Union


@dataclass(frozen=True)
class Span:
    """A piece of paragraph text with its own emphasis."""

    text: str
    bold: bool = False
    italic: bool = False
    underline: bool = False


Segment = Union[str, Span]


def bold(text: str) -> Span:
    return Span(text, bold=True)


def italic(text: str) -> Span:
    return Span(text, italic=True)


@dataclass(frozen=True)
class Para:
    """A body paragraph. `close` ends it with the profile's closing mark ("./." or ".")."""

    segments: tuple[Segment, ...]
    align: Literal["body", "center", "right"] = "body"
    indent: bool = True
    close: bool = False
    keep_next: bool = False

    def __init__(self, *segments: Segment, align="body", indent=True, close=False, keep_next=False):
        object.__setattr__(self, "segments", segments)
        object.__setattr__(self, "align", align)
        object.__setattr__(self, "indent", indent)
        object.__setattr__(self, "close", close)
        object.__setattr__(self, "keep_next", keep_next)


@dataclass(frozen=True)
class Bullet:
    """A "- …" line; the dash comes from the profile."""

    segments: tuple[Segment, ...]
    keep_next: bool = False

    def __init__(self, *segments: Segment, keep_next=False):
        object.__setattr__(self, "segments", segments)
        object.__setattr__(self, "keep_next", keep_next)


@dataclass(frozen=True)
class Heading:
    """A numbered heading. `number`: "auto" counts static headings of this level in order
    (restarting under each higher heading); "loop" takes the number from the enclosing loop;
    "none" prints the text alone, for forms whose numbering is data that comes with the text."""

    level: Literal[1, 2, 3]
    text: str
    number: Literal["auto", "loop", "none"] = "auto"


@dataclass(frozen=True)
class Centered:
    """A centred line such as "QUYẾT NGHỊ:"."""

    text: str
    bold: bool = True


@dataclass(frozen=True)
class Loop:
    """Repeat blocks for each item: `for` is a Jinja for-clause, e.g. "s in speeches"."""

    clause: str
    blocks: tuple

    def __init__(self, clause: str, *blocks):
        object.__setattr__(self, "clause", clause)
        object.__setattr__(self, "blocks", blocks)


@dataclass(frozen=True)
class If:
    condition: str
    blocks: tuple

    def __init__(self, condition: str, *blocks):
        object.__setattr__(self, "condition", condition)
        object.__setattr__(self, "blocks", blocks)


@dataclass(frozen=True)
class MinutesSignatures:
    """Minute-taker on the left, chair on the right; labels come from the profile."""

    left_name: str
    right_name: str


@dataclass(frozen=True)
class ResolutionSignature:
    """ "Nơi nhận" with the recipients on the left, T/M CHI BỘ and the signer on the right; `authority` and
    `archive` replace the profile's "T/M CHI BỘ" and "Lưu Chi bộ" for a document a đảng ủy signs."""

    recipients: str = "recipients"
    signer: str = "signer"
    authority: str = ""
    archive: str = ""


@dataclass(frozen=True)
class Signature:
    """One signature on the right: a label ("NGƯỜI TỰ KIỂM ĐIỂM"), a note under it, the signing space, the name."""

    label: str
    note: str
    name: str


@dataclass(frozen=True)
class Column:
    """A table column: its header, the template text of its cell in each row, its relative width."""

    title: str
    cell: str
    width: float
    align: Literal["left", "center"] = "center"


@dataclass(frozen=True)
class Table:
    """A bordered table: a header row (repeated on every page), then one row per item of `rows`,
    a Jinja for-clause such as "m in members". A `wide` table is set in the profile's smaller size; a `compact`
    one keeps the table's size on the profile's tighter lines (a long list that must fit one page)."""

    rows: str
    columns: tuple[Column, ...]
    wide: bool = False
    compact: bool = False

    def __init__(self, rows: str, *columns: Column, wide: bool = False, compact: bool = False):
        object.__setattr__(self, "rows", rows)
        object.__setattr__(self, "columns", columns)
        object.__setattr__(self, "wide", wide)
        object.__setattr__(self, "compact", compact)


@dataclass(frozen=True)
class PageBreak:
    """What follows starts on a new page."""


Block = Union[Para, Bullet, Heading, Centered, Loop, If, MinutesSignatures, ResolutionSignature, Signature, Table, PageBreak]


@dataclass(frozen=True)
class Layout:
    """One document kind's page: header (always), title, trích yếu, then the body blocks."""

    kind: str
    doc_type: str  # NQ, BB, BC, KH … as in the number "Số 05-NQ/CB"
    title: str  # tên loại văn bản, e.g. "BIÊN BẢN"; may hold tags
    summary: str  # trích yếu, may hold tags
    blocks: tuple = field(default_factory=tuple)
    subtitle: str = ""  # a line under the trích yếu: a form's "(Cá nhân …)", a meeting's topic
    form_code: str = ""  # a form's code in the top-right corner, "Mẫu 2B-HD KĐ.ĐG 2025"
    numbered: bool = True  # the header carries "Số …" (forms and ballots do not)
    dated: bool = True  # the header carries place and date (ballots do not)
    copies: str = ""  # a for-clause: the whole page, header included, once per item, each copy a
    # section numbered from 1 (a ballot's slips print the same numbers: none can be
    # told from another by them)
