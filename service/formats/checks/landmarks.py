"""Finding the parts of a Party document on the page: header, title, trích yếu, body, signature.

Documents typed by people put the header in a table, in text boxes or in
plain lines, so parts are recognised by position and content, not by style
names: the header is the first table (or, without one, the first lines up to
the last header element), the title is the first centred upper-case line after
it, the signature block starts at the first signature label or "Nơi nhận". A
document that repeats its whole page (one ballot per member) is cut into
copies at each header table and every copy is located on its own.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from service.formats.checks.base import squeeze
from service.formats.docx_reader import DocxDocument, Paragraph
from service.formats.profiles import Profile
from service.vietnamese.text import upper

# A header never needs more lines than this when it is typed without a table.
HEADER_SCAN = 12
LABEL_LENGTH = 40
# Lines of trích yếu looked for between the title and "-----"; a longer run means the dash line is missing.
MAX_SUMMARY_LINES = 4
# Empty lines a signature leaves for signing; fewer are just paragraph spacing.
SIGNING_SPACE = 2
DATE = re.compile(r"ngày\s+(?P<day>\d{1,2})\s+tháng\s+(?P<month>\d{1,2})\s+năm\s+(?P<year>\d{4})", re.IGNORECASE)
DATE_LINE = re.compile(r"ngày\b.*\btháng\b.*\bnăm\b", re.IGNORECASE)
NUMBER_LINE = re.compile(r"\s*số\b", re.IGNORECASE)
# Signing on behalf (T/M), as deputy (K/T), by delegation (T/L); state documents write TM., KT., TL.
AUTHORITY = re.compile(r"(T/M|K/T|T/L|TM\.|KT\.|TL\.)\s*\S")
DASHES = re.compile(r"[-‐‑‒–—―_]+")


@dataclass(frozen=True)
class Landmarks:
    corner: tuple[Paragraph, ...] = ()  # right-aligned lines above the header (a form's code), not judged
    header: tuple[Paragraph, ...] = ()  # printed lines of the header
    header_table: int | None = None
    title: Paragraph | None = None
    summary: tuple[Paragraph, ...] = ()  # trích yếu, one or more centred lines (a topic, a form's "(Cá nhân …)")
    separator: Paragraph | None = None  # the dash line under the trích yếu, as typed
    body: tuple[Paragraph, ...] = ()  # printed body paragraphs outside tables and text boxes
    last_body: Paragraph | None = None  # where the closing mark belongs
    signature: tuple[Paragraph, ...] = ()  # printed lines from the first signature label on
    labels: tuple[Paragraph, ...] = ()  # the signature block's label lines (T/M CHI BỘ, THƯ KÝ, …)

    @property
    def authority(self) -> Paragraph | None:
        return next((p for p in self.labels if AUTHORITY.match(squeeze(p.text))), None)


def printed(paragraphs) -> list[Paragraph]:
    return [p for p in paragraphs if p.text.strip()]


def is_party_title(paragraph: Paragraph, profile: Profile) -> bool:
    return squeeze(paragraph.text).casefold() == profile.header.party_title.text.casefold()


def is_date_line(paragraph: Paragraph) -> bool:
    return bool(DATE_LINE.search(paragraph.text))


def is_upper(paragraph: Paragraph) -> bool:
    text = squeeze(paragraph.text)
    return sum(ch.isalpha() for ch in text) >= 2 and upper(text) == text


def document_date(document: DocxDocument) -> dt.date | None:
    """The date of the place-date line, looked for where the header is; None when absent or impossible."""
    for paragraph in printed(document.paragraphs)[: HEADER_SCAN * 2]:
        match = DATE.search(paragraph.text)
        if match:
            try:
                return dt.date(int(match["year"]), int(match["month"]), int(match["day"]))
            except ValueError:
                return None
    return None


def is_recipients_label(paragraph: Paragraph, profile: Profile) -> bool:
    label = profile.recipients.label.rstrip(":").casefold()
    return squeeze(paragraph.text).casefold().startswith(label) and len(paragraph.text) <= LABEL_LENGTH


def copies(document: DocxDocument, profile: Profile) -> list[list[Paragraph]]:
    """The document's paragraphs cut before every header table after the first."""
    starts = sorted(
        {
            document.tables[p.table - 1].paragraphs[0]
            for p in printed(document.paragraphs)
            if p.table is not None and is_party_title(p, profile)
        }
    )[1:]
    cuts = [1, *starts, len(document.paragraphs) + 1]
    return [list(document.paragraphs[start - 1 : end - 1]) for start, end in zip(cuts, cuts[1:])]


