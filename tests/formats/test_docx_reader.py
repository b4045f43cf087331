"""Reading any DOCX: effective formatting through the style layers, story order, sections, safety."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest
from docx.shared import Pt

from service.formats.docx_reader import read_docx
from service.safety.packages import Limits, UnsafePackage

W = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:v="urn:schemas-microsoft-com:vml" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"'
)
RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
OFFICE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
STYLES = f"""<w:styles {W}>
  <w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:asciiTheme="minorHAnsi" w:hAnsiTheme="minorHAnsi"
    w:eastAsia="Times New Roman" w:cs="Times New Roman"/><w:sz w:val="24"/></w:rPr></w:rPrDefault></w:docDefaults>
  <w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:rPr><w:rFonts w:ascii="Times New Roman"
    w:hAnsi="Times New Roman"/><w:sz w:val="28"/></w:rPr></w:style>
  <w:style w:type="paragraph" w:styleId="Heading"><w:basedOn w:val="Normal"/><w:pPr><w:jc w:val="center"/>
    </w:pPr><w:rPr><w:b/><w:sz w:val="30"/></w:rPr></w:style>
  <w:style w:type="paragraph" w:styleId="Themed"><w:basedOn w:val="Normal"/><w:rPr>
    <w:rFonts w:asciiTheme="majorHAnsi" w:hAnsiTheme="majorHAnsi"/></w:rPr></w:style>
  <w:style w:type="character" w:styleId="Strong"><w:rPr><w:b/></w:rPr></w:style>
  <w:style w:type="character" w:styleId="Loop1"><w:basedOn w:val="Loop2"/></w:style>
  <w:style w:type="character" w:styleId="Loop2"><w:basedOn w:val="Loop1"/><w:rPr><w:i/></w:rPr></w:style>
