"""The one template builder: a kind's layout × a format profile → a docxtpl template (DOCX bytes).

Every template in templates_docx/ comes from here, so a change to a profile's
data changes every template the same way, and the conformance checker (which
reads the same profile) agrees with what is built.
"""

from __future__ import annotations

import re

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

from lxml import etree

from service.formats import ooxml
from service.formats.layout import (
    Block,
    Bullet,
    Centered,
    Heading,
    If,
    Layout,
    Loop,
    MinutesSignatures,
    PageBreak,
    Para,
    ResolutionSignature,
    Segment,
    Signature,
    Span,
    Table,
)
from service.formats.ooxml import ParagraphStyle, RunStyle
from service.formats.profiles import Profile, TextStyle, all_profiles
from service.render.package import write_package
from service.vietnamese.dates import roman
from service.vietnamese.text import upper

# Points inside a numbered item follow the Vietnamese alphabet: a), b), c), d), đ), e), g) …
POINT_LETTERS = tuple("abcdđeghiklmnopqrstuvxy")
TAG = re.compile(r"({{.*?}}|{%.*?%})", re.DOTALL)

TEMPLATE_DIR = Path(__file__).resolve().parents[2] / "templates_docx"
APPLICATION = "Party document service template builder"


def upper_template_text(text: str) -> str:
    """Upper-case the literal text of a heading while leaving template tags intact; printed
    values are upper-cased by Jinja's own filter."""
    parts = []
    for piece in TAG.split(text):
        if piece.startswith("{{"):
            parts.append("{{ (" + piece[2:-2].strip() + ")|upper }}")
        elif piece.startswith("{%"):
            parts.append(piece)
        else:
            parts.append(upper(piece))
    return "".join(parts)


# The height of a paragraph that only ends a page or a section (a twip): on a page that a table fills to within
# a point, even a one-point paragraph went on to a page of its own, which printed blank but for its number.
THIN_LINE_PT = 0.05
# The block set holding a page that every copy prints the same.
_COPY_PAGE = "copy_page"
_TAG = re.compile(r"{{.*?}}|{%.*?%}", re.DOTALL)


def _uses_loop(clause: str, page: list[etree._Element]) -> bool:
    """Whether a tag of the page names the for-clause's variables or `loop` (conservatively: by word)."""
    names = {*re.findall(r"\w+", clause.partition(" in ")[0]), "loop"}
    tags = _TAG.findall("".join("".join(element.itertext()) for element in page))
    return any(word in names for tag in tags for word in re.findall(r"\w+", tag))


def template_filename(kind: str, profile_id: str) -> str:
    return f"{kind}.{profile_id}.docx"


def build_template(layout: Layout, profile: Profile) -> bytes:
    writer = _Writer(profile, counted_at_render=_conditional_sections(layout.blocks))
    page = profile.page
    setup = ooxml.PageSetup(
        page.width_mm,
        page.height_mm,
        page.margin_top_mm,
        page.margin_bottom_mm,
        page.margin_left_mm,
        page.margin_right_mm,
        page.header_distance_mm,
        page.footer_distance_mm,
        profile.page_number.first_page,
        restart_numbers=bool(layout.copies),
    )
    number = ooxml.page_number(
        ParagraphStyle(align=profile.page_number.alignment), RunStyle(size_pt=profile.page_number.size_pt)
    )
    headers = [ooxml.Header("default", "rIdHeader1", "header1.xml", ooxml.header([number]))]
    if layout.form_code:
        # A form's code sits in the top corner of its first page, above the header table.
        first = [writer.form_code(layout.form_code), *([number] if setup.numbered_first_page else [])]
        headers.append(ooxml.Header("first", "rIdHeader2", "header2.xml", ooxml.header(first)))
    blocks = [
        *writer.header(layout),
        *writer.title(layout),
        *writer.counters_start(),
        *writer.blocks(layout.blocks, ends_page=True),
    ]
    if layout.copies:
        blocks = writer.copies(layout.copies, blocks, ooxml.section_break(writer.thin_paragraph(), setup, headers))
    elif layout.blocks and isinstance(layout.blocks[-1], Table):
        blocks.append(writer.thin_paragraph())
    document_rels = [
        ("rIdStyles", ooxml.REL_STYLES, "styles.xml"),
        ("rIdSettings", ooxml.REL_SETTINGS, "settings.xml"),
        *((h.rel_id, ooxml.REL_HEADER, h.target) for h in headers),
    ]
    package_rels = [
        ("rId1", ooxml.REL_DOCUMENT, "word/document.xml"),
        ("rId2", ooxml.REL_CORE, "docProps/core.xml"),
        ("rId3", ooxml.REL_APP, "docProps/app.xml"),
    ]
    return write_package(
        [
            ("[Content_Types].xml", ooxml.content_types([h.target for h in headers])),
            ("_rels/.rels", ooxml.relationships(package_rels)),
            ("word/document.xml", ooxml.document(blocks, setup, headers)),
            ("word/_rels/document.xml.rels", ooxml.relationships(document_rels)),
            ("word/styles.xml", ooxml.styles(profile.font.family, profile.body.size_pt, table_styles(profile))),
            ("word/settings.xml", ooxml.settings(page.mirror_margins)),
            *((f"word/{h.target}", h.content) for h in headers),
            ("docProps/core.xml", ooxml.core_properties(layout.title)),
            ("docProps/app.xml", ooxml.app_properties(APPLICATION)),
        ]
    )


