"""One template per docxtpl feature, and the contexts they are rendered with.

Templates are hand-written XML in the builder's minimal package (so a fixture
can hold split runs, proofing marks and revision ids exactly) or made with
python-docx from its default template (a Word-made package with themes,
styles, custom XML, pictures).
"""

from __future__ import annotations

import functools
import io
import struct
import zlib

import docx
from docx.shared import Mm
from docxtpl import Listing, RichText, RichTextParagraph

from service.render.package import read_members, unpack, write_package

from .packages import cell, minimal_package, para, row, run, table


def _split_runs() -> bytes:
    # What Word leaves after typing a tag in pieces: proofing marks and a run per revision.
    split_variable = (
        '<w:p><w:r><w:t xml:space="preserve">Xin chào {</w:t></w:r>'
        '<w:proofErr w:type="spellStart"/><w:r w:rsidR="00A1B2C3"><w:t>{ na</w:t></w:r>'
        '<w:proofErr w:type="spellEnd"/><w:r w:rsidR="00D4E5F6"><w:rPr><w:b/></w:rPr><w:t>me </w:t></w:r>'
        '<w:r><w:t>}</w:t></w:r><w:r><w:t xml:space="preserve">} và </w:t></w:r>'
        '<w:r><w:rPr><w:i/></w:rPr><w:t>{{ ti</w:t></w:r><w:bookmarkStart w:id="0" w:name="x"/>'
        '<w:r w:rsidRPr="0012AB"><w:t>tle }}</w:t></w:r><w:bookmarkEnd w:id="0"/></w:p>'
    )
    split_block = (
        '<w:p><w:r><w:t>{</w:t></w:r><w:r><w:t>%p if fl</w:t></w:r><w:proofErr w:type="gramStart"/>'
        "<w:r><w:t>ag %</w:t></w:r><w:r><w:t>}</w:t></w:r></w:p>"
        + para("Có cờ: {{ note }}")
        + '<w:p><w:r><w:t>{%p end</w:t></w:r><w:r w:rsidR="0099"><w:t>if %}</w:t></w:r></w:p>'
    )
    return minimal_package(split_variable + split_block + para("Hết."))


def _run_tags() -> bytes:
    return minimal_package(
        para("Họ tên: ", run("{{ name }}", props="<w:b/>"))
        + para("{{ title }} — {{ note }}")
        + para(run("{{ name|upper }} ({{ items|length }})", props='<w:color w:val="FF0000"/>'))
        + para("  {{ name }}  có khoảng trắng  ")
    )


def _paragraph_tags() -> bytes:
    return minimal_package(
        para("Mở đầu")
        + para("{%p if flag %}")
        + para("Cờ bật: {{ name }}")
        + para("{%p else %}")
        + para("Cờ tắt")
        + para("{%p endif %}")
        + para("{%p for item in items %}")
        + para("{{ loop.index }}. {{ item }}", props='<w:ind w:left="360"/>')
        + para("{%p endfor %}")
        + para("{#p a comment paragraph #}")
        + para("Kết thúc")
    )


def _table_rows() -> bytes:
    return minimal_package(
        table(
            row("Họ tên", "Chức vụ"),
            row("{%tr for m in members %}", ""),
            row("{{ m.name }}", "{{ m.role }}"),
            row("{%tr endfor %}", ""),
            row("Tổng: {{ members|length }}", ""),
            columns=2,
        )
    )


def _table_cells() -> bytes:
    return minimal_package(
        table(row("Tên", "{%tc for c in columns %}", "{{ c }}", "{%tc endfor %}"), row("A", "B", "C", "D"), columns=4)
    )


def _run_level() -> bytes:
    return minimal_package(
        para(run("Trước "), run("{%r if flag %}"), run("ĐẬM {{ name }}", props="<w:b/>"), run("{%r endif %}"), run(" sau"))
    )


def _nested_loops() -> bytes:
    return minimal_package(
        para("{%p for s in speeches %}")
        + para(run("{{ s.speaker }}:", props="<w:b/>"))
        + para("{%p for line in s.lines %}")
        + para("{{ loop.index }}. {{ line }}")
        + para("{%p endfor %}")
        + para("{%p endfor %}")
        + table(
            row("{%tr for s in speeches %}"),
            row("{{ s.speaker }}: {% for line in s.lines %}{{ line }}; {% endfor %}"),
            row("{%tr endfor %}"),
            columns=1,
        )
    )