</w:styles>"""
THEME = """<a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:themeElements>
  <a:fontScheme name="x"><a:majorFont><a:latin typeface="Cambria"/><a:ea typeface=""/><a:cs typeface=""/>
  </a:majorFont><a:minorFont><a:latin typeface="Calibri"/><a:ea typeface=""/><a:cs typeface=""/></a:minorFont>
  </a:fontScheme></a:themeElements></a:theme>"""
SECTION = (
    '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1134" w:right="850" w:bottom="1134" '
    'w:left="1701" w:header="567" w:footer="567" w:gutter="0"/></w:sectPr>'
)


def package(
    body: str,
    *,
    styles: str | None = STYLES,
    theme: str | None = None,
    extra: dict | None = None,
    rels: list[tuple[str, str, str]] = (),
) -> bytes:
    parts = {
        "[Content_Types].xml": "<Types xmlns='http://schemas.openxmlformats.org/package/2006/content-types'/>",
        "word/document.xml": f"<w:document {W}><w:body>{body}</w:body></w:document>",
    }
    relations = list(rels)
    if styles is not None:
        parts["word/styles.xml"] = styles
        relations.append(("rIdS", f"{OFFICE}/styles", "styles.xml"))
    if theme is not None:
        parts["word/theme/theme1.xml"] = theme
        relations.append(("rIdT", f"{OFFICE}/theme", "theme/theme1.xml"))
    parts["word/_rels/document.xml.rels"] = (
        f"<Relationships xmlns='{RELS_NS}'>"
        + "".join(f"<Relationship Id='{i}' Type='{t}' Target='{target}'/>" for i, t, target in relations)
        + "</Relationships>"
    )
    parts.update(extra or {})
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return out.getvalue()


def paragraph(text: str, ppr: str = "", rpr: str = "") -> str:
    return f"<w:p><w:pPr>{ppr}</w:pPr><w:r><w:rPr>{rpr}</w:rPr><w:t xml:space='preserve'>{text}</w:t></w:r></w:p>"


def only_run(body: str, **kwargs):
    return read_docx(package(body, **kwargs)).paragraphs[0].runs[0].format


def test_style_layers_resolve_to_what_prints():
    plain = only_run(paragraph("a"), theme=THEME)
    assert (plain.fonts["ascii"], plain.fonts["eastAsia"], plain.size_pt, plain.bold) == (
        "Times New Roman",
        "Times New Roman",
        14,
        False,
    )
    heading = read_docx(package(paragraph("b", '<w:pStyle w:val="Heading"/>'), theme=THEME)).paragraphs[0]
    assert (heading.format.alignment, heading.runs[0].format.size_pt, heading.runs[0].format.bold) == ("center", 15, True)
    direct = only_run(paragraph("c", rpr='<w:rFonts w:ascii="Arial"/><w:sz w:val="24"/>'), theme=THEME)
    assert (direct.fonts["ascii"], direct.fonts["hAnsi"], direct.size_pt) == ("Arial", "Times New Roman", 12)


def test_toggles_flip_across_style_layers_and_direct_formatting_is_absolute():
    both_styles = only_run(paragraph("x", '<w:pStyle w:val="Heading"/>', '<w:rStyle w:val="Strong"/>'))
    assert both_styles.bold is False
    direct = only_run(paragraph("x", '<w:pStyle w:val="Heading"/>', '<w:rStyle w:val="Strong"/><w:b/>'))
    assert direct.bold is True
    switched_off = only_run(paragraph("x", '<w:pStyle w:val="Heading"/>', '<w:b w:val="0"/>'))
    assert switched_off.bold is False


def test_theme_fonts_resolve_or_are_reported():
    themed = only_run(paragraph("x", '<w:pStyle w:val="Themed"/>'), theme=THEME)
    assert themed.fonts["ascii"] == "Cambria"
    document = read_docx(package(paragraph("x", '<w:pStyle w:val="Themed"/>')))
    assert document.paragraphs[0].runs[0].format.fonts["ascii"] is None
    assert document.unresolved_fonts == {"majorHAnsi"}


def test_a_style_cycle_does_not_hang():
    assert only_run(paragraph("x", rpr='<w:rStyle w:val="Loop1"/>')).italic is True


def test_printed_text_follows_caps_and_skips_hidden_and_deleted_text():
    body = (
        "<w:p><w:r><w:rPr><w:caps/></w:rPr><w:t>đảng</w:t></w:r><w:r><w:rPr><w:vanish/></w:rPr><w:t>ẩn</w:t>"
        "</w:r><w:del><w:r><w:delText>xoá</w:delText></w:r></w:del><w:hyperlink><w:r><w:t> ủy</w:t></w:r>"
        "</w:hyperlink><w:r><w:tab/><w:t>x</w:t></w:r></w:p>"
    )
    assert read_docx(package(body)).paragraphs[0].text == "ĐẢNG ủy\tx"


def test_decomposed_vietnamese_reads_as_composed():
    assert read_docx(package(paragraph("Đa\u0309ng"))).paragraphs[0].text == "Đảng"


def test_tables_give_cell_positions_and_nested_tables_their_own_number():
    cell = "<w:tc>{}</w:tc>"
    inner = "<w:tbl><w:tr>" + cell.format(paragraph("inner")) + "</w:tr></w:tbl>"
    body = (
        "<w:tbl><w:tr>" + cell.format(paragraph("a")) + cell.format(paragraph("b") + inner) + "</w:tr>"
        "<w:tr>" + cell.format(paragraph("c")) + "</w:tr></w:tbl>" + paragraph("after")
    )
    document = read_docx(package(body))
    where = [(p.text, p.table, p.row, p.cell) for p in document.paragraphs]
    assert where == [("a", 1, 1, 1), ("b", 1, 1, 2), ("inner", 2, 1, 1), ("c", 1, 2, 1), ("after", None, None, None)]
    assert [(t.number, t.rows, t.columns, t.paragraphs) for t in document.tables] == [
        (1, 2, 2, (1, 2, 3, 4)),
        (2, 1, 1, (3,)),
    ]


def test_text_box_paragraphs_come_once_after_their_anchor():
    box = "<w:txbxContent>" + paragraph("trong khung") + "</w:txbxContent>"
    body = (
        "<w:p><w:r><mc:AlternateContent><mc:Choice Requires='wps'><w:drawing><wps:txbx>"
        + box
        + "</wps:txbx></w:drawing></mc:Choice><mc:Fallback><w:pict><v:textbox>"
        + box
        + "</v:textbox></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>"
        + paragraph("sau")
    )
    document = read_docx(package(body))
    assert [(p.text, p.in_textbox) for p in document.paragraphs] == [("", False), ("trong khung", True), ("sau", False)]
    assert document.textboxes == 1 and document.paragraphs[0].has_drawing


def test_sections_with_page_setup_and_inherited_headers():
    header = (
        f"<w:hdr {W}><w:p><w:r><w:fldChar w:fldCharType='begin'/></w:r><w:r><w:instrText> PAGE </w:instrText>"
        "</w:r><w:r><w:fldChar w:fldCharType='end'/></w:r></w:p></w:hdr>"
    )
    first = SECTION.replace("<w:sectPr>", "<w:sectPr><w:headerReference w:type='default' r:id='rIdH'/><w:titlePg/>")
    body = f"<w:p><w:pPr>{first}</w:pPr></w:p>" + paragraph("x") + SECTION.replace('w:left="1701"', 'w:left="1985"')
    document = read_docx(
        package(body, extra={"word/header1.xml": header}, rels=[("rIdH", f"{OFFICE}/header", "header1.xml")])
    )
    one, two = document.sections
    assert (round(one.width_mm), round(one.height_mm), round(one.margins_mm["left"]), one.title_page) == (210, 297, 30, True)
    assert round(two.margins_mm["left"]) == 35 and not two.title_page
    assert one.headers["default"][0].fields == ("PAGE",) and two.headers == one.headers


def test_a_document_made_by_python_docx_reads_its_theme():
    made = docx.Document()
    made.add_paragraph("Xin chào").runs[0].font.size = Pt(13)
    out = io.BytesIO()
    made.save(out)
    run = read_docx(out.getvalue()).paragraphs[0].runs[0].format
    # python-docx's own template: body text in the theme's minor font, which it sets to Cambria.
    assert (run.fonts["ascii"], run.size_pt) == ("Cambria", 13)


def _zip(members: dict[str, bytes], method=zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", method) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


@pytest.mark.parametrize(
    "content, code",
    [
        (b"", "not_a_docx"),
        (b"PK\x03\x04 broken", "not_a_docx"),
        (_zip({"word/other.xml": b"<x/>"}), "not_a_docx"),
        (_zip({"word/document.xml": b"<not closed"}), "invalid_xml"),
        (_zip({"word/document.xml": b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaa">]><d>&a;</d>'}), "dtd_forbidden"),
        (_zip({"word/document.xml": b"<x xmlns='urn:strict'/>"}), "not_a_docx"),
    ],
)
def test_unreadable_files_are_refused_with_a_code(content, code):
    with pytest.raises(UnsafePackage) as refused:
        read_docx(content)
    assert refused.value.code == code


def test_billion_laughs_is_refused_without_expanding():
    lol = b"".join(
        b'<!ENTITY l%d "&l%d;&l%d;&l%d;&l%d;&l%d;&l%d;&l%d;&l%d;&l%d;&l%d;">' % ((i,) + (i - 1,) * 10) for i in range(1, 10)
    )
    xml = b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY l0 "lol">' + lol + b"]><d>&l9;</d>"
    with pytest.raises(UnsafePackage) as refused:
        read_docx(_zip({"word/document.xml": xml}))
    assert refused.value.code in ("dtd_forbidden", "invalid_xml")


def test_zip_bomb_and_crowded_archives_are_refused():
    bomb = _zip({"word/document.xml": b"<w/>", "word/media/big.bin": b"\0" * (3 * 1024 * 1024)})
    with pytest.raises(UnsafePackage) as refused:
        read_docx(bomb)
    assert refused.value.code == "unsafe_package"
    crowded = _zip({"word/document.xml": b"<w/>", **{f"x/{i}": b"" for i in range(20)}})
    with pytest.raises(UnsafePackage) as refused:
        read_docx(crowded, Limits(max_members=10))
    assert refused.value.code == "unsafe_package"


def test_sizes_are_counted_as_read_not_as_declared():
    content = _zip(
        {"word/document.xml": b"<w:document " + W.encode() + b"><w:body>" + b" " * 5000 + b"</w:body></w:document>"},
        zipfile.ZIP_STORED,
    )
    with pytest.raises(UnsafePackage) as refused:
        read_docx(content, Limits(max_uncompressed_bytes=1000))
    assert refused.value.code == "package_too_large" and refused.value.too_large
    with pytest.raises(UnsafePackage) as refused:
        read_docx(content, Limits(max_package_bytes=100))
    assert refused.value.too_large
