"""WordprocessingML elements and package parts: the only module of the builder that knows XML names.

Everything above this module speaks of paragraphs, runs, tables and pages in
millimetres and points; this module turns them into OOXML with lxml.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Sequence

from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
NSMAP = {"w": W_NS, "r": R_NS}

REL_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
REL_CORE = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
REL_APP = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties"
REL_STYLES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"
REL_SETTINGS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings"
REL_HEADER = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/header"
REL_FOOTER = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer"

CT_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
CT_STYLES = "application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"
CT_SETTINGS = "application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"
CT_HEADER = "application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"
CT_FOOTER = "application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"
CT_CORE = "application/vnd.openxmlformats-package.core-properties+xml"
CT_APP = "application/vnd.openxmlformats-officedocument.extended-properties+xml"

GRID_STYLE = "PartyGrid"  # the table style of bordered data tables (see `styles`)
TWIPS_PER_MM = 1440 / 25.4
TWIPS_PER_PT = 20


def w(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


def mm(value: float) -> str:
    return str(round(value * TWIPS_PER_MM))


def pt(value: float) -> str:
    return str(round(value * TWIPS_PER_PT))


def half_points(size_pt: float) -> str:
    return str(round(size_pt * 2))


def _sub(parent: etree._Element, tag: str, **attrs: str) -> etree._Element:
    element = etree.SubElement(parent, w(tag))
    for key, value in attrs.items():
        element.set(w(key), value)
    return element


@dataclass(frozen=True)
class RunStyle:
    size_pt: float | None = None
    bold: bool = False
    italic: bool = False
    underline: bool = False


@dataclass(frozen=True)
class ParagraphStyle:
    align: str = "both"  # both | center | left | right
    first_line_mm: float = 0
    left_mm: float = 0
    right_mm: float = 0
    space_before_pt: float = 0
    space_after_pt: float = 0
    line_rule: str | None = None  # exact | auto (multiple); None inherits the document default
    line: float | None = None  # points when exact, lines when auto
    keep_next: bool = False
    bottom_border: bool = False
    page_break_before: bool = False


def run(text: str, style: RunStyle = RunStyle()) -> etree._Element:
    element = etree.Element(w("r"))
    props = _run_props(style)
    if len(props):
        element.append(props)
    t = _sub(element, "t")
    t.text = text
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return element


def _run_props(style: RunStyle) -> etree._Element:
    props = etree.Element(w("rPr"))
    if style.bold:
        _sub(props, "b")
        _sub(props, "bCs")
    if style.italic:
        _sub(props, "i")
        _sub(props, "iCs")
    if style.underline:
        _sub(props, "u", val="single")
    if style.size_pt is not None:
        _sub(props, "sz", val=half_points(style.size_pt))
        _sub(props, "szCs", val=half_points(style.size_pt))
    return props


def paragraph(runs: Iterable[etree._Element], style: ParagraphStyle | str) -> etree._Element:
    """A paragraph formatted directly, or by a named paragraph style (see `styles`)."""
    element = etree.Element(w("p"))
    if isinstance(style, str):
        _sub(_sub(element, "pPr"), "pStyle", val=style)
    else:
        element.append(_paragraph_props(style))
    for item in runs:
        element.append(item)
    return element


def _paragraph_props(style: ParagraphStyle) -> etree._Element:
    props = etree.Element(w("pPr"))
    if style.keep_next:
        _sub(props, "keepNext")
    if style.page_break_before:
        _sub(props, "pageBreakBefore")
    if style.bottom_border:
        borders = _sub(props, "pBdr")
        _sub(borders, "bottom", val="single", sz="6", space="1", color="000000")
    spacing = _sub(props, "spacing", before=pt(style.space_before_pt), after=pt(style.space_after_pt))
    if style.line_rule == "exact":
        spacing.set(w("line"), pt(style.line))
        spacing.set(w("lineRule"), "exact")
    elif style.line_rule == "auto":
        spacing.set(w("line"), str(round(style.line * 240)))
        spacing.set(w("lineRule"), "auto")
    _sub(props, "ind", left=mm(style.left_mm), right=mm(style.right_mm), firstLine=mm(style.first_line_mm))
    _sub(props, "jc", val=style.align)
    return props


Cells = Sequence[Sequence[etree._Element]]  # a row: each cell a list of paragraphs


def borderless_table(widths_mm: Sequence[float], rows: Sequence[Cells]) -> etree._Element:
    """A fixed-layout table without borders; each cell is a list of paragraphs."""
    return _table(widths_mm, rows, border="nil", cell_margin_mm=0)


def grid_table(widths_mm: Sequence[float], header: Cells, rows: Sequence[Cells], *, cell_margin_mm: float) -> etree._Element:
    """A fixed-layout table with single borders; the header row repeats at the top of every page and
    no other row splits across pages."""
    return _table(widths_mm, [header, *rows], border="single", cell_margin_mm=cell_margin_mm, header_rows=1)


def _table(
    widths_mm: Sequence[float], rows: Sequence[Cells], *, border: str, cell_margin_mm: float, header_rows: int = 0
) -> etree._Element:
    table = etree.Element(w("tbl"))
    props = _sub(table, "tblPr")
    if border != "nil":
        _sub(props, "tblStyle", val=GRID_STYLE)
    _sub(props, "tblW", w=mm(sum(widths_mm)), type="dxa")
    _sub(props, "jc", val="center")
    borders = _sub(props, "tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        if border == "nil":
            _sub(borders, side, val="nil")
        else:
            _sub(borders, side, val=border, sz="4", space="0", color="000000")
    _sub(props, "tblLayout", type="fixed")
    margins = _sub(props, "tblCellMar")
    _sub(margins, "left", w=mm(cell_margin_mm), type="dxa")
    _sub(margins, "right", w=mm(cell_margin_mm), type="dxa")
    grid = _sub(table, "tblGrid")
    for width in widths_mm:
        _sub(grid, "gridCol", w=mm(width))
    for index, cells in enumerate(rows):
        row = _sub(table, "tr")
        if index < header_rows:
            _sub(_sub(row, "trPr"), "tblHeader")
        else:
            # A row stays on one page: a member's line never splits from its votes, and signers'
            # names never land alone on the next page.
            _sub(_sub(row, "trPr"), "cantSplit")
        for width, paragraphs in zip(widths_mm, cells, strict=True):
            cell = _sub(row, "tc")
            # A data row's cells take their widths from the grid (the table's layout is fixed) and their vertical
            # alignment from the table's style: a voting slip repeats them by the thousand, and their own
            # properties were half its text.
            if border == "nil" or index < header_rows:
                cell_props = _sub(cell, "tcPr")
                _sub(cell_props, "tcW", w=mm(width), type="dxa")
                if border != "nil":
                    _sub(cell_props, "vAlign", val="center")
            for item in paragraphs:
                cell.append(item)
    return table


def page_break() -> etree._Element:
    """A run that ends the page."""
    element = etree.Element(w("r"))
    _sub(element, "br", type="page")
    return element


@dataclass(frozen=True)
class PageSetup:
    width_mm: float
    height_mm: float
    top_mm: float
    bottom_mm: float
    left_mm: float
    right_mm: float
    header_mm: float
    footer_mm: float
    numbered_first_page: bool
    restart_numbers: bool = False  # each section numbers its pages from 1 (a ballot's copies)


@dataclass(frozen=True)
class Header:
    """A page header part: which pages it serves ("default" or "first"), its relationship and its XML."""

    kind: str
    rel_id: str
    target: str  # part name under word/
    content: bytes


def document(blocks: Iterable[etree._Element], page: PageSetup, headers: Sequence[Header]) -> bytes:
    root = etree.Element(w("document"), nsmap=NSMAP)
    body = _sub(root, "body")
    for block in blocks:
        body.append(block)
    body.append(section(page, headers))
    return _xml(root)


def section(page: PageSetup, headers: Sequence[Header]) -> etree._Element:
    """The section properties: paper, margins, headers and page numbering."""
    element = etree.Element(w("sectPr"))
    for header_part in headers:
        reference = _sub(element, "headerReference", type=header_part.kind)
        reference.set(f"{{{R_NS}}}id", header_part.rel_id)
    _sub(element, "pgSz", w=mm(page.width_mm), h=mm(page.height_mm))
    _sub(
        element,
        "pgMar",
        top=mm(page.top_mm),
        right=mm(page.right_mm),
        bottom=mm(page.bottom_mm),
        left=mm(page.left_mm),
        header=mm(page.header_mm),
        footer=mm(page.footer_mm),
        gutter="0",
    )
    if page.restart_numbers:
        _sub(element, "pgNumType", start="1")
    if not page.numbered_first_page or any(h.kind == "first" for h in headers):
        # Page 1 has its own header: the form code, or nothing (a first-page header that is never
        # defined is empty), so page 1 carries no number.
        _sub(element, "titlePg")
    return element


def section_break(ending: etree._Element, page: PageSetup, headers: Sequence[Header]) -> etree._Element:
    """`ending`, an empty paragraph, as the end of a section: what follows starts a new page."""
    ending[0].append(section(page, headers))
    return ending


def header(paragraphs: Iterable[etree._Element], tag: str = "hdr") -> bytes:
    """A header part (a footer part with tag "ftr")."""
    root = etree.Element(w(tag), nsmap=NSMAP)
    for item in paragraphs:
        root.append(item)
    return _xml(root)


def page_number(style: ParagraphStyle, run_style: RunStyle) -> etree._Element:
    """A paragraph holding the PAGE field."""
    para = paragraph([], style)
    for field_part in ("begin", None, "separate", "end"):
        element = etree.SubElement(para, w("r"))
        props = _run_props(run_style)
        if len(props):
            element.append(props)
        if field_part is None:
            instruction = _sub(element, "instrText")
            instruction.text = " PAGE "
            instruction.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        else:
            _sub(element, "fldChar", fldCharType=field_part)
    return para


@dataclass(frozen=True)
class NamedStyle:
    """A paragraph style of the template: its id, the paragraph's shape and its runs' size."""

    style_id: str
    name: str
    paragraph: ParagraphStyle
    size_pt: float


def styles(font: str, size_pt: float, named: Sequence[NamedStyle] = ()) -> bytes:
    """Document defaults name the font in every slot (ASCII, high ANSI, East Asian, complex
    script) so Vietnamese letters never fall back to a theme font. `named` are paragraph styles that
    paragraphs repeated by the hundred (table cells) refer to instead of carrying their formatting."""
    root = etree.Element(w("styles"), nsmap=NSMAP)
    defaults = _sub(root, "docDefaults")
    run_defaults = _sub(_sub(defaults, "rPrDefault"), "rPr")
    _sub(run_defaults, "rFonts", ascii=font, hAnsi=font, eastAsia=font, cs=font)
    _sub(run_defaults, "color", val="000000")
    _sub(run_defaults, "sz", val=half_points(size_pt))
    _sub(run_defaults, "szCs", val=half_points(size_pt))
    _sub(run_defaults, "lang", val="vi-VN", eastAsia="vi-VN", bidi="ar-SA")
    _sub(_sub(defaults, "pPrDefault"), "pPr")
    normal = _sub(root, "style", type="paragraph", default="1", styleId="Normal")
    _sub(normal, "name", val="Normal")
    _sub(normal, "qFormat")
    for item in named:
        style = _sub(root, "style", type="paragraph", customStyle="1", styleId=item.style_id)
        _sub(style, "name", val=item.name)
        _sub(style, "basedOn", val="Normal")
        _sub(style, "qFormat")
        style.append(_paragraph_props(item.paragraph))
        style.append(_run_props(RunStyle(size_pt=item.size_pt)))
    table = _sub(root, "style", type="table", default="1", styleId="TableNormal")
    _sub(table, "name", val="Normal Table")
    _sub(table, "uiPriority", val="99")
    _sub(table, "semiHidden")
    table_props = _sub(table, "tblPr")
    _sub(table_props, "tblInd", w="0", type="dxa")
    # The data tables' cells are centred vertically by their table's style, not one by one.
    grid = _sub(root, "style", type="table", customStyle="1", styleId=GRID_STYLE)
    _sub(grid, "name", val="Party Grid")
    _sub(grid, "basedOn", val="TableNormal")
    _sub(_sub(grid, "tblPr"), "tblInd", w="0", type="dxa")
    _sub(_sub(grid, "tcPr"), "vAlign", val="center")
    return _xml(root)


def settings(mirror_margins: bool) -> bytes:
    root = etree.Element(w("settings"), nsmap=NSMAP)
    if mirror_margins:
        _sub(root, "mirrorMargins")
    _sub(root, "defaultTabStop", val="720")
    _sub(root, "characterSpacingControl", val="doNotCompress")
    _sub(root, "compat")
    return _xml(root)


def content_types(headers: Sequence[str], footers: Sequence[str] = ()) -> bytes:
    root = etree.Element(f"{{{CT_NS}}}Types", nsmap={None: CT_NS})
    for extension, content_type in (
        ("rels", "application/vnd.openxmlformats-package.relationships+xml"),
        ("xml", "application/xml"),
    ):
        etree.SubElement(root, f"{{{CT_NS}}}Default", Extension=extension, ContentType=content_type)
    for part, content_type in (
        ("/word/document.xml", CT_MAIN),
        ("/word/styles.xml", CT_STYLES),
        ("/word/settings.xml", CT_SETTINGS),
        *((f"/word/{name}", CT_HEADER) for name in headers),
        *((f"/word/{name}", CT_FOOTER) for name in footers),
        ("/docProps/core.xml", CT_CORE),
        ("/docProps/app.xml", CT_APP),
    ):
        etree.SubElement(root, f"{{{CT_NS}}}Override", PartName=part, ContentType=content_type)
    return _xml(root)


def relationships(entries: Sequence[tuple[str, str, str]]) -> bytes:
    root = etree.Element(f"{{{PKG_REL_NS}}}Relationships", nsmap={None: PKG_REL_NS})
    for rel_id, rel_type, target in entries:
        etree.SubElement(root, f"{{{PKG_REL_NS}}}Relationship", Id=rel_id, Type=rel_type, Target=target)
    return _xml(root)


def core_properties(title: str) -> bytes:
    # No creation or modification time: the package must be identical on every build.
    cp = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
    dc = "http://purl.org/dc/elements/1.1/"
    root = etree.Element(f"{{{cp}}}coreProperties", nsmap={"cp": cp, "dc": dc})
    etree.SubElement(root, f"{{{dc}}}title").text = title
    etree.SubElement(root, f"{{{dc}}}language").text = "vi-VN"
    return _xml(root)


def app_properties(application: str) -> bytes:
    ns = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
    root = etree.Element(f"{{{ns}}}Properties", nsmap={None: ns})
    etree.SubElement(root, f"{{{ns}}}Application").text = application
    return _xml(root)


def _xml(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
