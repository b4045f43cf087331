"""docxtpl's fixes to a rendered body (table grids, drawing ids), table by table.

DocxTemplate.render parses the whole rendered body, fits every table's grid to
its rows (fix_tables) and renumbers drawing ids (fix_docpr_ids). Building
that tree and serializing it again costs several Jinja renders, so the
engine hands docxtpl's fix_tables one top-level table at a time and
remembers the result: a table that comes out of Jinja the same in every
document (the heading block, the signatures) is fixed once. Each table's fix
only reads and writes that table's own grid and rows, so fixing tables one by
one gives docxtpl's result. Bodies this scanning cannot read safely (comments,
CDATA, processing instructions, self-closed tables) and bodies with drawings
take docxtpl's whole-tree way. The text is searched as UTF-8 bytes, which is
much faster than searching text with Vietnamese letters; tags are ASCII.
"""
from __future__ import annotations

import functools

from lxml import etree

from . import docxtpl_cleanup

_TABLE_OPEN = b"<w:tbl"
_TABLE_CLOSE = b"</w:tbl>"
_BODY_CLOSE = b"</w:body>"
# Drawings need their ids renumbered; comments, CDATA and processing instructions may hide tags.
# Each mark is only looked for when its rarer second byte occurs: one-byte searches are the fast ones.
_WHOLE_TREE_MARKS = ((b"docPr", b"docPr"), (b"!", b"<!"), (b"?", b"<?"))
_REMEMBERED_TABLES = 64


class BodyFixer:
    """Applies docxtpl's post-render fixes to the bodies rendered from one template."""

    def __init__(self, body_open_tag: bytes):
        self._open = body_open_tag
        self._fixed_table = functools.lru_cache(maxsize=_REMEMBERED_TABLES)(self._fix_table)

    def fix(self, rendered: bytes) -> bytes:
        """The rendered, well-formed body as docxtpl's fixes leave it (equal after canonicalization)."""
        if any(hint in rendered and mark in rendered for hint, mark in _WHOLE_TREE_MARKS):
            return _fix_whole(rendered)
        tables = _top_level_tables(rendered)
        if tables is None:
            return _fix_whole(rendered)
        pieces, done = [], 0
        for start, end in tables:
            pieces.append(rendered[done:start])
            pieces.append(self._fixed_table(rendered[start:end]))
            done = end
        pieces.append(rendered[done:])
        return b"".join(pieces)

    def _fix_table(self, table: bytes) -> bytes:
        fixed = etree.tostring(docxtpl_cleanup.fix_tables(self._open + table + _BODY_CLOSE), encoding="UTF-8")
        # Only the table, without the body element wrapped around it for its namespaces.
        return fixed[fixed.index(b">") + 1:-len(_BODY_CLOSE)]


def _fix_whole(rendered: bytes) -> bytes:
    tree = docxtpl_cleanup.fix_tables(rendered)
    docxtpl_cleanup.fix_docpr_ids(tree)
    return etree.tostring(tree, encoding="UTF-8")


def _top_level_tables(xml: bytes) -> list[tuple[int, int]] | None:
    """(start, end) of each table not inside another one; None if a table is self-closed."""
    tables, position = [], 0
    while (start := _next_table_open(xml, position)) >= 0:
        depth, position = 1, start + len(_TABLE_OPEN)
        if xml[position:position + 1] == b"/":
            return None
        while depth:
            opening, closing = _next_table_open(xml, position), xml.find(_TABLE_CLOSE, position)
            if 0 <= opening < closing:
                depth, position = depth + 1, opening + len(_TABLE_OPEN)
            else:
                depth, position = depth - 1, closing + len(_TABLE_CLOSE)
        tables.append((start, position))
    return tables


def _next_table_open(xml: bytes, position: int) -> int:
    # "<w:tbl" also starts "<w:tblPr", "<w:tblGrid"...: a table starts with "<w:tbl>", "<w:tbl " or "<w:tbl/".
    while (found := xml.find(_TABLE_OPEN, position)) >= 0:
        if xml[found + len(_TABLE_OPEN):found + len(_TABLE_OPEN) + 1] in (b" ", b">", b"/"):
            return found
        position = found + len(_TABLE_OPEN)
    return -1
