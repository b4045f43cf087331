"""docxtpl's own clean-up steps, callable one at a time.

The engine must produce what docxtpl produces, so it reuses docxtpl's functions
instead of re-deriving them. DocxTemplate only offers them as methods of a
template that renders everything in one go; this adapter calls them on a bare
instance (they use no instance state except the docPr counter) and mirrors the
few lines of render_xml_part that surround the Jinja call, which docxtpl does
not expose on their own. tests/render/test_docxtpl_cleanup.py holds the mirror
to docxtpl's behaviour.
"""
from __future__ import annotations

import re

from docxtpl import DocxTemplate
from lxml import etree

# A template object that is never loaded: only its stateless methods are used.
_DOCXTPL = DocxTemplate(None)

# render_xml_part puts every paragraph on its own line so Jinja's line numbers
# point at a paragraph, and removes the line breaks after rendering.
_PARAGRAPH_START = re.compile(r"<w:p([ >])")
_MARKED_PARAGRAPH_START = re.compile(r"\n<w:p([ >])")
_ESCAPED_DELIMITERS = (("{_{", "{{"), ("}_}", "}}"), ("{_%", "{%"), ("%_}", "%}"))
# resolve_listing only rewrites these characters; without them it returns its input.
_LISTING_CHARACTERS = ("\n", "\t", "\a", "\f")

# The core properties DocxTemplate.render_properties renders, in its order.
CORE_PROPERTY_NAMES = ("author", "comments", "identifier", "language", "subject", "title")
# render_init's starting value for the docPr renumbering.
_FIRST_DOCPR_ID = 1000


def patch(xml: str) -> str:
    """Merge tags split across runs and apply docxtpl's tag shorthands (p, tr, tc, r, vm, ...)."""
    return _DOCXTPL.patch_xml(xml)


def to_jinja_source(patched_xml: str) -> str:
    """The Jinja source docxtpl compiles for a patched part."""
    return _PARAGRAPH_START.sub(r"\n<w:p\1", patched_xml)


def finish(rendered: str) -> str:
    """What render_xml_part returns for Jinja's output."""
    xml = _MARKED_PARAGRAPH_START.sub(r"<w:p\1", rendered)
    for escaped, delimiter in _ESCAPED_DELIMITERS:
        xml = xml.replace(escaped, delimiter)
    if any(character in xml for character in _LISTING_CHARACTERS):
        xml = _DOCXTPL.resolve_listing(xml)
    return xml


def fix_tables(body_xml: str) -> etree._Element:
    """Parse a rendered body and fit each table's grid to its cells, as docxtpl does.

    docxtpl parses in recover mode here; callers check well-formedness first.
    """
    return _DOCXTPL.fix_tables(body_xml)


def fix_docpr_ids(body: etree._Element) -> None:
    """Renumber drawing ids in a rendered body the way DocxTemplate.render does."""
    numbering = DocxTemplate(None)
    numbering.docx_ids_index = _FIRST_DOCPR_ID
    numbering.fix_docpr_ids(body)
