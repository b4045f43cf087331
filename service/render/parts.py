"""The parts of a DOCX that docxtpl renders, read and put back the way docxtpl does.

With body.py it is the layer that knows WordprocessingML names (the docxtpl
adapter knows the few that docxtpl's own code uses). It loads the
template with python-docx, exactly as DocxTemplate does, so that the XML text
handed to the clean-up is the same text docxtpl would clean up, and it turns
rendered text back into part bytes that are equal after canonicalization to
what docxtpl's save writes.
"""

from __future__ import annotations

import copy
import io
import zipfile
from dataclasses import dataclass, field
from typing import Mapping

import docx
from docx.opc.constants import CONTENT_TYPE as CT, RELATIONSHIP_TYPE as RT
from docx.opc.coreprops import CoreProperties
from docx.oxml.ns import qn
from docx.oxml.parser import parse_xml
from docx.opc.oxml import serialize_part_xml
from docx.opc.pkgwriter import _ContentTypesItem
from lxml import etree

from . import docxtpl_cleanup

# python-docx writes every XML part it serializes with this declaration.
_DECLARATION = b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
_BODY_PLACEHOLDER = "docx-render-body-placeholder"
_WHITESPACE_DROPPING = etree.XMLParser(remove_blank_text=True, resolve_entities=False)
CONTENT_TYPES = "[Content_Types].xml"
PACKAGE_RELATIONSHIPS = "_rels/.rels"
_CT_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"
# python-docx always declares these two extensions, used or not.
_ALWAYS_DECLARED = frozenset({"rels", "xml"})


@dataclass(frozen=True)
class StoryPart:
    """A part rendered as one Jinja template: the body, a header, a footer or footnotes.

    The part's bytes are prefix + the rendered source + suffix, the rendered
    body first fixed as docxtpl fixes it (body.py); `body_open` is the body's
    start tag, with the namespace declarations it needs, and None for the
    other parts.
    """

    member: str
    source: str
    prefix: bytes = b""
    suffix: bytes = b""
    body_open: bytes | None = None
    # The ids of the part's relationships: what an r:id in its rendered XML may name.
    relationship_ids: frozenset[str] = frozenset()


@dataclass(frozen=True)
class CorePart:
    """docProps/core.xml, whose text properties docxtpl renders one by one."""

    member: str
    source: bytes
    values: Mapping[str, str]

    def assemble(self, values: Mapping[str, str]) -> bytes:
        """The part with the given property values, missing properties added as docxtpl's save does."""
        element = parse_xml(self.source)
        properties = CoreProperties(element)
        for name in docxtpl_cleanup.CORE_PROPERTY_NAMES:
            setattr(properties, name, values[name])
        return serialize_part_xml(element)


@dataclass(frozen=True)
class MainRelationships:
    """The main document's relationships, where DocxTemplate.build_url_id adds hyperlinks."""

    member: str
    ids: frozenset[str]
    # Each external hyperlink already there: build_url_id gives its id back instead of adding one.
    hyperlinks: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class TemplateParts:
    stories: list[StoryPart]
    core: CorePart | None
    main_relationships: MainRelationships
    # The zip members docxtpl's save writes: every part reachable through relationships, the relationships
    # of each part that has any, the package's relationships and the content types. Nothing else survives.
    kept: frozenset[str]
    # [Content_Types].xml as python-docx writes it, when the template's own does not declare exactly the
    # parts kept; None when it does (and its bytes stay as they are).
    content_types: bytes | None


def load(template: bytes) -> TemplateParts:
    """The parts of a template that DocxTemplate.render passes through Jinja, and what its save keeps."""
    document = docx.Document(io.BytesIO(template))
    main = document.part
    stories = [_body_part(document)]
    for rel in main.rels.values():
        if rel.reltype in (RT.HEADER, RT.FOOTER) and not rel.is_external and rel.target_part.blob:
            stories.append(_header_or_footer(rel.target_part))
    # render_footnotes visits footnotes once per section, so a body without sections skips them.
    if document.sections:
        for part in main.package.parts:
            if part.content_type == CT.WML_FOOTNOTES:
                # docxtpl stores the rendered footnotes text as it is, declaration included.
                stories.append(StoryPart(_member(part), part.blob.decode("utf-8"), relationship_ids=frozenset(part.rels)))
    parts = list(main.package.iter_parts())
    kept = {CONTENT_TYPES, PACKAGE_RELATIONSHIPS, *map(_member, parts)}
    kept.update(part.partname.rels_uri.lstrip("/") for part in parts if len(part.rels))
    return TemplateParts(
        stories, _core_part(main.package), _main_relationships(main), frozenset(kept), _content_types(template, parts)
    )


