"""docxtpl's fixes to a rendered body (table grids, drawing ids), table by table.

DocxTemplate.render parses the whole rendered body, fits every table's grid to
its rows (fix_tables) and renumbers drawing ids (fix_docpr_ids). Building
that tree and serializing it again costs several Jinja renders, so the engine
fixes one top-level table at a time: each table's fix only reads and writes
that table's own grid and rows, so fixing tables one by one gives docxtpl's
result. Bodies this scanning cannot read safely (comments, CDATA, processing
instructions, self-closed tables) and bodies with drawings take docxtpl's
whole-tree way.

What fix_tables does to a table depends only on its grid and on each row's
cells with their gridSpan values. When every tag of a render comes from the
template's own text (a render wellformed.py vouches for), and the template
has none of the markup that hides rows or cells from a plain count, that
shape is read by counting tags, and docxtpl fixes a small table of the same
shape once; a {%tr for %} table then costs a few searches per row instead of
a parse and a serialization. Other tables are handed to fix_tables as they
are, and a table that comes out of Jinja the same in every document (the
heading block, the signatures) is fixed once. The text is searched as UTF-8
bytes, which is much faster than searching text with Vietnamese letters;
tags are ASCII.
"""

from __future__ import annotations

import functools
import re

from lxml import etree

from . import docxtpl_cleanup

_TABLE_START = re.compile(rb"<w:tbl[ >/]")
_SLASH = ord("/")
_TABLE_CLOSE = b"</w:tbl>"
_BODY_CLOSE = b"</w:body>"
_ROW_START = re.compile(rb"<w:tr[ >/]")
_CELL_START = re.compile(rb"<w:tc[ >/]")
_CELL_STARTS = (b"<w:tc>", b"<w:tc ", b"<w:tc/")
_CELL_CLOSE = b"</w:tc>"
_SELF_CLOSED_CELL = re.compile(r"<w:tc(?: [^>]*)?/>")
_GRID, _GRID_CLOSE, _GRID_SPAN = b"<w:tblGrid", b"</w:tblGrid>", b"<w:gridSpan"
_CELL_PROPERTIES, _CELL_PROPERTIES_CLOSE = b"<w:tcPr", b"</w:tcPr>"
# Drawings need their ids renumbered; comments, CDATA and processing instructions may hide tags.
# Each mark is only looked for when its rarer second byte occurs: one-byte searches are the fast ones.
_WHOLE_TREE_MARKS = ((b"docPr", b"docPr"), (b"!", b"<!"), (b"?", b"<?"))
# Markup that puts rows or cells out of a plain count's reach: content controls and custom XML
# wrap them, alternate content may too, and tracked property changes hold a second tcPr or tblGrid.
_HIDING_MARKS = ("<w:sdt", "<w:customXml", "<mc:", "Change")
_REMEMBERED_TABLES = 64
_REMEMBERED_GRIDS = 256


class BodyFixer:
    """Applies docxtpl's post-render fixes to the bodies rendered from one template."""

    def __init__(self, body_open_tag: bytes, jinja_source: str):
        self._open = body_open_tag
        self._template_needs_whole_tree = any(mark.decode() in jinja_source for _, mark in _WHOLE_TREE_MARKS)
        self._template_shapes_countable = not any(mark in jinja_source for mark in _HIDING_MARKS)
        self._cells_self_close = _SELF_CLOSED_CELL.search(jinja_source) is not None
        self._fixed_table = functools.lru_cache(maxsize=_REMEMBERED_TABLES)(self._fix_table)
        self._fixed_grid = functools.lru_cache(maxsize=_REMEMBERED_GRIDS)(self._fix_grid)

    def fix(self, rendered: bytes, markup_from_template: bool) -> bytes:
        """The rendered, well-formed body as docxtpl's fixes leave it (equal after canonicalization).

        `markup_from_template` says every tag in `rendered` comes from the
        template's text, so markup the template lacks, the render lacks.
        """
        if markup_from_template:
            whole_tree, by_shape = self._template_needs_whole_tree, self._template_shapes_countable
        else:
            whole_tree = any(hint in rendered and mark in rendered for hint, mark in _WHOLE_TREE_MARKS)
            by_shape = False
        tables = None if whole_tree else _top_level_tables(rendered)
        if tables is None:
            return _fix_whole(rendered)
        pieces, done = [], 0
        # A table printed again in the same document (every copy of a ballot has the same ones) is fixed once.
        seen: dict[bytes, bytes] = {}
        for start, end in tables:
            table = rendered[start:end]
            fixed = seen.get(table)
            if fixed is None:
                fixed = self._fix_by_shape(table) if by_shape else None
                fixed = seen[table] = self._fixed_table(table) if fixed is None else fixed
            pieces += (rendered[done:start], fixed)
            done = end
        pieces.append(rendered[done:])
        return b"".join(pieces)

    def _fix_table(self, table: bytes) -> bytes:
        fixed = etree.tostring(docxtpl_cleanup.fix_tables(self._open + table + _BODY_CLOSE), encoding="UTF-8")
        # Only the table, without the body element wrapped around it for its namespaces.
        return fixed[fixed.index(b">") + 1 : -len(_BODY_CLOSE)]

    def _fix_by_shape(self, table: bytes) -> bytes | None:
        """The table with its grid fixed, or None when its shape cannot be read by counting tags."""
        grid = _grid_span(table)
        if grid is None or _TABLE_START.search(table, 1):  # a nested table's rows count for both grids
            return None
        start, end = grid
        if _ROW_START.search(table, 0, start):  # rows are read after the grid, where they belong
            return None
        rows = _ROW_START.split(table[end:])[1:]
        if self._cells_self_close or _GRID_SPAN in table:
            shapes = {_row_shape(row) for row in rows}
            if None in shapes:
                return None
        else:  # the common case: a cell ends with "</w:tc>" and spans one column
            shapes = {row.count(_CELL_CLOSE) for row in rows}
        fixed_grid = self._fixed_grid(table[start:end], frozenset(shapes))
        return table if fixed_grid is None else table[:start] + fixed_grid + table[end:]

    def _fix_grid(self, grid: bytes, shapes: frozenset) -> bytes | None:
        """The grid docxtpl gives a table with rows of these shapes, or None if it keeps the grid."""
        rows = b"".join(b"<w:tr>" + _cells(shape) + b"</w:tr>" for shape in shapes)
        fixed = self._fix_table(b"<w:tbl>" + grid + rows + _TABLE_CLOSE)
        start, end = _grid_span(fixed)
        return None if fixed[start:end] == grid else fixed[start:end]


