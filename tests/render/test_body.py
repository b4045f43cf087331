"""Table grids fixed table by table, and by shape, equal docxtpl's fix_tables on the whole body."""

from __future__ import annotations

import pytest
from docxtpl import DocxTemplate
from hypothesis import given, settings, strategies as st
from lxml import etree

from service.render import docxtpl_cleanup
from service.render.body import BodyFixer
from service.render.engine import CompiledTemplate

from .differential import canonical, differences, docxtpl_render
from .packages import NAMESPACES, cell, minimal_package, para, row, table

BODY_OPEN = f"<w:body {NAMESPACES}>"

_CELLS = st.one_of(
    st.just('<w:tc><w:tcPr><w:tcW w:w="100" w:type="dxa"/></w:tcPr><w:p/></w:tc>'),
    st.just("<w:tc/>"),
    st.just("<w:tc><w:tcPr/><w:p/></w:tc>"),
    st.just('<w:tc w:id="7"><w:p/></w:tc>'),
    st.integers(0, 4).map(lambda n: f'<w:tc><w:tcPr><w:tcW w:w="9"/><w:gridSpan w:val="{n}"/></w:tcPr><w:p/></w:tc>'),
    # A gridSpan outside tcPr is not one fix_tables reads.
    st.just('<w:tc><w:tcPr/><w:p/><w:gridSpan w:val="3"/></w:tc>'),
    # Markup that hides a cell or a gridSpan from fix_tables: a content control, a tracked change.
    st.just("<w:sdt><w:sdtContent><w:tc><w:p/></w:tc></w:sdtContent></w:sdt>"),
    st.just(
        '<w:tc><w:tcPr><w:tcPrChange w:id="1"><w:tcPr><w:gridSpan w:val="4"/></w:tcPr></w:tcPrChange></w:tcPr><w:p/></w:tc>'
    ),
    st.just('<w:tc><w:tcPr><w:tcW w:w="9"/></w:tcPr><w:p/><w:gridSpan w:val="3"/></w:tc>'),
)
_ROWS = st.one_of(
    st.tuples(
        st.sampled_from(["<w:tr>", '<w:tr w:rsidR="00AB">', "<w:tr><w:trPr><w:cantSplit/></w:trPr>"]),
        st.lists(_CELLS, max_size=5),
    ).map(lambda r: r[0] + "".join(r[1]) + "</w:tr>"),
    st.just("<w:tr/>"),
)
_GRIDS = st.lists(st.integers(0, 3000), max_size=5).map(
    lambda widths: (
        "<w:tblGrid>" + "".join(f'<w:gridCol w:w="{w}"/>' for w in widths) + "</w:tblGrid>" if widths else "<w:tblGrid/>"
    )
)


def _table(grid: str, rows: list[str], nested: str = "", rows_before_grid: int = 0) -> str:
    if nested and rows:
        rows = [rows[0].replace("<w:p/></w:tc>", nested + "<w:p/></w:tc>", 1)] + rows[1:]
    return "<w:tbl><w:tblPr/>" + "".join(rows[:rows_before_grid]) + grid + "".join(rows[rows_before_grid:]) + "</w:tbl>"


_TABLES = st.builds(
    _table,
    _GRIDS,
    st.lists(_ROWS, max_size=6),
    st.one_of(st.just(""), st.builds(_table, _GRIDS, st.lists(_ROWS, max_size=3))),
    st.sampled_from([0, 0, 0, 1]),
)  # a row before the grid: out of order, but fix_tables reads it


def _docxtpl_fix(body: bytes) -> bytes:
    return canonical(etree.tostring(DocxTemplate(None).fix_tables(body)))


@settings(max_examples=300, deadline=None)
@given(tables=st.lists(_TABLES, min_size=1, max_size=3), markup_from_template=st.booleans())
def test_tables_fixed_one_by_one_equal_docxtpl_fixing_the_body(tables, markup_from_template):
    body = (BODY_OPEN + "<w:p/>".join(tables) + "<w:sectPr/></w:body>").encode("utf-8")
    fixer = BodyFixer(BODY_OPEN.encode("utf-8"), body.decode("utf-8"))
    try:
        expected = _docxtpl_fix(body)
    except (TypeError, ValueError, ZeroDivisionError) as docxtpl_error:  # a grid fix_tables cannot handle
        with pytest.raises(type(docxtpl_error)):
            fixer.fix(body, markup_from_template)
        return
    assert canonical(fixer.fix(body, markup_from_template)) == expected


