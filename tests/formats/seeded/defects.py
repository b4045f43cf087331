"""The seeded defects: each a good generated document with one defect planted by editing its XML, and the
finding code the checker must give for it. At least one per check of the checker, rendered or textual.

The bases are documents that pass the checker today (tests/formats/test_corpus_gate.py keeps them passing), so
any finding of the planted code comes from the planted defect.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Callable

from lxml import etree

from service.batch import book
from tests.formats.broken.documents import NS, edit, generated, paragraph, set_text, w

DOCUMENT, HEADER = "word/document.xml", "word/header1.xml"
REPORT, THEMATIC_RESOLUTION, THEMATIC_MINUTES = "bao-cao-thang", "nghi-quyet-chuyen-de", "bien-ban-chuyen-de"
REVIEW_MINUTES, SELF_REVIEW = "bien-ban-xep-loai", "ban-kiem-diem-ca-nhan"
NEW, OLD = "hd05-2026", "hd36-2018"


@dataclass(frozen=True)
class Defect:
    name: str
    code: str  # the finding the checker must give
    make: Callable[[], bytes]
    rendered: bool = True  # found on the printed page (False: in the text alone)


def _edit(kind: str, profile: str, change: Callable[[etree._Element], None], part: str = DOCUMENT):
    return lambda: edit(generated(kind, profile), part, change)


def _properties(element: etree._Element, tag: str) -> etree._Element:
    """The paragraph's pPr (or a run's rPr), created in first place when missing."""
    found = element.find(w(tag))
    if found is None:
        found = etree.Element(w(tag))
        element.insert(0, found)
    return found


def _set(parent: etree._Element, tag: str, **attributes: str) -> etree._Element:
    for old in parent.findall(w(tag)):
        parent.remove(old)
    element = etree.SubElement(parent, w(tag))
    for key, value in attributes.items():
        element.set(w(key), value)
    return element


def _text(start: str, new: str):
    def change(root):
        set_text(paragraph(root, start), new)

    return change


def _page_break_before(start: str):
    """A page break in a paragraph of its own just before the paragraph (or table) that starts with `start`."""

    def change(root):
        target = paragraph(root, start)
        table = next((a for a in target.iterancestors(w("tbl"))), None)
        anchor = table if table is not None else target
        anchor.addprevious(etree.fromstring(f'<w:p xmlns:w="{NS["w"]}"><w:r><w:br w:type="page"/></w:r></w:p>'))

    return change


def _blank_page_before(start: str):
    """Two page breaks in a row before the paragraph that starts with `start`: a page between them blank but
    for its number."""

    def change(root):
        _page_break_before(start)(root)
        _page_break_before(start)(root)

    return change


def _alignment(start: str, value: str):
    def change(root):
        _set(_properties(paragraph(root, start), "pPr"), "jc", val=value)

    return change


def _move_to_left_cell(start: str):
    def change(root):
        moving = paragraph(root, start)
        left = paragraph(root, "CHI BỘ THÔN")
        left.addnext(moving)

    return change


def _not_italic(root):
    for run in paragraph(root, "An Phú, ngày").iter(w("r")):
        properties = _properties(run, "rPr")
        for tag in ("i", "iCs"):
            _set(properties, tag, val="0")


def _wide_rule(root):
    """The rule under the Party title drawn across the whole column instead of the title's width."""
    title = paragraph(root, "ĐẢNG CỘNG SẢN VIỆT NAM")
    properties = _properties(title, "pPr")
    _set(properties, "pBdr")
    properties.find(w("pBdr")).append(
        etree.fromstring(f'<w:bottom xmlns:w="{NS["w"]}" w:val="single" w:sz="6" w:space="1" w:color="000000"/>')
    )
    _set(properties, "ind", left="0", right="0")
    for sibling in title.itersiblings():
        sibling_properties = sibling.find(w("pPr"))
        if sibling_properties is not None and sibling_properties.find(w("pBdr")) is not None:
            sibling_properties.remove(sibling_properties.find(w("pBdr")))
        for drawing in sibling.iter(w("drawing"), w("pict")):
            drawing.getparent().remove(drawing)
        break


def _no_rule(root):
    """The rule under the Party title gone, whether drawn as its border or as a shape in the line under it."""
    title = paragraph(root, "ĐẢNG CỘNG SẢN VIỆT NAM")
    for candidate in [title, *list(title.itersiblings())[:1]]:
        for border in candidate.iter(w("pBdr")):
            border.getparent().remove(border)
        for drawing in candidate.iter(w("drawing"), w("pict")):
            drawing.getparent().remove(drawing)


