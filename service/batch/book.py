"""One printable book per cell: its documents merged into a single DOCX, each in a section of its own that
starts on a new page and numbers its pages from 1, keeping its own first-page and page-number headers.

A section that names no header or footer of some kind (first page, even pages) inherits the previous section's
in Word and LibreOffice: the first voting slip would carry the previous self-review's form code. So every section
of a book names all six — its document's own, and an empty part where the document has none.

Every document of a batch comes from this service's templates, which share one styles part, one settings
part, no numbering, images, notes or bookmarks, and a body whose last child is the section properties. The
merge relies on that and refuses (BookError) a document whose parts differ, instead of merging it wrongly. Bodies
are moved as text between the body's start tag and its final sectPr: parsing and re-serializing every
document with lxml measured 0.6 ms each, as much as rendering it, and would halve a batch's speed; only the
small sectPr is edited as a tree. docxcompose does the general case and is not needed here.
"""

from __future__ import annotations

import functools
from typing import Sequence

from lxml import etree

from service.formats.ooxml import (
    PKG_REL_NS,
    R_NS,
    REL_FOOTER,
    REL_HEADER,
    REL_SETTINGS,
    REL_STYLES,
    W_NS,
    ParagraphStyle,
    content_types,
    core_properties,
    header,
    paragraph,
    relationships,
)
from service.render.package import Member, pack, pack_rendered, read_members, unpack, write_members

DOCUMENT, DOCUMENT_RELS = "word/document.xml", "word/_rels/document.xml.rels"
STYLES, SETTINGS = "word/styles.xml", "word/settings.xml"
ROOT_RELS, APP = "_rels/.rels", "docProps/app.xml"
_BODY_END = b"</w:body></w:document>"
# Markup whose ids or references must be unique or resolved within one document, so that bodies holding it
# cannot be concatenated as text. The built templates have none (tests/batch/test_book.py checks every kind a
# batch renders): searching each document for it would cost as much as the rest of the merge.
UNMERGEABLE = (
    "<w:bookmarkStart",
    "<wp:docPr",
    "<w:footnoteReference",
    "<w:endnoteReference",
    "<w:commentReference",
    "w14:paraId",
    "<w:numPr",
)
# Children of w:sectPr in schema order (ECMA-376 CT_SectPr), to insert type and pgNumType where they belong.
_SECTION_ORDER = (
    "headerReference",
    "footerReference",
    "footnotePr",
    "endnotePr",
    "type",
    "pgSz",
    "pgMar",
    "paperSrc",
    "pgBorders",
    "lnNumType",
    "pgNumType",
    "cols",
    "formProt",
    "vAlign",
    "noEndnote",
    "titlePg",
    "textDirection",
    "bidi",
    "rtlGutter",
    "docGrid",
    "printerSettings",
    "sectPrChange",
)
# The paragraph that carries a section break: one point high, so it never adds a page of its own.
_BREAK = (
    b'<w:p><w:pPr><w:spacing w:before="0" w:after="0" w:line="20" w:lineRule="exact"/>'
    b'<w:rPr><w:sz w:val="2"/><w:szCs w:val="2"/></w:rPr>%s</w:pPr></w:p>'
)
# The references every section declares, and the empty parts that stand for those its document has none of.
_REFERENCES = tuple((tag, kind) for tag in ("headerReference", "footerReference") for kind in ("default", "first", "even"))
_EMPTY = {
    "headerReference": ("rIdBookHeaderEmpty", "book-header-empty.xml", REL_HEADER, "hdr"),
    "footerReference": ("rIdBookFooterEmpty", "book-footer-empty.xml", REL_FOOTER, "ftr"),
}


class BookError(ValueError):
    """A document this merge cannot put in a book; the message says which and why (in Vietnamese)."""


