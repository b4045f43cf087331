"""Reading any DOCX — ours or one typed by a person — into a neutral model for the checker.

The model is what a reader of the printed page would describe: paragraphs in
document order (body, table cells, text boxes) with their text and the
*effective* formatting of every run, tables, and the page setup of each
section with its page headers. Nothing above this layer sees XML.

Input is untrusted: the package is opened by service.safety.uploads first.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Iterator

from lxml import etree

from service.formats.docx_styles import ParagraphFormat, RunFormat, Styles, paragraph_properties, run_properties
from service.formats.ooxml import R_NS, REL_HEADER, REL_SETTINGS, REL_STYLES, TWIPS_PER_MM, W_NS, w
from service.safety.packages import Limits, Package, UnsafePackage
from service.safety.uploads import MAIN_PART, word_package
from service.vietnamese.text import nfc

MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
REL_FOOTER = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer"
REL_THEME = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme"
# Containers whose children are read as if they stood in place of the container.
_TRANSPARENT = {
    w("hyperlink"),
    w("ins"),
    w("smartTag"),
    w("customXml"),
    w("sdt"),
    w("sdtContent"),
    w("fldSimple"),
    w("moveTo"),
    f"{{{MC_NS}}}AlternateContent",
    f"{{{MC_NS}}}Choice",
}
_TEXT = {w("tab"): "\t", w("br"): "\n", w("cr"): "\n", w("noBreakHyphen"): "-"}


@dataclass(frozen=True)
class Run:
    text: str
    format: RunFormat

    @property
    def shown(self) -> str:
        """The text as printed: caps formatting shows lower-case letters as capitals."""
        return self.text.upper() if self.format.caps else self.text


@dataclass(frozen=True)
class Paragraph:
    number: int  # 1-based, every paragraph of the story in document order
    runs: tuple[Run, ...]
    format: ParagraphFormat
    table: int | None = None  # 1-based number of the innermost table holding it
    row: int | None = None  # 1-based
    cell: int | None = None  # 1-based column of the cell within its row
    in_textbox: bool = False
    has_drawing: bool = False  # a picture or shape is anchored in it (e.g. a drawn rule)
    fields: tuple[str, ...] = ()  # field codes, e.g. ("PAGE",)
    section: int = 1  # 1-based section of the body it prints in
    breaks: int = 0  # manual line breaks (Shift+Enter) inside it

    # Cached: every rule reads them, a 17-copy ballot has 2,000 paragraphs (frozen dataclasses allow it: the value
    # goes straight into the instance's __dict__).
    @functools.cached_property
    def visible_runs(self) -> tuple[Run, ...]:
        return tuple(run for run in self.runs if not run.format.hidden and run.text.strip())

    @functools.cached_property
    def text(self) -> str:
        """The printed text in NFC, so that text typed on any system compares equal."""
        return nfc("".join(run.shown for run in self.runs if not run.format.hidden))


@dataclass(frozen=True)
class Table:
    number: int
    rows: int
    columns: int
    paragraphs: tuple[int, ...]  # numbers of the paragraphs inside it


@dataclass(frozen=True)
class Section:
    number: int
    width_mm: float | None
    height_mm: float | None
    margins_mm: dict[str, float]  # top, bottom, left, right, header, footer, gutter (those present)
    title_page: bool  # first page has its own header/footer
    headers: dict[str, tuple[Paragraph, ...]] = field(default_factory=dict)  # default | first | even
    footers: dict[str, tuple[Paragraph, ...]] = field(default_factory=dict)
    # The header and footer types this section names itself; the others it inherits from the section before.
    own_headers: frozenset[str] = frozenset()
    own_footers: frozenset[str] = frozenset()
    page_start: int | None = None  # page numbering restarts at this number


@dataclass(frozen=True)
class DocxDocument:
    paragraphs: tuple[Paragraph, ...]
    tables: tuple[Table, ...]
    sections: tuple[Section, ...]
    mirror_margins: bool
    textboxes: int  # text boxes found (their paragraphs are in `paragraphs`)
    unresolved_fonts: frozenset[str]  # theme font names the package does not define
    has_styles: bool


def read_docx(data: bytes, limits: Limits = Limits()) -> DocxDocument:
    package, _ = word_package(data, limits)
    root = package.xml(MAIN_PART)
    if root.tag != w("document"):
        raise UnsafePackage("not_a_docx", "Tệp không phải văn bản Word dạng thông thường (Transitional OOXML).")
    rels = _relationships(package, MAIN_PART)
    styles_root = _first_part(package, rels, REL_STYLES)
    styles = Styles(styles_root, _first_part(package, rels, REL_THEME))
    settings = _first_part(package, rels, REL_SETTINGS)
    story = _Story(styles)
    body = root.find(w("body"))
    if body is not None:
        story.walk(body)
    sections = tuple(_sections(root, package, rels, styles))
    return DocxDocument(
        paragraphs=tuple(story.paragraphs),
        tables=tuple(story.tables),
        sections=sections,
        mirror_margins=settings is not None and settings.find(w("mirrorMargins")) is not None,
        textboxes=story.textboxes,
        unresolved_fonts=frozenset(styles.unresolved),
        has_styles=styles_root is not None,
    )


def _relationships(package: Package, part: str) -> dict[str, tuple[str, str]]:
    """Relationship id → (type, part name) for the internal targets of `part`."""
    folder, _, name = part.rpartition("/")
    rels_name = f"{folder}/_rels/{name}.rels"
    if not package.has(rels_name):
        return {}
    found = {}
    for rel in package.xml(rels_name).iter(f"{{{PKG_REL_NS}}}Relationship"):
        if rel.get("TargetMode") == "External" or not rel.get("Target"):
            continue
        target = rel.get("Target")
        target = target.lstrip("/") if target.startswith("/") else _join(folder, target)
        found[rel.get("Id")] = (rel.get("Type"), target)
    return found


def _join(folder: str, target: str) -> str:
    parts = folder.split("/") if folder else []
    for piece in target.split("/"):
        if piece == "..":
            parts = parts[:-1]
        elif piece not in ("", "."):
            parts.append(piece)
    return "/".join(parts)


def _first_part(package: Package, rels: dict[str, tuple[str, str]], rel_type: str) -> etree._Element | None:
    for kind, target in rels.values():
        if kind == rel_type and package.has(target):
            return package.xml(target)
    return None


class _Story:
    """Walks one story (the body, or a page header) and collects its paragraphs in order."""

    def __init__(self, styles: Styles):
        self.styles = styles
        self.paragraphs: list[Paragraph] = []
        self.tables: list[Table] = []
        self.textboxes = 0
        self.section = 1
        # Formats resolved once per distinct properties and styles: documents repeat a handful of them (a
        # 17-copy ballot has 2,000 paragraphs and six formats), and resolving is most of the reading time.
        self._paragraph_formats: dict[tuple, ParagraphFormat] = {}
        self._run_formats: dict[tuple, RunFormat] = {}

    def walk(self, element: etree._Element, place: dict | None = None) -> None:
        place = place or {}
        for child in element:
            if child.tag == w("p"):
                self._paragraph(child, place)
            elif child.tag == w("tbl"):
                self._table(child, place)
            elif child.tag in _TRANSPARENT:
                self.walk(child, place)

    def _table(self, table: etree._Element, place: dict) -> None:
        number = len(self.tables) + 1
        self.tables.append(None)  # reserve the number: nested tables come later
        style = table.find(f"{w('tblPr')}/{w('tblStyle')}")
        style_id = style.get(f"{{{W_NS}}}val") if style is not None else self.styles.default_style("table")
        first = len(self.paragraphs) + 1
        rows = [row for row in table.iter(w("tr")) if _owner(row, w("tbl")) is table]
        columns = 0
        for row_number, row in enumerate(rows, 1):
            cells = [cell for cell in row.iter(w("tc")) if _owner(cell, w("tr")) is row]
            columns = max(columns, len(cells))
            for cell_number, cell in enumerate(cells, 1):
                self.walk(cell, {**place, "table": number, "row": row_number, "cell": cell_number, "table_style": style_id})
        inside = tuple(range(first, len(self.paragraphs) + 1))
        self.tables[number - 1] = Table(number, len(rows), columns, inside)

    def _paragraph(self, element: etree._Element, place: dict) -> None:
        ppr = element.find(w("pPr"))
        style = ppr.find(w("pStyle")) if ppr is not None else None
        style_id = style.get(f"{{{W_NS}}}val") if style is not None else self.styles.default_style("paragraph")
        table_style = place.get("table_style")
        own = list(_own(element))
        runs = [node for node in own if node.tag == w("r")]
        codes = [(node.get(f"{{{W_NS}}}instr") or "").split()[:1] for node in own if node.tag == w("fldSimple")]
        codes += [(node.text or "").split()[:1] for run in runs for node in run.findall(w("instrText"))]
        boxes = [
            box
            for run in runs
            for box in _outside_fallback(run, w("txbxContent"))
            if not _inside(box, w("txbxContent"), run)
        ]
        self.paragraphs.append(
            Paragraph(
                number=len(self.paragraphs) + 1,
                runs=tuple(self._run(run, style_id, table_style) for run in runs),
                format=self._paragraph_format(ppr, style_id, table_style),
                table=place.get("table"),
                row=place.get("row"),
                cell=place.get("cell"),
                in_textbox=place.get("textbox", False),
                has_drawing=any(True for run in runs for _ in _outside_fallback(run, w("drawing"), w("pict"))),
                fields=tuple(code[0].upper() for code in codes if code),
                section=self.section,
                breaks=sum(
                    1
                    for run in runs
                    for child in run
                    if child.tag == w("br") and child.get(f"{{{W_NS}}}type", "textWrapping") == "textWrapping"
                ),
            )
        )
        if ppr is not None and ppr.find(w("sectPr")) is not None:
            self.section += 1
        for box in boxes:
            self.textboxes += 1
            self.walk(box, {**place, "textbox": True})

    def _run(self, run: etree._Element, paragraph_style: str | None, table_style: str | None) -> Run:
        rpr = run.find(w("rPr"))
        character = rpr.find(w("rStyle")) if rpr is not None else None
        character_style = (
            character.get(f"{{{W_NS}}}val") if character is not None else self.styles.default_style("character")
        )
        text = "".join(child.text or "" if child.tag == w("t") else _TEXT.get(child.tag, "") for child in run)
        key = (b"" if rpr is None else etree.tostring(rpr), character_style, paragraph_style, table_style)
        if key not in self._run_formats:
            self._run_formats[key] = self.styles.run_format(
                run_properties(rpr), character_style, paragraph_style, table_style
            )
        return Run(text, self._run_formats[key])

    def _paragraph_format(
        self, ppr: etree._Element | None, style_id: str | None, table_style: str | None
    ) -> ParagraphFormat:
        key = (b"" if ppr is None else etree.tostring(ppr), style_id, table_style)
        if key not in self._paragraph_formats:
            self._paragraph_formats[key] = self.styles.paragraph_format(paragraph_properties(ppr), style_id, table_style)
        return self._paragraph_formats[key]


def _owner(element: etree._Element, tag: str) -> etree._Element | None:
    parent = element.getparent()
    while parent is not None and parent.tag != tag:
        parent = parent.getparent()
    return parent


def _own(paragraph: etree._Element) -> Iterator[etree._Element]:
    """The paragraph's own content, through hyperlinks, insertions, fields and content controls; deleted
    text and the fallback copy of alternate content are skipped (they never print)."""
    for child in paragraph:
        yield child
        if child.tag in _TRANSPARENT:
            yield from _own(child)


def _inside(element: etree._Element, tag: str, stop: etree._Element) -> bool:
    """Whether an ancestor of `element` below `stop` has `tag`."""
    ancestor = element.getparent()
    while ancestor is not None and ancestor is not stop:
        if ancestor.tag == tag:
            return True
        ancestor = ancestor.getparent()
    return False


def _outside_fallback(run: etree._Element, *tags: str) -> Iterator[etree._Element]:
    """Descendants of a run with one of `tags`, leaving out the fallback copy of alternate content,
    which repeats the same shape for older readers."""
    for element in run.iter(*tags):
        if not _inside(element, f"{{{MC_NS}}}Fallback", run):
            yield element


def _mm(value: str | None) -> float | None:
    try:
        return int(value) / TWIPS_PER_MM
    except (TypeError, ValueError):
        return None


def _sections(root: etree._Element, package: Package, rels: dict, styles: Styles) -> Iterator[Section]:
    inherited: dict[str, dict[str, tuple[Paragraph, ...]]] = {"headerReference": {}, "footerReference": {}}
    stories: dict[str, tuple[Paragraph, ...]] = {}  # sections share header parts: read each once
    properties = [s for s in root.iter(w("sectPr")) if s.getparent().tag != w("sectPrChange")]
    for number, sect in enumerate(properties, 1):
        size, margins = sect.find(w("pgSz")), sect.find(w("pgMar"))
        own: dict[str, frozenset[str]] = {}
        for reference in ("headerReference", "footerReference"):
            current = dict(inherited[reference])
            own[reference] = frozenset(ref.get(f"{{{W_NS}}}type") or "default" for ref in sect.findall(w(reference)))
            for ref in sect.findall(w(reference)):
                target = rels.get(ref.get(f"{{{R_NS}}}id"))
                if target and target[0] in (REL_HEADER, REL_FOOTER) and package.has(target[1]):
                    if target[1] not in stories:
                        story = _Story(styles)
                        story.walk(package.xml(target[1]))
                        stories[target[1]] = tuple(story.paragraphs)
                    current[ref.get(f"{{{W_NS}}}type") or "default"] = stories[target[1]]
            inherited[reference] = current
        yield Section(
            number=number,
            width_mm=_mm(size.get(f"{{{W_NS}}}w")) if size is not None else None,
            height_mm=_mm(size.get(f"{{{W_NS}}}h")) if size is not None else None,
            margins_mm={}
            if margins is None
            else {
                key: value
                for key in ("top", "bottom", "left", "right", "header", "footer", "gutter")
                if (value := _mm(margins.get(f"{{{W_NS}}}{key}"))) is not None
            },
            title_page=sect.find(w("titlePg")) is not None
            and sect.find(w("titlePg")).get(f"{{{W_NS}}}val", "1").lower() not in ("0", "false", "off"),
            headers=inherited["headerReference"],
            footers=inherited["footerReference"],
            own_headers=own["headerReference"],
            own_footers=own["footerReference"],
            page_start=_page_start(sect),
        )


def _page_start(sect: etree._Element) -> int | None:
    numbering = sect.find(w("pgNumType"))
    try:
        return int(numbering.get(f"{{{W_NS}}}start")) if numbering is not None else None
    except (TypeError, ValueError):
        return None