def _first_page_numbered(root):
    title_page = root.find(".//w:sectPr/w:titlePg", NS)
    title_page.getparent().remove(title_page)


def _page_number_removed(root):
    for run in list(root.iter(w("r"))):
        run.getparent().remove(run)


def _negative_indent(start: str):
    def change(root):
        _set(_properties(paragraph(root, start), "pPr"), "ind", left="0", right="-1400", firstLine="567")

    return change


def _table_widened(root):
    """The review results table made a third wider than the text area (its grid and cells together)."""
    table = next(paragraph(root, "STT").iterancestors(w("tbl")))
    for element in [*table.iter(w("gridCol")), *table.iter(w("tcW")), *table.iter(w("tblW"))]:
        if element.get(w("w")) and element.get(w("type"), "dxa") == "dxa":
            element.set(w("w"), str(int(int(element.get(w("w"))) * 1.35)))


def _overflowing_cell(root):
    """A results-table row held to an exact height too small for its text: the text runs over the border."""
    row = next(paragraph(root, "STT").iterancestors(w("tr"))).getnext()
    properties = row.find(w("trPr"))
    if properties is None:
        properties = etree.Element(w("trPr"))
        row.insert(0, properties)
    _set(properties, "trHeight", val="200", hRule="exact")
    first_cell = row.find(w("tc"))
    set_text(first_cell.find(".//w:p", NS), "1 2 3 4 5 6")


def _over_the_border(root):
    """A cell's text pushed past its right border by a negative right indent."""
    cell_paragraph = paragraph(root, "Nguyễn Văn An")
    _set(_properties(cell_paragraph, "pPr"), "ind", left="0", right="-900")
    _set(_properties(cell_paragraph, "pPr"), "jc", val="right")


def _form_code_on_later_pages(root):
    """The form's code added to the header of the pages after the first."""
    root.append(
        etree.fromstring(
            f'<w:p xmlns:w="{NS["w"]}"><w:pPr><w:spacing w:before="0" w:after="0"/><w:jc '
            'w:val="right"/></w:pPr><w:r><w:rPr><w:i/><w:sz w:val="20"/></w:rPr><w:t>Mẫu 2C-HD '
            "KĐ.ĐG 2025</w:t></w:r></w:p>"
        )
    )


def _long_heading(root):
    set_text(paragraph(root, "II. PHƯƠNG HƯỚNG"), "I. ĐÁNH GIÁ KẾT QUẢ THỰC HIỆN NGHỊ QUYẾT THÁNG 11 NĂM 2026")


def _heading_alone(root):
    """A page break right after the heading "II. …": the heading ends its page, its text starts the next."""
    heading = paragraph(root, "II. PHƯƠNG HƯỚNG")
    following = heading.getnext()
    run = etree.SubElement(following, w("r"))
    following.insert(1 if following.find(w("pPr")) is not None else 0, run)
    etree.SubElement(run, w("br")).set(w("type"), "page")


def _manual_break(root):
    """Shift+Enter after the first words of a long justified paragraph."""
    target = paragraph(root, "- Hoàn thành thu hoạch lúa mùa")
    first = max(target.findall(w("r")), key=lambda run: len("".join(run.itertext())))
    texts = first.findall(w("t"))
    words = texts[0].text.split(" ")
    texts[0].text = " ".join(words[:6]) + " "
    texts[0].set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    rest = copy.deepcopy(first)
    rest.findall(w("t"))[0].text = " ".join(words[6:])
    brk = copy.deepcopy(first)
    for child in list(brk):
        if child.tag != w("rPr"):
            brk.remove(child)
    etree.SubElement(brk, w("br"))
    first.addnext(brk)
    brk.addnext(rest)


def _font(family: str, start: str):
    def change(root):
        for run in paragraph(root, start).iter(w("r")):
            _set(_properties(run, "rPr"), "rFonts", ascii=family, hAnsi=family, eastAsia=family, cs=family)

    return change


def _signature_split(root):
    """The signer's name taken out of the signature table and put on the next page, as a hand-made
    signature block typed in plain lines ends up when a page break falls inside it."""
    name = paragraph(root, "Nguyễn Văn An")
    table = next(name.iterancestors(w("tbl")))
    name.getparent().remove(name)
    table.addnext(name)
    name.addprevious(etree.fromstring(f'<w:p xmlns:w="{NS["w"]}"><w:r><w:br w:type="page"/></w:r></w:p>'))


