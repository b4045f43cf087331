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

    def __init__(self, *segments: Segment):
        object.__setattr__(self, "segments", segments)


@dataclass(frozen=True)
class Heading:
    """A numbered heading. `number`: "auto" counts static headings of this level in order
    (restarting under each higher heading); "loop" takes the number from the enclosing loop."""
    level: Literal[1, 2, 3]
    text: str
    number: Literal["auto", "loop"] = "auto"


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
    """"Nơi nhận" with the recipients on the left, T/M CHI BỘ and the signer on the right."""
    recipients: str = "recipients"
    signer: str = "signer"


Block = Union[Para, Bullet, Heading, Centered, Loop, If, MinutesSignatures, ResolutionSignature]


@dataclass(frozen=True)
class Layout:
    """One document kind's page: header (always), title, trích yếu, then the body blocks."""
    kind: str
    doc_type: str                 # NQ, BB, BC, KH … as in the number "Số 05-NQ/CB"
    title: str                    # tên loại văn bản, e.g. "BIÊN BẢN"
    summary: str                  # trích yếu, may hold tags
    blocks: tuple = field(default_factory=tuple)
