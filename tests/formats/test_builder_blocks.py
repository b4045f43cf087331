"""The layout blocks forms and tables need: data tables, a single signature, page breaks, copies,
headings numbered by their data, and the header's form code, number and date options."""

from __future__ import annotations

import io
import json
import zipfile

from lxml import etree

from service import pipeline
from service.formats.builder import build_template
from service.formats.docx_reader import read_docx
from service.formats.layout import Column, Heading, Layout, Para, Signature, Table
from service.formats.ooxml import W_NS
from service.formats.profiles import get_profile
from service.render.engine import render_docx
from tests.conftest import SAMPLES
from tests.helpers import part_xml

NS = {"w": W_NS}
PROFILE = get_profile("hd05-2026")


def layout(*blocks, **options) -> Layout:
    return Layout(kind="thu", doc_type="BC", title="BÁO CÁO", summary="thử", blocks=blocks, **options)


def texts(element) -> list[str]:
    return ["".join(p.itertext()) for p in element.iter(f"{{{W_NS}}}p")]


def body_tables(content: bytes) -> list:
    return part_xml(content).findall("w:body/w:tbl", NS)


def test_a_table_has_a_repeated_header_and_each_row_tag_alone_in_its_row():
    table = Table("m in members", Column("STT", "{{ m.no }}", 1), Column("Họ và tên", "{{ m.name }}", 4, "left"))
    grid = body_tables(build_template(layout(table), PROFILE))[1]
    rows = grid.findall("w:tr", NS)
    assert [texts(row) for row in rows] == [
        ["STT", "Họ và tên"],
        ["{%tr for m in members %}", ""],
        ["{{ m.no }}", "{{ m.name }}"],
        ["{%tr endfor %}", ""],
    ]
    assert rows[0].find("w:trPr/w:tblHeader", NS) is not None
    assert grid.find("w:tblPr/w:tblBorders/w:insideH", NS).get(f"{{{W_NS}}}val") == "single"
    widths = [int(col.get(f"{{{W_NS}}}w")) for col in grid.findall("w:tblGrid/w:gridCol", NS)]
    assert round(widths[1] / widths[0]) == 4


def test_a_wide_table_takes_the_profiles_smaller_size_through_its_cells_style():
    columns = (Column("A", "{{ a }}", 1), Column("B", "{{ b }}", 2, "left"))
    for wide, size in ((False, PROFILE.table.size_pt), (True, PROFILE.table.wide_size_pt)):
        content = build_template(layout(Table("a in x", *columns, wide=wide)), PROFILE)
        table = read_docx(content).tables[1]
        cells = [read_docx(content).paragraphs[number - 1] for number in table.paragraphs]
        assert {run.format.size_pt for cell in cells for run in cell.runs} == {size}
        assert [cell.format.alignment for cell in cells[:2]] == ["center", "center"]  # the header row
        # A cell names its paragraph style instead of carrying its spacing, alignment and size.
        grid = body_tables(content)[1]
        assert grid.find(".//w:rPr/w:sz", NS) is None and grid.find(".//w:pPr/w:jc", NS) is None
        assert {style.get(f"{{{W_NS}}}val") for style in grid.iter(f"{{{W_NS}}}pStyle")} == (
            {"TableWideCenter", "TableWideLeft"} if wide else {"TableCenter", "TableLeft"}
        )


def test_a_compact_table_keeps_the_table_size_on_the_profiles_exact_lines():
    columns = (Column("STT", "{{ m.no }}", 1), Column("Họ và tên", "{{ m.name }}", 4, "left"))
    content = build_template(layout(Table("m in members", *columns, compact=True)), PROFILE)
    document = read_docx(content)
    cells = [document.paragraphs[number - 1] for number in document.tables[1].paragraphs]
    assert [cell.text for cell in cells[:2]] == ["STT", "Họ và tên"]
    assert {run.format.size_pt for cell in cells for run in cell.runs} == {PROFILE.table.size_pt}
    assert {(cell.format.line_rule, cell.format.line) for cell in cells} == {("exact", PROFILE.table.compact_line_pt)}
    assert PROFILE.table.compact_line_pt >= PROFILE.table.size_pt


def test_a_single_signature_sits_in_the_right_column_with_an_italic_note():
    content = build_template(layout(Signature("NGƯỜI TỰ KIỂM ĐIỂM", "(Ký, ghi rõ họ tên)", "{{ signer }}")), PROFILE)
    left, right = body_tables(content)[-1].findall("w:tr/w:tc", NS)
    assert texts(left) == [""]
    lines = texts(right)
    assert lines[:2] == ["NGƯỜI TỰ KIỂM ĐIỂM", "(Ký, ghi rõ họ tên)"] and lines[-1] == "{{ signer }}"
    assert lines[2:-1] == [""] * PROFILE.signature.blank_lines
    note = right.findall("w:p", NS)[1]
    assert note.find(".//w:rPr/w:i", NS) is not None


def test_a_heading_numbered_by_its_data_prints_its_text_alone():
    content = build_template(layout(Heading(2, "{{ s.title }}", number="none"), Heading(2, "Sau")), PROFILE)
    lines = texts(part_xml(content).find("w:body", NS))
    assert "{{ s.title }}" in lines and "1. Sau" in lines