def _inherited_header_book() -> bytes:
    """A book whose second document lost its own first-page header and so prints the first's form code."""
    merged = book.merge([generated("bao-cao-kiem-diem-tap-the", NEW), generated(THEMATIC_RESOLUTION, NEW)], "Tập")

    def drop_first_header(root):
        sections = root.findall(".//w:sectPr", NS)
        for reference in sections[1].findall("w:headerReference", NS):
            if reference.get(w("type")) == "first":
                sections[1].remove(reference)

    return edit(merged, DOCUMENT, drop_first_header)


def _duplicate_recipient(root):
    line = paragraph(root, "- Đảng viên trong chi bộ")
    line.addnext(copy.deepcopy(line))


def _drop(start: str):
    def change(root):
        element = paragraph(root, start)
        element.getparent().remove(element)

    return change


def _archive_first(root):
    archive = paragraph(root, "- Lưu Chi bộ")
    paragraph(root, "Nơi nhận").addnext(archive)


def _upper_org(name: str):
    return _text("ĐẢNG BỘ XÃ AN PHÚ", name)


DEFECTS = [
    # The header as printed
    Defect(
        "name broken inside a word group across header lines",
        "header_name_break",
        _edit(REPORT, NEW, _upper_org("ĐẢNG BỘ CƠ QUAN CHÍNH QUYỀN HƯNG YÊN")),
    ),
    Defect(
        "Party title in the left column",
        "party_title_printed_position",
        _edit(REPORT, NEW, _move_to_left_cell("ĐẢNG CỘNG SẢN VIỆT NAM")),
    ),
    Defect("no rule under the Party title", "party_title_printed_rule", _edit(REPORT, NEW, _no_rule)),
    Defect("rule longer than the Party title", "party_title_printed_rule_length", _edit(REPORT, NEW, _wide_rule)),
    Defect("asterisk not under the cell name", "asterisk_printed_position", _edit(REPORT, NEW, _alignment("*", "left"))),
    Defect("place-date line upright", "place_date_printed_italic", _edit(REPORT, NEW, _not_italic)),
    Defect(
        "place-date line in the left column",
        "place_date_printed_position",
        _edit(REPORT, NEW, _move_to_left_cell("An Phú, ngày")),
    ),
    # The end of the document
    Defect(
        "signature block alone on its page",
        "signature_alone",
        _edit(THEMATIC_RESOLUTION, NEW, _page_break_before("Nơi nhận")),
    ),
    Defect("signature block split across pages", "signature_split", _edit(REPORT, NEW, _signature_split)),
    # Page furniture
    Defect("page number on page 1", "page_number_printed_first_page", _edit(REPORT, NEW, _first_page_numbered)),
    Defect("page number missing on page 2", "page_number_printed_missing", _edit(REPORT, NEW, _page_number_removed, HEADER)),
    Defect(
        "a page blank but for its number",
        "page_blank",
        _edit(REPORT, NEW, _blank_page_before("- Hoàn thành thu hoạch lúa mùa")),
    ),
    Defect(
        "page number not centred",
        "page_number_printed_position",
        _edit(REPORT, NEW, lambda root: _set(_properties(root.find(".//w:p", NS), "pPr"), "jc", val="right"), HEADER),
    ),
    Defect("book: a document prints the form code of the one before", "furniture_inherited", _inherited_header_book),
    # Edges of the page
    Defect(
        "paragraph running into the right margin",
        "outside_text_area",
        _edit(REPORT, NEW, _negative_indent("- Hoàn thành thu hoạch lúa mùa")),
    ),
    Defect("table wider than the margins", "outside_text_area_table", _edit(REVIEW_MINUTES, NEW, _table_widened)),
    Defect("table cell cut short by a row too low", "cell_overflow_cut", _edit(REVIEW_MINUTES, NEW, _overflowing_cell)),
    Defect("text running over a table border", "cell_overflow", _edit(REVIEW_MINUTES, NEW, _over_the_border)),
    Defect("form code repeated on page 2", "form_code_repeated", _edit(SELF_REVIEW, OLD, _form_code_on_later_pages, HEADER)),
    Defect(
        "a name broken across lines in a table",
        "table_name_broken",
        _edit(REVIEW_MINUTES, NEW, _text("Trần Thị Bình", "Tôn Nữ Hoàng Phương Thảo")),
    ),
    # Headings and lines
    Defect("heading ending on a lone year", "heading_lone_word", _edit(REPORT, NEW, _long_heading)),
    Defect("heading last on its page", "heading_last_on_page", _edit(REPORT, NEW, _heading_alone)),
    Defect("justified line stretched by Shift+Enter", "stretched_line", _edit(REPORT, NEW, _manual_break)),
    # Fonts on the page
    Defect(
        "paragraph printed in DejaVu Sans",
        "pdf_font",
        _edit(REPORT, NEW, _font("DejaVu Sans", "- Hoàn thành thu hoạch lúa mùa")),
    ),
    Defect(
        "Vietnamese letters from a fallback font",
        "vietnamese_fallback",
        _edit(REPORT, NEW, _font("Liberation Sans Narrow", "- Hoàn thành thu hoạch lúa mùa")),
    ),
    # Text checks, on the DOCX alone
    Defect(
        "recipient with two dashes",
        "recipient_dashes",
        _edit(REPORT, NEW, _text("- Đảng viên trong chi bộ", "- - Đảng viên trong chi bộ;")),
        False,
    ),
    Defect(
        "recipient without a dash",
        "recipient_prefix",
        _edit(REPORT, NEW, _text("- Đảng viên trong chi bộ", "Đảng viên trong chi bộ;")),
        False,
    ),
    Defect(
        "recipient with doubled punctuation",
        "recipient_punctuation",
        _edit(REPORT, NEW, _text("- Đảng viên trong chi bộ", "- Đảng viên trong chi bộ,,")),
        False,
    ),
    Defect("recipient listed twice", "recipient_duplicate", _edit(REPORT, NEW, _duplicate_recipient), False),
    Defect("no archive line", "recipient_archive_missing", _edit(REPORT, NEW, _drop("- Lưu Chi bộ")), False),
    Defect("archive line not last", "recipient_archive_not_last", _edit(REPORT, NEW, _archive_first), False),
    Defect(
        "archive line twice",
        "recipient_archive_repeated",
        _edit(
            REPORT, NEW, lambda root: paragraph(root, "- Lưu Chi bộ").addnext(copy.deepcopy(paragraph(root, "- Lưu Chi bộ")))
        ),
        False,
    ),
    Defect(
        "VT in the archive line under HD 05",
        "recipient_archive_vt",
        _edit(REPORT, NEW, _text("- Lưu Chi bộ", "- Lưu VT, Chi bộ.")),
        False,
    ),
    Defect(
        "doubled full stop in the body",
        "doubled_punctuation",
        _edit(
            REPORT,
            NEW,
            _text("- Một số đảng viên làm ăn xa", "- Một số đảng viên làm ăn xa, chưa thường xuyên liên hệ với chi bộ.."),
        ),
        False,
    ),
    Defect(
        "two dashes in the body",
        "doubled_dash",
        _edit(REPORT, NEW, _text("- Một số đảng viên làm ăn xa", "- - Một số đảng viên làm ăn xa.")),
        False,
    ),
    Defect(
        "vote percentage that does not match",
        "vote_arithmetic",
        _edit(
            THEMATIC_RESOLUTION,
            NEW,
            _text("Nghị quyết được", "Nghị quyết được 17/18 đảng viên chính thức tán thành, đạt 92,44%."),
        ),
        False,
    ),
    Defect(
        "a failed vote reading «thông qua»",
        "vote_failed_adopted",
        _edit(
            THEMATIC_RESOLUTION,
            NEW,
            _text(
                "Nghị quyết được", "Chi bộ biểu quyết thông qua nghị quyết: 09/18 đảng viên chính thức tán thành, đạt 50%."
            ),
        ),
        False,
    ),
    Defect(
        "more votes than voters",
        "vote_arithmetic_exceeds",
        _edit(
            THEMATIC_RESOLUTION,
            NEW,
            _text("Nghị quyết được", "Nghị quyết được 19/18 đảng viên chính thức tán thành, đạt 100%."),
        ),
        False,
    ),
    Defect("manual line break in a justified paragraph", "manual_line_break", _edit(REPORT, NEW, _manual_break), False),
    Defect(
        "date without zero padding",
        "place_date_format",
        _edit(THEMATIC_MINUTES, NEW, _text("An Phú, ngày", "An Phú, ngày 5 tháng 2 năm 2027")),
        False,
    ),
    Defect("state-style number", "number_state_style", _edit(REPORT, NEW, _text("Số ", "Số: 11/BC-CB")), False),
]

# Defect name → whether the checker flagged it, filled by tests/formats/test_seeded_defects.py and printed at the
# end of the test run by tests/formats/conftest.py.
DETECTED: dict[str, bool] = {}
