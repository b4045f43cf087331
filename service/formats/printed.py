"""Where each paragraph of a DOCX printed: its lines on the pages of the PDF made from it.

The PDF's lines come in the order LibreOffice laid them out, which is the
document's order (page headers first on each page); a paragraph is found by
reading lines until their letters, ignoring spaces, spell the paragraph's
letters. Lines no paragraph claims are page furniture (headers, footers, page
numbers) or text the reader does not see (fields, shapes). A paragraph that
cannot be found within a few lines is left unplaced, and the checks that need
it say they could not judge it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from service.formats.docx_reader import DocxDocument, Paragraph, Section
from service.formats.pdf_reader import Line, PdfPage

# Lines read past a paragraph's expected start before giving it up: a page's furniture and a table's
# header row repeated on the new page come between two paragraphs.
LOOKAHEAD = 40
# A table cell is taken as cut short only when at least this many of its letters printed.
PARTIAL_LETTERS = 3


@dataclass(frozen=True)
class Spot:
    page: PdfPage
    line: Line


@dataclass
class Printed:
    document: DocxDocument
    pages: tuple[PdfPage, ...]
    places: dict[int, tuple[Spot, ...]] = field(default_factory=dict)  # paragraph number → its lines
    claimed: set[tuple[int, int]] = field(default_factory=set)  # (page, line index) of body text
    unplaced: list[Paragraph] = field(default_factory=list)
    truncated: list[Paragraph] = field(default_factory=list)  # table cells that printed only in part
    sections: dict[int, int] = field(default_factory=dict)  # page → section of its body text

    def section_of(self, page: PdfPage) -> Section | None:
        number = self.sections.get(page.number)
        return self.document.sections[number - 1] if number and number <= len(self.document.sections) else None

    def spots(self, paragraph: Paragraph) -> tuple[Spot, ...]:
        return self.places.get(paragraph.number, ())

    def page_of(self, paragraph: Paragraph) -> int | None:
        spots = self.spots(paragraph)
        return spots[0].page.number if spots else None

    def furniture(self, page: PdfPage) -> list[Line]:
        """Lines of the page that no body paragraph printed: page headers, footers, their numbers."""
        return [line for index, line in enumerate(page.lines) if (page.number, index) not in self.claimed]

    def body_lines(self, page: PdfPage) -> list[Line]:
        return [line for index, line in enumerate(page.lines) if (page.number, index) in self.claimed]


def _letters(text: str) -> str:
    return "".join(text.split())


def place(document: DocxDocument, pages: tuple[PdfPage, ...]) -> Printed:
    printed = Printed(document, pages)
    stream = [(page, index, line) for page in pages for index, line in enumerate(page.lines)]
    position = 0
    for paragraph in document.paragraphs:
        wanted = _letters(paragraph.text)
        if not wanted:
            continue
        found, complete = _match(stream, position, wanted)
        if found is None or not complete and paragraph.table is None:
            printed.unplaced.append(paragraph)
            continue
        if not complete:
            printed.truncated.append(paragraph)
        printed.places[paragraph.number] = tuple(Spot(stream[i][0], stream[i][2]) for i in found)
        printed.claimed.update((stream[i][0].number, stream[i][1]) for i in found)
        printed.sections.update((stream[i][0].number, paragraph.section) for i in found)
        position = found[-1] + 1
    return printed


def _match(stream: list, position: int, wanted: str) -> tuple[list[int] | None, bool]:
    """Indexes of the first lines from `position` on (starting within LOOKAHEAD) whose letters spell
    `wanted`, and True; else the first lines that spell a beginning of it (a table cell whose row is too
    low for its text prints only its first lines) and False. On one page a paragraph's lines follow one
    another; one that runs onto the next page skips that page's furniture (its number, a table's repeated
    header row)."""
    partial = None
    for start in range(position, min(position + LOOKAHEAD, len(stream))):
        first = _letters(stream[start][2].text)
        if not first or not wanted.startswith(first):
            continue
        taken, letters, index = [start], first, start + 1
        while len(letters) < len(wanted) and index < len(stream) and index - taken[-1] <= LOOKAHEAD:
            more = letters + _letters(stream[index][2].text)
            if more != letters and wanted.startswith(more):
                taken.append(index)
                letters = more
            elif stream[index][0] is stream[taken[-1]][0] and more != letters:
                break
            index += 1
        if letters == wanted:
            return taken, True
        if partial is None and len(letters) >= PARTIAL_LETTERS:
            partial = taken
    return partial, False