def table_styles(profile: Profile) -> list[ooxml.NamedStyle]:
    """The paragraph styles of table cells, one per kind of table (a table, a wide table, a compact one) and
    alignment: a voting slip repeats its table for every voter, and a cell that names its style instead of
    carrying its spacing, indents, alignment and size is a third as long to render, compress, merge into a book
    and print."""
    table = profile.table
    kinds = {
        "": (table.size_pt, {}),
        "Wide": (table.wide_size_pt, {}),
        # Exact lines, as tight as the table's size allows without cutting off a tone mark or a descender.
        "Compact": (table.size_pt, {"line_rule": "exact", "line": table.compact_line_pt}),
    }
    return [
        ooxml.NamedStyle(
            f"Table{kind}{align.capitalize()}",
            " ".join(filter(None, ("Table", kind.lower(), align))),
            _Writer._block_style(align=align, **spacing),
            size,
        )
        for kind, (size, spacing) in kinds.items()
        for align in ("center", "left")
    ]


def _table_style_id(block: Table, align: str) -> str:
    return f"Table{'Wide' if block.wide else 'Compact' if block.compact else ''}{align.capitalize()}"


def build_all(layouts: Iterable[Layout], directory: Path = TEMPLATE_DIR) -> list[Path]:
    """Write every kind × profile template; returns the paths written."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for layout in layouts:
        for profile in all_profiles():
            path = directory / template_filename(layout.kind, profile.id)
            path.write_bytes(build_template(layout, profile))
            written.append(path)
    return written


ROOT = 0  # the parent of level-1 headings: the document itself


def _conditional_sections(blocks: Iterable[Block]) -> frozenset[tuple[int, int]]:
    """(parent heading id, level) of every section whose numbered headings of that level may be
    absent or repeated (inside an If or a Loop). Numbering those at build time would skip or
    repeat numbers, so they are counted while rendering instead."""
    found: set[tuple[int, int]] = set()
    parents: list[int] = [ROOT, ROOT, ROOT]

    def scan(items: Iterable[Block], conditional: bool) -> None:
        for block in items:
            if isinstance(block, Heading) and block.number == "auto":
                if conditional:
                    found.add((parents[block.level - 1], block.level))
                for deeper in range(block.level, 3):
                    parents[deeper] = id(block)
            elif isinstance(block, (If, Loop)):
                scan(block.blocks, True)

    scan(blocks, False)
    return frozenset(found)


def _run_style(style: TextStyle) -> RunStyle:
    return RunStyle(size_pt=style.size_pt, bold=style.bold, italic=style.italic, underline=style.underline)


@dataclass
class _Writer:
    profile: Profile
    counted_at_render: frozenset[tuple[int, int]] = frozenset()
    counters: list[int] = field(default_factory=lambda: [0, 0, 0])
    parents: list[int] = field(default_factory=lambda: [ROOT, ROOT, ROOT])

    # Paragraph shapes -------------------------------------------------------------------

    def _body_style(self, **overrides) -> ParagraphStyle:
        body = self.profile.body
        values = dict(
            align="both" if body.alignment == "justify" else "left",
            first_line_mm=body.first_line_indent_mm,
            space_after_pt=body.space_after_pt,
            line_rule="exact" if body.line_spacing_rule == "exact" else "auto",
            line=body.line_spacing,
        )
        values.update(overrides)
        return ParagraphStyle(**values)

    @staticmethod
    def _block_style(align: str = "center", **overrides) -> ParagraphStyle:
        """Header, title and signature lines: single-spaced, no indent, no spacing."""
        return ParagraphStyle(**{"align": align, "line_rule": "auto", "line": 1.0, **overrides})

    def _tag(self, text: str) -> etree._Element:
        """A paragraph holding only a docxtpl paragraph tag ({%p … %})."""
        return ooxml.paragraph([ooxml.run(text)], self._block_style(align="left"))

    def _runs(self, segments: Iterable[Segment], base: RunStyle) -> list[etree._Element]:
        runs = []
        for segment in segments:
            if isinstance(segment, Span):
                runs.append(
                    ooxml.run(
                        segment.text,
                        RunStyle(
                            base.size_pt,
                            base.bold or segment.bold,
                            base.italic or segment.italic,
                            base.underline or segment.underline,
                        ),
                    )
                )
            else:
                runs.append(ooxml.run(segment, base))
        return runs

    def _line(self, text: str, style: TextStyle, **paragraph) -> etree._Element:
        return ooxml.paragraph([ooxml.run(text, _run_style(style))], self._block_style(**paragraph))

    # Header and title -------------------------------------------------------------------

    def form_code(self, text: str) -> etree._Element:
        return self._line(text, self.profile.form_code, align="right")

    def header(self, layout: Layout) -> list[etree._Element]:
        header = self.profile.header
        left_width, right_width = self._columns()
        left = [
            self._line("{{ org.upper }}", header.upper_org),
            self._line("{{ org.name }}", header.issuer),
            self._line(header.asterisk.text, header.asterisk),
        ]
        if layout.numbered:
            left.append(self._line("{{ doc.number_line }}", header.number))
        title = header.party_title
        rule_indent = max((right_width - title.rule_width_mm) / 2, 0) if title.rule else 0
        right = [self._line(title.text, title, bottom_border=title.rule, left_mm=rule_indent, right_mm=rule_indent)]
        if layout.dated:
            right += [self._line("", header.place_date), self._line("{{ doc.place_date }}", header.place_date)]
        return [ooxml.borderless_table([left_width, right_width], [[left, right]])]

    def _columns(self) -> tuple[float, float]:
        return self.profile.header_columns_mm

    def title(self, layout: Layout) -> list[etree._Element]:
        profile = self.profile
        return [
            self._tag("{%p if doc.draft %}"),
            self._line(profile.draft_mark.text, profile.draft_mark, align="right"),
            self._tag("{%p endif %}"),
            self._line(layout.title, profile.title, space_before_pt=18, keep_next=True),
            self._line(layout.summary, profile.summary, keep_next=True),
            *([self._line(layout.subtitle, profile.summary, keep_next=True)] if layout.subtitle else []),
            self._line(profile.summary.separator, TextStyle(size_pt=profile.body.size_pt), space_after_pt=6),
        ]

    def copies(self, clause: str, page: list[etree._Element], section_break: etree._Element) -> list[etree._Element]:
        """The whole page once per item of the for-clause, each copy a section of its own: it starts on a new
        page and numbers its pages from 1, so a copy that runs onto a second page says so, and every copy
        prints the same numbers (a secret ballot's slips cannot be told apart by them).

        A page that does not use the loop's variables is the same in every copy: it is rendered once
        into a block set and printed again for each copy (twenty ballots cost one), which plain Jinja
        and docxtpl render to the same document as the page inside the loop.
        """
        # A copy ends in one paragraph, the thinnest there is: the section's end, or the document's.
        end = [
            self._tag("{%p if not loop.last %}"),
            section_break,
            self._tag("{%p else %}"),
            self.thin_paragraph(),
            self._tag("{%p endif %}"),
            self._tag("{%p endfor %}"),
        ]
        loop = self._tag("{%p for " + clause + " %}")
        if _uses_loop(clause, page):
            return [loop, *page, *end]
        return [
            self._tag("{%p set " + _COPY_PAGE + " %}"),
            *page,
            self._tag("{%p endset %}"),
            loop,
            self._tag("{{p " + _COPY_PAGE + " }}"),
            *end,
        ]

    @staticmethod
    def _page_break() -> etree._Element:
        # One-point lines: the paragraph's mark lands on the new page and must not push the page down.
        return ooxml.paragraph([ooxml.page_break()], ParagraphStyle(align="left", line_rule="exact", line=1))

    @staticmethod
    def thin_paragraph() -> etree._Element:
        """An empty paragraph as thin as a line can be set."""
        return ooxml.paragraph([], ParagraphStyle(align="left", line_rule="exact", line=THIN_LINE_PT))

    # Body ------------------------------------------------------------------------------

    def blocks(self, blocks: Iterable[Block], ends_page: bool = False) -> Iterator[etree._Element]:
        blocks = list(blocks)
        for index, block in enumerate(blocks):
            if ends_page and index == len(blocks) - 1 and isinstance(block, Table):
                # No spacer: what follows is the one paragraph that ends the page (thin_paragraph, a section
                # break), so that a table filling its page does not push a spacer onto a blank page of its own.
                yield self._table(block)
            else:
                yield from self._block(block)

    def _block(self, block: Block) -> Iterator[etree._Element]:
        body_run = RunStyle(size_pt=self.profile.body.size_pt)
        match block:
            case Para():
                segments = list(block.segments)
                # The closing paragraph travels with the signatures: a signature block never
                # starts a page on its own.
                keep_next = block.keep_next or block.close
                if block.close:
                    segments.append(self.profile.closing.mark)
                style = self._body_style(keep_next=keep_next)
                if block.align != "body":
                    style = self._body_style(align=block.align, first_line_mm=0, keep_next=keep_next)
                elif not block.indent:
                    style = self._body_style(first_line_mm=0, keep_next=keep_next)
                yield ooxml.paragraph(self._runs(segments, body_run), style)
            case Bullet():
                segments = [self.profile.headings.bullet + " ", *block.segments]
                yield ooxml.paragraph(self._runs(segments, body_run), self._body_style(keep_next=block.keep_next))
            case Heading():
                yield self._heading(block)
            case Centered():
                style = RunStyle(size_pt=self.profile.body.size_pt, bold=block.bold)
                yield ooxml.paragraph(
                    [ooxml.run(block.text, style)], self._body_style(align="center", first_line_mm=0, keep_next=True)
                )
            case Loop():
                yield self._tag("{%p for " + block.clause + " %}")
                yield from self.blocks(block.blocks)
                yield self._tag("{%p endfor %}")
            case If():
                yield self._tag("{%p if " + block.condition + " %}")
                yield from self.blocks(block.blocks)
                yield self._tag("{%p endif %}")
            case MinutesSignatures():
                yield from self._minutes_signatures(block)
            case ResolutionSignature():
                yield from self._resolution_signature(block)
            case Signature():
                yield from self._single_signature(block)
            case Table():
                yield self._table(block)
                # What follows a table (a heading, a paragraph) would otherwise touch its bottom border.
                yield ooxml.paragraph(
                    [], ParagraphStyle(align="left", line_rule="exact", line=2 * self.profile.body.space_after_pt)
                )
            case PageBreak():
                yield self._page_break()
            case _:
                raise TypeError(f"unknown layout block {block!r}")

    def counters_start(self) -> list[etree._Element]:
        """The render-time heading counters, when some section needs them."""
        if not self.counted_at_render:
            return []
        return [self._tag("{%p set heading = namespace(l1=0, l2=0, l3=0) %}")]

    def _heading(self, block: Heading) -> etree._Element:
        headings = self.profile.headings
        level = block.level
        if block.number == "auto":
            number = self._auto_number(block)
        elif block.number == "none":
            number = ""
        elif level == 1:
            raise ValueError("level-1 headings are numbered in Roman figures by the builder, not by a loop")
        else:
            number = {2: "{{ loop.index }}", 3: "{{ '" + "".join(POINT_LETTERS) + "'[loop.index0] }}"}[level]
        if block.number == "auto" and (id(block), level + 1) in self.counted_at_render:
            number = "{% set heading.l" + str(level + 1) + " = 0 %}" + number
        suffix = {1: headings.level1_suffix, 2: headings.level2_suffix, 3: headings.level3_suffix}[level]
        is_bold = {1: headings.level1_bold, 2: headings.level2_bold, 3: headings.level3_bold}[level]
        text = upper_template_text(block.text) if level == 1 and headings.level1_upper else block.text
        style = RunStyle(size_pt=self.profile.body.size_pt, bold=is_bold)
        label = f"{number}{suffix} {text}" if number else text
        return ooxml.paragraph([ooxml.run(label, style)], self._body_style(keep_next=True))

    def _auto_number(self, block: Heading) -> str:
        level = block.level
        counted_at_render = (self.parents[level - 1], level) in self.counted_at_render
        for deeper in range(level, 3):
            self.parents[deeper] = id(block)
            self.counters[deeper] = 0
        if counted_at_render:
            counter = f"heading.l{level}"
            figure = {
                1: "['" + "','".join(roman(n) for n in range(1, 40)) + "'][" + counter + " - 1]",
                2: counter,
                3: "'" + "".join(POINT_LETTERS) + "'[" + counter + " - 1]",
            }[level]
            return "{% set " + counter + " = " + counter + " + 1 %}{{ " + figure + " }}"
        self.counters[level - 1] += 1
        count = self.counters[level - 1]
        return {1: roman(count), 2: str(count), 3: POINT_LETTERS[count - 1]}[level]

    # Tables ----------------------------------------------------------------------------

    def _table(self, block: Table) -> etree._Element:
        """Header row, then the row loop: docxtpl wants each {%tr %} tag alone in its own row."""
        style = self.profile.table
        text_width = self.profile.page.text_width_mm
        total = sum(column.width for column in block.columns)
        widths = [round(text_width * column.width / total, 1) for column in block.columns]

        def cell(text: str, align: str, bold: bool = False) -> list[etree._Element]:
            return [ooxml.paragraph([ooxml.run(text, RunStyle(bold=bold))], _table_style_id(block, align))]

        def tag_row(tag: str) -> list[list[etree._Element]]:
            return [cell(tag, "left"), *(cell("", "left") for _ in block.columns[1:])]

        header = [cell(column.title, "center", style.header_bold) for column in block.columns]
        rows = [
            tag_row("{%tr for " + block.rows + " %}"),
            [cell(column.cell, column.align) for column in block.columns],
            tag_row("{%tr endfor %}"),
        ]
        margin = style.wide_cell_margin_mm if block.wide else style.cell_margin_mm
        return ooxml.grid_table(widths, header, rows, cell_margin_mm=margin)

    # Signature blocks --------------------------------------------------------------------

    def _signature_column(self, lines: list[tuple[str, bool]], name: str) -> list[etree._Element]:
        signature = self.profile.signature
        paragraphs = [self._line(text, TextStyle(size_pt=signature.size_pt, bold=is_bold)) for text, is_bold in lines]
        paragraphs += [self._line("", TextStyle(size_pt=signature.size_pt)) for _ in range(signature.blank_lines)]
        paragraphs.append(self._line(name, TextStyle(size_pt=signature.size_pt, bold=signature.name_bold)))
        return paragraphs

    def _single_signature(self, block: Signature) -> Iterator[etree._Element]:
        """A signature in the right column of the header's proportions: the form's signer."""
        signature = self.profile.signature
        left_width, right_width = self._columns()
        note = self._line(block.note, TextStyle(size_pt=signature.size_pt, italic=signature.note_italic))
        right = self._signature_column([(block.label, True)], block.name)
        right.insert(1, note)
        blank = TextStyle(size_pt=signature.size_pt)
        # Kept with the signature, as the body's last lines are with it: a signature never starts a page alone.
        yield self._line("", blank, keep_next=True)
        yield ooxml.borderless_table([left_width, right_width], [[[self._line("", blank)], right]])

    def _minutes_signatures(self, block: MinutesSignatures) -> Iterator[etree._Element]:
        signature = self.profile.signature
        half = self.profile.page.text_width_mm / 2
        left = self._signature_column([(signature.minutes_left, True)], block.left_name)
        right = self._signature_column([(signature.minutes_right, True)], block.right_name)
        yield self._line("", TextStyle(size_pt=signature.size_pt), keep_next=True)
        yield ooxml.borderless_table([half, half], [[left, right]])

    def _resolution_signature(self, block: ResolutionSignature) -> Iterator[etree._Element]:
        profile = self.profile
        signature, recipients = profile.signature, profile.recipients
        left_width, right_width = self._columns()
        label = TextStyle(
            size_pt=recipients.label_size_pt,
            bold=recipients.label_bold,
            italic=recipients.label_italic,
            underline=recipients.label_underline,
        )
        item = TextStyle(size_pt=recipients.item_size_pt)
        left = [
            self._line(recipients.label, label, align="left"),
            self._tag("{%p for r in " + block.recipients + " %}"),
            self._line(recipients.item_prefix + "{{ r }}" + recipients.separator, item, align="left"),
            self._tag("{%p endfor %}"),
            self._line(f"{recipients.item_prefix}{block.archive or recipients.archive_line}.", item, align="left"),
        ]
        right = self._signature_column(
            [
                (block.authority or signature.resolution_authority, signature.authority_bold),
                ("{{ " + block.signer + ".title }}", signature.title_bold),
            ],
            "{{ " + block.signer + ".name }}",
        )
        yield self._line("", TextStyle(size_pt=signature.size_pt), keep_next=True)
        yield ooxml.borderless_table([left_width, right_width], [[left, right]])