def test_header_without_number_or_date():
    full = texts(body_tables(build_template(layout(), PROFILE))[0])
    bare = texts(body_tables(build_template(layout(numbered=False, dated=False), PROFILE))[0])
    assert "{{ doc.number_line }}" in full and "{{ doc.place_date }}" in full
    assert "{{ doc.number_line }}" not in bare and "{{ doc.place_date }}" not in bare


def test_a_form_code_goes_in_the_first_page_header():
    content = build_template(layout(form_code="{{ form.code }}"), PROFILE)
    section = part_xml(content).find("w:body/w:sectPr", NS)
    references = {r.get(f"{{{W_NS}}}type") for r in section.findall("w:headerReference", NS)}
    assert references == {"default", "first"} and section.find("w:titlePg", NS) is not None
    first = part_xml(content, "word/header2.xml")
    paragraph = first.find("w:p", NS)
    assert texts(first) == ["{{ form.code }}"]
    assert paragraph.find("w:pPr/w:jc", NS).get(f"{{{W_NS}}}val") == "right"
    with zipfile.ZipFile(io.BytesIO(content)) as package:
        assert "/word/header2.xml" in package.read("[Content_Types].xml").decode()
    without = build_template(layout(), PROFILE)
    with zipfile.ZipFile(io.BytesIO(without)) as package:
        assert "word/header2.xml" not in package.namelist()


def test_copies_repeat_the_whole_page_each_in_a_section_numbered_from_one():
    content = build_template(layout(Para("Nội dung {{ c }}"), copies="c in copies"), PROFILE)
    body = part_xml(content).find("w:body", NS)
    children = [child for child in body if child.tag != f"{{{W_NS}}}sectPr"]
    assert texts(children[0]) == ["{%p for c in copies %}"]
    assert children[1].tag == f"{{{W_NS}}}tbl"  # the header comes again on every copy
    assert [texts(child) for child in children[-6:]] == [
        ["{%p if not loop.last %}"],
        [""],
        ["{%p else %}"],
        [""],
        ["{%p endif %}"],
        ["{%p endfor %}"],
    ]
    # Every copy but the last ends its section in a paragraph; the last is the body's own. Both describe the
    # same pages: numbered from 1, page 1 without a number.
    inner, final = children[-5].find("w:pPr/w:sectPr", NS), body.find("w:sectPr", NS)
    assert inner is not None and etree.tostring(inner) == etree.tostring(final)
    assert final.find("w:pgNumType", NS).get(f"{{{W_NS}}}start") == "1" and final.find("w:titlePg", NS) is not None
    assert final.find("w:headerReference[@w:type='default']", NS) is not None


def test_copies_of_a_page_that_does_not_use_the_loop_render_it_once():
    content = build_template(layout(Para("Nội dung"), copies="c in copies"), PROFILE)
    body = part_xml(content).find("w:body", NS)
    children = [child for child in body if child.tag != f"{{{W_NS}}}sectPr"]
    assert texts(children[0]) == ["{%p set copy_page %}"]
    assert children[1].tag == f"{{{W_NS}}}tbl"  # the header is part of the page
    assert [texts(child) for child in children[-9:-6]] == [
        ["{%p endset %}"],
        ["{%p for c in copies %}"],
        ["{{p copy_page }}"],
    ]
    # Rendered, it is the same document as the page inside the loop gives, section breaks included.
    context = {**pipeline.check("phieu-xep-loai", _sample("review-ballot.json")).context, "copies": [1, 2, 3]}
    looped = build_template(layout(Para("Nội dung{{ '' if c else '' }}"), copies="c in copies"), PROFILE)
    assert texts(part_xml(looped).find("w:body", NS)[0]) == ["{%p for c in copies %}"]
    document = _document_xml(render_docx(content, context))
    assert document.count(b"<w:sectPr") == 3 and document.count("Nội dung".encode()) == 3
    assert document == _document_xml(render_docx(looped, context))


def test_a_table_that_ends_the_page_is_followed_by_one_paragraph_a_twip_high():
    # A slip whose table fills its page to within a point must not push a spacer onto a blank second page.
    table = Table("m in members", Column("A", "{{ m }}", 1))
    for options in ({}, {"copies": "c in copies"}):
        context = {
            **pipeline.check("phieu-xep-loai", _sample("review-ballot.json")).context,
            "members": ["An"],
            "copies": [1, 2],
        }
        body = part_xml(render_docx(build_template(layout(table, **options), PROFILE), context)).find("w:body", NS)
        tables = body.findall("w:tbl", NS)[1::2]  # the header's borderless table comes first on each page
        assert len(tables) == (2 if options else 1)
        for table_element in tables:
            ending = table_element.getnext()
            assert texts(ending) == [""] and ending.find("w:pPr/w:spacing", NS).get(f"{{{W_NS}}}line") == "1"
            assert ending.getnext() is None or ending.getnext().tag in (f"{{{W_NS}}}tbl", f"{{{W_NS}}}sectPr")


def _sample(name: str) -> dict:
    return json.loads((SAMPLES / name).read_text(encoding="utf-8"))


def _document_xml(docx: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(docx)) as package:
        return package.read("word/document.xml")