class _Source:
    """One document's parts, as needed by the merge."""

    def __init__(self, document: Document, number: int):
        self.number = number
        self.members = {
            member.name: member for member in (read_members(document) if isinstance(document, bytes) else document)
        }
        for name in (ROOT_RELS, DOCUMENT, DOCUMENT_RELS, STYLES, SETTINGS, APP):
            if name not in self.members:
                raise self.error(f"thiếu phần {name}")
        text = unpack(self.members[DOCUMENT])
        self.prefix, self.body, self.section = _split(text, self)
        self.headers = self._headers()

    def error(self, reason: str) -> BookError:
        return BookError(f"Văn bản thứ {self.number} không ghép được vào tập in: {reason}.")

    def _headers(self) -> dict[str, bytes]:
        """rId → header content; any relationship other than styles, settings and headers is refused."""
        headers = {}
        for rel_id, kind, target in _relationships(self.members[DOCUMENT_RELS]):
            if kind in (REL_STYLES, REL_SETTINGS):
                continue
            part = f"word/{target}"
            if kind != REL_HEADER or part not in self.members or f"word/_rels/{target}.rels" in self.members:
                raise self.error(f"có phần {target} không ghép được")
            headers[rel_id] = _content(self.members[part])
        return headers

    def same_part(self, other: _Source, name: str) -> bool:
        mine, theirs = self.members[name], other.members[name]
        return (mine.crc, mine.size) == (theirs.crc, theirs.size)


# Documents of one template share their relationships and header parts (the very same members when they
# were just rendered): each is read once. A member's hash is its payload's, which Python computes once.
@functools.lru_cache(maxsize=64)
def _relationships(rels: Member) -> tuple[tuple[str, str, str], ...]:
    root = etree.fromstring(unpack(rels))
    return tuple((rel.get("Id"), rel.get("Type"), rel.get("Target")) for rel in root.iter(f"{{{PKG_REL_NS}}}Relationship"))


@functools.lru_cache(maxsize=64)
def _content(member: Member) -> bytes:
    return unpack(member)


def _split(text: bytes, source: _Source) -> tuple[bytes, bytes, bytes]:
    """(everything up to the body's content, the body's content, the final sectPr), as UTF-8 bytes."""
    try:
        start = text.index(b"<w:body")
        body = text.index(b">", start) + 1
        section = text.rindex(b"<w:sectPr")
    except ValueError:
        raise source.error("không có phần thân hoặc thuộc tính trang") from None
    if text[start + len(b"<w:body") : start + len(b"<w:body") + 1] not in (b" ", b">"):
        raise source.error("phần thân không đúng dạng")
    closing = text.find(b"</w:sectPr>", section)
    end = closing + len(b"</w:sectPr>") if closing >= 0 else text.index(b"/>", section) + 2
    if text[end:].strip() != _BODY_END or section < body:
        raise source.error("thuộc tính trang không ở cuối phần thân")
    return text[:body], text[body:section], text[section:end]


# A document as DOCX bytes, or as the members of one just rendered (CompiledTemplate.render_members).
Document = bytes | Sequence[Member]


def merge(documents: Sequence[Document], title: str) -> bytes:
    """The documents as one DOCX, in order, each a section from a new page numbered from 1."""
    if not documents:
        raise BookError("Tập in không có văn bản nào.")
    sources = [_Source(docx, number) for number, docx in enumerate(documents, 1)]
    first = sources[0]
    for source in sources[1:]:
        if source.prefix != first.prefix or not (source.same_part(first, STYLES) and source.same_part(first, SETTINGS)):
            raise source.error("khác kiểu định dạng với văn bản đầu tiên")
    header_names: dict[bytes, str] = {}
    sections = []
    bodies = []
    for source in sources:
        renamed = tuple(sorted((old, _header_rel(header_names, content)) for old, content in source.headers.items()))
        sections.append(_section(source.section, renamed))
        bodies.append(_inner_sections(source.body, renamed))
    body = [
        part
        for index, (text, section) in enumerate(zip(bodies, sections))
        for part in (text, _BREAK % section if index < len(sources) - 1 else section)
    ]
    document = b"".join((first.prefix, *body, _BODY_END))
    return _package(first, document, header_names, title)


def _header_rel(names: dict[bytes, str], content: bytes) -> str:
    """The book's relationship id for a header part, one part per distinct content."""
    if content not in names:
        names[content] = f"rIdBookHeader{len(names) + 1}"
    return names[content]


