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
from typing import NamedTuple

from docxtpl import DocxTemplate
from jinja2 import Environment, Template, nodes
from lxml import etree

# A template object that is never loaded: only its stateless methods are used.
_DOCXTPL = DocxTemplate(None)

# render_xml_part puts every paragraph on its own line so Jinja's line numbers
# point at a paragraph, and removes the line breaks after rendering.
_PARAGRAPH_START = re.compile(r"<w:p([ >])")
# The same as render_xml_part's r"\n<w:p([ >])" -> r"<w:p\1", without expanding a template per match.
_PARAGRAPH_MARK = re.compile(rb"\n(?=<w:p[ >])")
_PARAGRAPH_MARK_TEXT = re.compile(r"\n(?=<w:p[ >])")
_ESCAPED_DELIMITERS = ((b"{_{", b"{{"), (b"}_}", b"}}"), (b"{_%", b"{%"), (b"%_}", b"%}"))
# resolve_listing only rewrites these characters; without them it returns its input.
_OTHER_LISTING_CHARACTERS = (b"\t", b"\a", b"\f")
_LISTING_CHARACTERS = (b"\n", *_OTHER_LISTING_CHARACTERS)
_PARAGRAPH_END = b"</w:p>"
# resolve_listing's patterns and its replacement for "\n", as bytes: no pattern byte occurs inside
# a multi-byte UTF-8 character, so they match what they match in the text.
_LISTING_PARAGRAPH = re.compile(rb"<w:p(?: [^>]*)?>.*?</w:p>", re.DOTALL)
_LISTING_RUN = re.compile(rb"<w:r(?: [^>]*)?>.*?</w:r>", re.DOTALL)
_LISTING_TEXT = re.compile(rb"<w:t(?: [^>]*)?>.*?</w:t>", re.DOTALL)
_LINE_BREAK = b'</w:t><w:br/><w:t xml:space="preserve">'
_TEXT_END = b"</w:t>"
# The start of a match of resolve_listing's paragraph pattern, and any paragraph tag at all.
_PARAGRAPH_OPEN = re.compile(rb"<w:p(?: [^>]*)?>")
_ANY_PARAGRAPH_TAG = re.compile(rb"<w:p[ >/]")

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


class Finished(NamedTuple):
    """A rendered part as render_xml_part leaves it, and what its listing resolution rewrote.

    `rewritten` holds each paragraph resolve_listing rewrote in a way not
    known to keep the markup balanced (line breaks in the plain text of a w:t
    are), as it reads after the rewrite, when every such rewrite replaced one
    whole w:p element; it is None when a rewrite touched anything else, which
    only a check of the whole part can clear.
    """

    xml: bytes
    rewritten: list[bytes] | None


def unmarked_template(env: Environment, jinja_source: str) -> Template | None:
    """The part's template with the paragraph marks to_jinja_source added taken out of its text.

    Its output needs no search for the marks (finish(..., marked=False)) and
    equals docxtpl's when every value printed as plain escaped text and every
    tag of the output is template text (a template wellformed.py proves):
    each paragraph tag of the output then had its mark right before it in
    the same text, unless whitespace control took the mark away, so such
    templates get None. Errors keep docxtpl's line numbers: the syntax tree
    keeps them.
    """
    ends = (env.block_end_string, env.variable_end_string, env.comment_end_string)
    if env.trim_blocks or any("-" + end in jinja_source for end in ends):
        return None
    tree = env.parse(jinja_source)
    for data in tree.find_all(nodes.TemplateData):
        data.data = _PARAGRAPH_MARK_TEXT.sub("", data.data)
    return env.from_string(tree)


def finish(rendered: str, *, marked: bool = True) -> Finished:
    """What render_xml_part returns for Jinja's output, encoded as UTF-8.

    `marked` is False for the output of an unmarked_template. The work is
    done on the encoded text: searching bytes is much faster than searching
    text with Vietnamese letters in it, and every cut made below falls on an
    ASCII tag, so no character is split.
    """
    xml = rendered.encode("utf-8")
    if marked:
        xml = _PARAGRAPH_MARK.sub(b"", xml)
    if b"_" in xml:  # a one-byte search rules out all four escapes at once
        for escaped, delimiter in _ESCAPED_DELIMITERS:
            xml = xml.replace(escaped, delimiter)
    return resolve_listing(xml)