def _main_relationships(main) -> MainRelationships:
    hyperlinks = {}
    for rel in main.rels.values():
        if rel.reltype == RT.HYPERLINK and rel.is_external:
            hyperlinks.setdefault(rel.target_ref, rel.rId)
    return MainRelationships(main.partname.rels_uri.lstrip("/"), frozenset(main.rels), hyperlinks)


def _content_types(template: bytes, parts: list) -> bytes | None:
    """python-docx's [Content_Types].xml for `parts`, unless the template's declares exactly them."""
    with zipfile.ZipFile(io.BytesIO(template)) as archive:
        root = etree.fromstring(archive.read(CONTENT_TYPES), _WHITESPACE_DROPPING)
    defaults = {e.get("Extension", "").lower(): e.get("ContentType") for e in root.iter(f"{_CT_NS}Default")}
    overrides = {e.get("PartName", "").lower(): e.get("ContentType") for e in root.iter(f"{_CT_NS}Override")}
    typed = {str(part.partname).lower(): (part.partname.ext.lower(), part.content_type) for part in parts}
    used_defaults = {extension for name, (extension, _) in typed.items() if name not in overrides}
    exact = (
        overrides.keys() <= typed.keys()
        and defaults.keys() <= used_defaults | _ALWAYS_DECLARED
        and defaults.get("rels") == CT.OPC_RELATIONSHIPS
        and all((overrides.get(name) or defaults.get(extension)) == kind for name, (extension, kind) in typed.items())
    )
    return None if exact else _ContentTypesItem.from_parts(parts).blob


def _member(part) -> str:
    return part.partname.lstrip("/")


def _body_part(document) -> StoryPart:
    source = etree.tostring(document.element.body, encoding="unicode")
    # The body is cut out of a copy: the loaded document still answers questions about sections.
    root = copy.deepcopy(document.element)
    body = root.find(qn("w:body"))
    placeholder = etree.Comment(_BODY_PLACEHOLDER)
    root.replace(body, placeholder)
    prefix, suffix = serialize_part_xml(root).split(etree.tostring(placeholder))
    return StoryPart(
        _member(document.part),
        source,
        prefix,
        suffix,
        source[: source.index(">") + 1].encode("utf-8"),
        frozenset(document.part.rels),
    )


def _header_or_footer(part) -> StoryPart:
    return StoryPart(
        _member(part),
        etree.tostring(parse_xml(part.blob), encoding="unicode"),
        _DECLARATION,
        relationship_ids=frozenset(part.rels),
    )


def _core_part(package) -> CorePart | None:
    try:
        part = package.part_related_by(RT.CORE_PROPERTIES)
    except KeyError:
        return None
    properties = part.core_properties
    values = {name: getattr(properties, name) for name in docxtpl_cleanup.CORE_PROPERTY_NAMES}
    return CorePart(_member(part), part.blob, values)


def same_xml(first: bytes, second: bytes) -> bool:
    """Whether two parts are the same XML once read as python-docx reads them.

    python-docx drops whitespace between elements when it loads a part, so
    docxtpl's output never has it; it carries no meaning in WordprocessingML.
    """
    return _canonical(first) == _canonical(second)


def _canonical(data: bytes) -> bytes:
    return etree.tostring(etree.fromstring(data, _WHITESPACE_DROPPING), method="c14n")


def has_core_properties(document) -> bool:
    """Whether a loaded python-docx document has a core properties part of its own."""
    return any(rel.reltype == RT.CORE_PROPERTIES for rel in document.part.package.rels.values())
