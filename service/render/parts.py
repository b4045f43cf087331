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
from dataclasses import dataclass
from typing import Mapping

import docx
from docx.opc.constants import CONTENT_TYPE as CT, RELATIONSHIP_TYPE as RT
from docx.opc.coreprops import CoreProperties
from docx.oxml.ns import qn
from docx.oxml.parser import parse_xml
from docx.opc.oxml import serialize_part_xml
from lxml import etree

from . import docxtpl_cleanup

# python-docx writes every XML part it serializes with this declaration.
_DECLARATION = b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
_BODY_PLACEHOLDER = "docx-render-body-placeholder"
_WHITESPACE_DROPPING = etree.XMLParser(remove_blank_text=True, resolve_entities=False)


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
class TemplateParts:
    stories: list[StoryPart]
    core: CorePart | None


def load(template: bytes) -> TemplateParts:
    """The parts of a template that DocxTemplate.render passes through Jinja."""
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
                stories.append(StoryPart(_member(part), part.blob.decode("utf-8")))
    return TemplateParts(stories, _core_part(main.package))


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
    return StoryPart(_member(document.part), source, prefix, suffix, source[:source.index(">") + 1].encode("utf-8"))


def _header_or_footer(part) -> StoryPart:
    return StoryPart(_member(part), etree.tostring(parse_xml(part.blob), encoding="unicode"), _DECLARATION)


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