def test_a_row_before_the_grid_still_counts():
    fixer = BodyFixer(BODY_OPEN.encode("utf-8"), "")
    grid = '<w:tblGrid><w:gridCol w:w="3000"/><w:gridCol w:w="3000"/></w:tblGrid>'
    body = (BODY_OPEN + _table(grid, [row("a", "b", "c", "d"), row("e")], rows_before_grid=1) + "</w:body>").encode("utf-8")
    assert canonical(fixer.fix(body, True)) == _docxtpl_fix(body)


def _row_loop_template() -> bytes:
    return minimal_package(
        table(
            row("STT", "Họ tên", "Chức vụ"),
            row("{%tr for m in members %}", "", ""),
            row("{{ loop.index }}", "{{ m.name }}", "{{ m.role }}"),
            row("{%tr endfor %}", "", ""),
            columns=4,
        )
    )  # a grid column too many: every document's grid is fixed


def test_a_row_loop_table_is_fixed_by_its_shape_once(monkeypatch):
    compiled = CompiledTemplate(_row_loop_template())
    calls = []
    real_fix = docxtpl_cleanup.fix_tables
    monkeypatch.setattr(docxtpl_cleanup, "fix_tables", lambda xml: calls.append(xml) or real_fix(xml))
    documents = [
        compiled.render({"members": [{"name": f"Đồng chí {n}-{k}", "role": "Đảng viên"} for k in range(count)]})
        for n, count in enumerate((3, 12, 7, 30))
    ]
    assert len(calls) == 1  # one small table of the same shape, not one parse per document
    assert len(set(documents)) == 4


def test_markup_from_values_is_not_trusted_to_have_the_template_shape():
    # A row the template does not have, printed through |safe: the fix must see it.
    source = minimal_package(table(row("{{ extra|safe }}"), columns=1))
    extra = "</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>thêm"
    compiled = CompiledTemplate(source)
    assert differences(compiled.render({"extra": extra}), docxtpl_render(source, {"extra": extra})) == []


@pytest.mark.parametrize(
    "rows",
    [
        (row(cell("a", props='<w:gridSpan w:val="2"/>'), "b"), row("c", "d", "e")),
        # fix_tables only reads a gridSpan in the cell's own tcPr: this row spans 2 columns, not 4.
        (row('<w:tc><w:tcPr><w:tcW w:w="9"/></w:tcPr><w:p/><w:gridSpan w:val="3"/></w:tc>', "b"),),
    ],
)
def test_gridspan_cells_keep_their_spans_in_the_shape(rows):
    fixer = BodyFixer(BODY_OPEN.encode("utf-8"), "")
    body = (BODY_OPEN + table(*rows, columns=4) + para("x") + "</w:body>").encode("utf-8")
    assert canonical(fixer.fix(body, True)) == _docxtpl_fix(body)


@pytest.mark.parametrize(
    "xml, expected",
    [
        (b"<w:p/>", []),
        (b"<w:tbl><w:tblPr/><w:tblGrid/></w:tbl>", [(0, 37)]),
        # <w:tblPr>, <w:tblW>… are no tables; a nested table belongs to the one around it.
        (b"<w:p/><w:tbl><w:tr><w:tc><w:tbl><w:tblW/></w:tbl></w:tc></w:tr></w:tbl><w:tbl ></w:tbl>", [(6, 71), (71, 87)]),
        (b"<w:tbl/>", None),
        (b'<w:tbl w:x="1" />', None),
        (b"<w:tbl><w:tr>", None),
    ],
)
def test_top_level_tables(xml, expected):
    from service.render.body import _top_level_tables

    assert _top_level_tables(xml) == expected
    if expected:
        assert all(xml[start:end].startswith(b"<w:tbl") and xml[start:end].endswith(b"</w:tbl>") for start, end in expected)