def _whitespace_control() -> bytes:
    return minimal_package(
        para("Mở đầu {%- if flag -%}")
        + para(" có cờ {{ name }} ")
        + para("{%- endif -%} kết thúc")
        + para("Danh sách:{%- for item in items %} {{ item }}{% endfor -%}")
        + para("Hết")
    )


def _rich_text() -> bytes:
    return minimal_package(
        para("Ý kiến: ", run("{{r rich }}"), run(" — xong")) + para("{{p rich_paragraph }}") + para("Cuối")
    )


def _listing() -> bytes:
    return minimal_package(
        para("{{ listing }}")
        + para(run("Ghi chú: {{ note }}", props="<w:i/>"), props='<w:jc w:val="both"/>')
        + table(row("{{ name }}"), columns=1)
    )


def _colspan() -> bytes:
    return minimal_package(table(row(cell("{% colspan span %}Gộp {{ name }}"), "x", "y"), row("1", "2", "3"), columns=3))


def _nested_tables() -> bytes:
    inner = table(row("{%tc for c in columns %}", "{{ c }}", "{%tc endfor %}"), columns=3, width=1000)
    outer = table(
        row(cell("Ngoài", inner, "<w:p/>"), "Tiêu đề"),
        row("{%tr for m in members %}", ""),
        row("{{ m.name }}", "{{ m.role }}"),
        row("{%tr endfor %}", ""),
        columns=2,
    )
    static = table(row("Nơi nhận", "Ký tên"), columns=3)  # one grid column too many, fixed in every document
    return minimal_package(outer + para("giữa") + static + outer)


def _comment_in_body() -> bytes:
    # A comment could hide table tags from a text scan: this body takes docxtpl's whole-tree way.
    return minimal_package(para("{{ name }}") + "<!-- <w:tbl> -->" + table(row("{{ title }}", "b"), columns=3))


def _vertical_merge() -> bytes:
    return minimal_package(
        table(
            row("{%tr for m in members %}", ""),
            row("{% vm %}{{ title }}", "{{ m.name }}"),
            row("{%tr endfor %}", ""),
            columns=2,
        )
    )


def _horizontal_merge() -> bytes:
    return minimal_package(
        table(
            row("{%tc for c in columns %}", "{% hm %}{{ title }}", "{%tc endfor %}"),
            row("{%tc for c in columns %}", "{{ c }}", "{%tc endfor %}"),
            columns=3,
        )
    )


def _cell_background() -> bytes:
    return minimal_package(table(row("{% cellbg color %}{{ name }}", "Thường"), columns=2))


def _headers_footers() -> bytes:
    header = (
        para(run("{{ ti"), '<w:proofErr w:type="spellStart"/>', run("tle }}"), run(" — trang "))
        + '<w:p><w:fldSimple w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple></w:p>'
    )
    footer = para("Người lập: {{ name }}") + para("{%p for item in items %}") + para("{{ item }}") + para("{%p endfor %}")
    return minimal_package(para("Thân {{ name }}"), header=header, footer=footer)


def _footnotes() -> bytes:
    body = para(run("Có chú thích"), '<w:r><w:footnoteReference w:id="1"/></w:r>')
    footnote = '<w:footnote w:id="1">' + para("Chú thích: {{ note }} / {{ name }}") + "</w:footnote>"
    return minimal_package(body, footnotes=footnote)


def _core_properties() -> bytes:
    return minimal_package(para("{{ name }}"), title="{{ title }}", subject="Họp {{ name }}")


def _untagged() -> bytes:
    # docxtpl fits table grids to rows even without tags: this grid has a column too many.
    return minimal_package(para("Không có thẻ nào") + table(row("a", "b"), columns=3), header=para("Đầu trang"))


def _stale_content_types() -> bytes:
    # What editing a package by hand leaves: a type declared for a part since removed, a Default for an
    # extension no part has, and a member nothing relates (python-docx, hence docxtpl, drops it).
    declared_gone = (
        b'<Override PartName="/word/glossary/document.xml" ContentType="application/vnd.'
        b'openxmlformats-officedocument.wordprocessingml.document.glossary+xml"/>'
        b'<Default Extension="png" ContentType="image/png"/></Types>'
    )
    members = [(m.name, unpack(m)) for m in read_members(minimal_package(para("Xin chào {{ name }}")))]
    members = [
        (name, data.replace(b"</Types>", declared_gone) if name == "[Content_Types].xml" else data) for name, data in members
    ]
    return write_package(members + [("word/orphan.xml", b"<orphan/>")])