def locate(paragraphs: list[Paragraph], document: DocxDocument, profile: Profile) -> Landmarks:
    lines = printed(paragraphs)
    corner = []
    while lines and lines[0].table is None and lines[0].format.alignment == "right":
        corner.append(lines.pop(0))
    if not lines:
        return Landmarks(tuple(corner))
    header, header_table = _header(lines, profile)
    after = header[-1].number if header else 0
    if header_table is not None:
        after = max(document.tables[header_table - 1].paragraphs, default=after)
    rest = [p for p in lines if p.number > after]
    title = next((p for p in rest if p.table is None and p.format.alignment == "center" and is_upper(p)), None)
    start = rest.index(title) + 1 if title else 0
    summary = []
    while (
        title is not None
        and start < len(rest)
        and len(summary) < MAX_SUMMARY_LINES
        and rest[start].table is None
        and rest[start].format.alignment == "center"
        and not DASHES.fullmatch(squeeze(rest[start].text))
    ):
        summary.append(rest[start])
        start += 1
    separator = None
    if title is not None and start < len(rest) and DASHES.fullmatch(squeeze(rest[start].text)):
        separator = rest[start]
        start += 1
    labels = [p for p in rest[start:] if _is_signature_label(p, paragraphs, profile)]
    end = rest.index(labels[0]) if labels else len(rest)
    body = [p for p in rest[start:end] if p.table is None and not p.in_textbox]
    return Landmarks(
        tuple(corner),
        tuple(header),
        header_table,
        title,
        tuple(summary),
        separator,
        tuple(body),
        body[-1] if body else None,
        tuple(rest[end:]),
        tuple(labels),
    )


def _header(lines: list[Paragraph], profile: Profile) -> tuple[list[Paragraph], int | None]:
    first = lines[0]
    if first.table is not None and not first.in_textbox:
        return [p for p in lines if p.table == first.table], first.table
    scanned = lines[:HEADER_SCAN]
    marks = [
        i
        for i, p in enumerate(scanned)
        if is_party_title(p, profile)
        or squeeze(p.text) == profile.header.asterisk.text
        or NUMBER_LINE.match(p.text)
        or is_date_line(p)
    ]
    return (scanned[: marks[-1] + 1] if marks else []), None


def _is_signature_label(paragraph: Paragraph, paragraphs: list[Paragraph], profile: Profile) -> bool:
    """A label the profile or common practice names, a signing authority, "Nơi nhận", or any short
    upper-case line with signing space under it (a form's "NGƯỜI TỰ KIỂM ĐIỂM")."""
    text = squeeze(paragraph.text)
    if len(text) > LABEL_LENGTH:
        return False
    signature = profile.signature
    known = {
        signature.resolution_authority,
        signature.minutes_left,
        signature.minutes_right,
        *profile.check.signature_labels,
    }
    if text in known or AUTHORITY.match(text) or is_recipients_label(paragraph, profile):
        return True
    # Only inside a table: in the body, a heading followed by empty lines would look the same.
    return paragraph.table is not None and is_upper(paragraph) and signing_space(paragraph, paragraphs) >= SIGNING_SPACE


def signing_space(label: Paragraph, paragraphs: list[Paragraph]) -> int:
    """Empty lines after a label (and the note under it) before the next printed line of its cell."""
    offset = label.number - paragraphs[0].number + 1  # numbers run without gaps within a copy
    empty = 0
    for paragraph in paragraphs[offset:]:
        if (paragraph.table, paragraph.row, paragraph.cell) != (label.table, label.row, label.cell):
            break
        if paragraph.text.strip():
            if empty or not squeeze(paragraph.text).startswith("("):
                break
        else:
            empty += 1
    return empty