def resolve_listing(xml: bytes) -> Finished:
    """docxtpl's resolve_listing, applied only to the paragraphs that hold a listing character.

    resolve_listing is one re.sub whose matches run from a paragraph start to
    the next "</w:p>", so no match crosses the point just after a "</w:p>":
    cutting there and substituting piece by piece gives the same result, and a
    piece without listing characters comes back unchanged. Most documents
    have a few such paragraphs among hundreds, and the rest are skipped.
    """
    pieces, rewritten, done = [], [], 0
    next_at = {character: xml.find(character) for character in _LISTING_CHARACTERS}
    while any(at >= 0 for at in next_at.values()):
        first = min(at for at in next_at.values() if at >= 0)
        start = xml.rfind(_PARAGRAPH_END, done, first)
        start = done if start < 0 else start + len(_PARAGRAPH_END)
        end = xml.find(_PARAGRAPH_END, first)
        end = len(xml) if end < 0 else end + len(_PARAGRAPH_END)
        piece = xml[start:end]
        if any(character in piece for character in _OTHER_LISTING_CHARACTERS):
            resolved, balanced = _DOCXTPL.resolve_listing(piece.decode("utf-8")).encode("utf-8"), False
        else:
            resolved, balanced = _resolve_line_breaks(piece)
        if resolved != piece and not balanced and rewritten is not None:
            paragraph = _whole_paragraph(piece, resolved)
            rewritten = None if paragraph is None else rewritten + [paragraph]
        pieces += (xml[done:start], resolved)
        done = end
        next_at = {c: at if at < 0 or at >= done else xml.find(c, done) for c, at in next_at.items()}
    if not pieces:
        return Finished(xml, [])
    pieces.append(xml[done:])
    return Finished(b"".join(pieces), rewritten)


def _resolve_line_breaks(piece: bytes) -> tuple[bytes, bool]:
    """resolve_listing for a piece whose only listing character is "\n", and whether every
    break it put in stands in the plain text of a w:t element, where it keeps the markup balanced.

    With "\n" alone resolve_listing needs no run or paragraph properties: it
    replaces each "\n" in each w:t match inside a run match inside a paragraph
    match. This is the common case (a value with several lines), and doing it
    with compiled patterns on bytes is several times faster than docxtpl's
    function; test_docxtpl_cleanup.py compares the two on random markup.
    """
    balanced = True

    def text(match: re.Match) -> bytes:
        nonlocal balanced
        element = match.group()
        if b"\n" not in element:
            return element
        content = element.index(b">") + 1
        if (
            b"\n" in element[:content]
            or element[content - 2 : content] == b"/>"
            or b"<" in element[content : -len(_TEXT_END)]
        ):
            balanced = False
        return element.replace(b"\n", _LINE_BREAK)

    def run(match: re.Match) -> bytes:
        return _LISTING_TEXT.sub(text, match.group())

    resolved = _LISTING_PARAGRAPH.sub(lambda paragraph: _LISTING_RUN.sub(run, paragraph.group()), piece)
    return resolved, balanced


def _whole_paragraph(piece: bytes, resolved: bytes) -> bytes | None:
    """What replaced the one paragraph element resolve_listing matched in `piece`, if it was one.

    A piece holds one "</w:p>", at its end; resolve_listing's match runs to it
    from the first paragraph start tag. That match is a whole element unless
    the start tag closes itself or another paragraph starts inside it.
    """
    opening = _PARAGRAPH_OPEN.search(piece)
    if (
        opening is None
        or opening.group().endswith(b"/>")
        or not piece.endswith(_PARAGRAPH_END)
        or _ANY_PARAGRAPH_TAG.search(piece, opening.end())
        or resolved[: opening.start()] != piece[: opening.start()]
    ):
        return None
    return resolved[opening.start() :]


def fix_tables(body_xml: bytes) -> etree._Element:
    """Parse a rendered body and fit each table's grid to its cells, as docxtpl does.

    docxtpl parses in recover mode here; callers check well-formedness first.
    """
    return _DOCXTPL.fix_tables(body_xml)


def fix_docpr_ids(body: etree._Element) -> None:
    """Renumber drawing ids in a rendered body the way DocxTemplate.render does."""
    numbering = DocxTemplate(None)
    numbering.docx_ids_index = _FIRST_DOCPR_ID
    numbering.fix_docpr_ids(body)