def _inner_sections(body: bytes, renamed: tuple[tuple[str, str], ...]) -> bytes:
    """The body with the sections it ends inside itself (a ballot's copies, one each) named as the book's: their
    header references point into the document's own relationships, which the book renames."""
    start = body.find(b"<w:sectPr")
    if start < 0:
        return body
    parts, end = [], 0
    while start >= 0:
        close = body.index(b"</w:sectPr>", start) + len(b"</w:sectPr>")
        parts += [body[end:start], _section(body[start:close], renamed)]
        end, start = close, body.find(b"<w:sectPr", close)
    return b"".join([*parts, body[end:]])


@functools.lru_cache(maxsize=256)
def _section(section: bytes, renamed: tuple[tuple[str, str], ...]) -> bytes:
    """A document's sectPr for the book: its headers renamed, a new page, page numbers from 1."""
    wrapper = etree.fromstring(f'<w:x xmlns:w="{W_NS}" xmlns:r="{R_NS}">'.encode() + section + b"</w:x>")
    element = wrapper[0]
    mapping = dict(renamed)
    for reference in element.iter(f"{{{W_NS}}}headerReference"):
        reference.set(f"{{{R_NS}}}id", mapping[reference.get(f"{{{R_NS}}}id")])
    declared = {
        (etree.QName(ref).localname, ref.get(f"{{{W_NS}}}type")) for ref in element if etree.QName(ref).localname in _EMPTY
    }
    for position, (tag, kind) in enumerate(reference for reference in _REFERENCES if reference not in declared):
        empty = etree.Element(f"{{{W_NS}}}{tag}")
        empty.set(f"{{{W_NS}}}type", kind)
        empty.set(f"{{{R_NS}}}id", _EMPTY[tag][0])
        element.insert(position, empty)
    _child(element, "type").set(f"{{{W_NS}}}val", "nextPage")
    _child(element, "pgNumType").set(f"{{{W_NS}}}start", "1")
    # Serialized alone, the element declares its namespaces again: redundant where it lands, and valid.
    return etree.tostring(element)


def _child(section: etree._Element, name: str) -> etree._Element:
    """The sectPr's child of that name, inserted at its place in the schema order when missing."""
    found = section.find(f"{{{W_NS}}}{name}")
    if found is not None:
        return found
    rank = _SECTION_ORDER.index(name)
    element = etree.Element(f"{{{W_NS}}}{name}")
    later = [child for child in section if etree.QName(child).localname in _SECTION_ORDER[rank + 1 :]]
    if later:
        later[0].addprevious(element)
    else:
        section.append(element)
    return element


@functools.cache
def _empty_part(tag: str) -> bytes:
    """A header or footer with nothing in it, one point high."""
    return header([paragraph([], ParagraphStyle(align="left", line_rule="exact", line=1))], tag=tag)


def _package(first: _Source, document: bytes, header_names: dict[bytes, str], title: str) -> bytes:
    headers = [
        (rel_id, f"book-header{index}.xml", content) for index, (content, rel_id) in enumerate(header_names.items(), 1)
    ]
    empty = [(rel_id, target, kind, _empty_part(tag)) for rel_id, target, kind, tag in _EMPTY.values()]
    rels = [
        ("rIdStyles", REL_STYLES, "styles.xml"),
        ("rIdSettings", REL_SETTINGS, "settings.xml"),
        *((rel_id, REL_HEADER, target) for rel_id, target, _ in headers),
        *((rel_id, kind, target) for rel_id, target, kind, _ in empty),
    ]
    # The book's document.xml is large and made for this book alone: deflated fast, as a document's body is.
    body = pack_rendered(DOCUMENT, document)
    content_type = content_types([target for _, target, _ in headers] + [empty[0][1]], [empty[1][1]])
    members = [
        pack("[Content_Types].xml", content_type),
        first.members[ROOT_RELS],
        body,
        pack(DOCUMENT_RELS, relationships(rels)),
        first.members[STYLES],
        first.members[SETTINGS],
        *(pack(f"word/{target}", content) for _, target, content in headers),
        *(pack(f"word/{target}", content) for _, target, _, content in empty),
        pack("docProps/core.xml", core_properties(title)),
        first.members[APP],
    ]
    return write_members(members)