def tiny_png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    pixels = zlib.compress(b"\x00\xff\x00\x00" * 2)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 2, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", pixels)
        + chunk(b"IEND", b"")
    )


def _python_docx_made() -> bytes:
    document = docx.Document()
    document.add_heading("Biên bản {{ title }}", level=1)
    document.add_paragraph("Chủ trì: {{ name }}", style="List Bullet")
    document.add_paragraph("{%p for item in items %}")
    document.add_paragraph("{{ item }}", style="List Number")
    document.add_paragraph("{%p endfor %}")
    grid = document.add_table(rows=3, cols=2)
    grid.style = "Table Grid"
    grid.cell(0, 0).text, grid.cell(0, 1).text = "{%tr for m in members %}", ""
    grid.cell(1, 0).text, grid.cell(1, 1).text = "{{ m.name }}", "{{ m.role }}"
    grid.cell(2, 0).text, grid.cell(2, 1).text = "{%tr endfor %}", ""
    document.add_picture(io.BytesIO(tiny_png()), width=Mm(10))
    document.add_picture(io.BytesIO(tiny_png()), width=Mm(5))
    document.sections[0].header.paragraphs[0].text = "{{ title }}"
    document.sections[0].footer.paragraphs[0].text = "static footer"
    output = io.BytesIO()
    document.save(output)
    return output.getvalue()


TEMPLATES = {
    "run_tags": _run_tags,
    "split_runs": _split_runs,
    "paragraph_tags": _paragraph_tags,
    "table_rows": _table_rows,
    "table_cells_grid_fix": _table_cells,
    "run_level_tags": _run_level,
    "nested_loops": _nested_loops,
    "whitespace_control": _whitespace_control,
    "rich_text": _rich_text,
    "listing_and_control_characters": _listing,
    "nested_tables": _nested_tables,
    "comment_in_body": _comment_in_body,
    "colspan": _colspan,
    "vertical_merge": _vertical_merge,
    "horizontal_merge": _horizontal_merge,
    "cell_background": _cell_background,
    "headers_footers": _headers_footers,
    "footnotes": _footnotes,
    "core_properties": _core_properties,
    "untagged_with_grid_fix": _untagged,
    "python_docx_made": _python_docx_made,
    "stale_content_types": _stale_content_types,
}


@functools.cache
def template(feature: str) -> bytes:
    return TEMPLATES[feature]()


_TEXTS = {
    "ascii": ("Nguyen Van A", "Bien ban hop", "ghi chu", ["one", "two", "three"]),
    "markup": (
        "A & B <C> \"q\" 's'",
        "<b>not bold</b> & {{ not a tag }}",
        "x < y > z &amp; '\"",
        ["<w:p>", "&", '"quoted"', "it's"],
    ),
    "controls": ("line one\nline two", "tab\there", "para\aNext para\fNew page\nend", ["a\tb", "c\nd", "e\af", "g\fh"]),
    "vietnamese": (
        "Đồng chí Nguyễn Thị Hương",
        "Nghị quyết chi bộ tháng 5",
        "Ý kiến phát biểu: đề nghị bổ sung nội dung về công tác phát triển đảng viên",
        ["Trần Văn Đức", "Lê Thị Ánh Tuyết", "Phạm Quốc Việt"],
    ),
    "empty": ("", "", "", []),
}

CONTEXT_LABELS = tuple(_TEXTS)


def make_context(label: str) -> dict:
    """A fresh context: RichText and Listing are built per render, as a caller would."""
    name, title, note, items = _TEXTS[label]
    rich = RichText(name, bold=True, color="#C00000")
    rich.add(" / " + title, italic=True, underline="single")
    return {
        "name": name,
        "title": title,
        "note": note,
        "flag": bool(items),
        "items": items,
        "members": [{"name": item, "role": f"{title} {index}"} for index, item in enumerate(items)],
        "speeches": [{"speaker": item, "lines": items[: index + 1]} for index, item in enumerate(items)],
        "columns": items,
        "color": "FFE599",
        "span": 2,
        "rich": rich,
        "rich_paragraph": RichTextParagraph(rich),
        "listing": Listing(note),
    }