def _grid_span(table: bytes) -> tuple[int, int] | None:
    """Where the table's tblGrid element starts and ends, if it has one (nested tables aside)."""
    start = table.find(_GRID)
    if start < 0:
        return None
    tag_end = table.index(b">", start) + 1
    if table[tag_end - 2 : tag_end] == b"/>":
        return start, tag_end
    return start, table.index(_GRID_CLOSE, tag_end) + len(_GRID_CLOSE)


def _row_shape(row: bytes) -> int | tuple[bytes | None, ...] | None:
    """A row as fix_tables sees it: its number of cells, or each cell's gridSpan tag when any has one.

    `row` runs from a row's start tag to the next one's. None when a gridSpan
    tag is not the usual self-closed one.
    """
    if _GRID_SPAN not in row:
        return sum(row.count(start) for start in _CELL_STARTS)
    spans = []
    for cell in _CELL_START.split(row)[1:]:
        span = _cell_span(cell)
        if span is not None and not span.endswith(b"/>"):
            return None
        spans.append(span)
    return tuple(spans)


def _cell_span(cell: bytes) -> bytes | None:
    """The gridSpan tag in a cell's own tcPr, the one fix_tables reads (nested tables never get here)."""
    properties = cell.find(_CELL_PROPERTIES)
    if properties < 0:
        return None
    contents = cell.index(b">", properties) + 1
    if cell[contents - 2 : contents] == b"/>":
        return None
    at = cell.find(_GRID_SPAN, contents, cell.index(_CELL_PROPERTIES_CLOSE, contents))
    return None if at < 0 else cell[at : cell.index(b">", at) + 1]


def _cells(shape: int | tuple[bytes | None, ...]) -> bytes:
    if isinstance(shape, int):
        return b"<w:tc/>" * shape
    return b"".join(b"<w:tc/>" if span is None else b"<w:tc><w:tcPr>" + span + b"</w:tcPr></w:tc>" for span in shape)


def _fix_whole(rendered: bytes) -> bytes:
    tree = docxtpl_cleanup.fix_tables(rendered)
    docxtpl_cleanup.fix_docpr_ids(tree)
    return etree.tostring(tree, encoding="UTF-8")


def _top_level_tables(xml: bytes) -> list[tuple[int, int]] | None:
    """(start, end) of each table not inside another one; None if a table is self-closed or not closed.
    Start tags are found by a regular expression with a literal prefix, which skips the many <w:tblPr>,
    <w:tblW>… faster than a search for "<w:tbl" stopping at each (an alternation with the end tag loses
    the prefix and is slower still)."""
    tables, position = [], 0
    while (opening := _TABLE_START.search(xml, position)) is not None:
        if _self_closed(xml, opening.start()):
            return None
        start, depth, position = opening.start(), 1, opening.end()
        while depth:
            closing = xml.find(_TABLE_CLOSE, position)
            if closing < 0:
                return None
            opening = _TABLE_START.search(xml, position, closing)
            if opening is None:
                depth, position = depth - 1, closing + len(_TABLE_CLOSE)
            elif _self_closed(xml, opening.start()):
                return None
            else:
                depth, position = depth + 1, opening.end()
        tables.append((start, position))
    return tables


def _self_closed(xml: bytes, start: int) -> bool:
    return xml[xml.index(b">", start) - 1] == _SLASH
