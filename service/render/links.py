"""Hyperlinks of one document: the engine's DocxTemplate.build_url_id, and the check that every
relationship a rendered part names is there.

With docxtpl a hyperlink is made in two steps: `tpl.build_url_id(url)` adds an
external relationship to the main document and returns its id, and
`RichText(text, url_id=id)` prints a <w:hyperlink r:id="..."> naming it. A
compiled template is shared by every document, so the relationships a
document adds live in a Links object made for that document
(CompiledTemplate.links()) and passed to render(). Ids are chosen as
python-docx chooses them (the lowest free rIdN; an existing link to the same
address is reused), so the output equals docxtpl's.

A rendered part that names a relationship it does not have would open in Word
with the link (or picture) lost: the engine refuses it (dangling_references).
That is what a RichText whose url_id came from a DocxTemplate, or from a Links
of another document, would give, and what docxtpl gives silently for a link in
a header or footer, where build_url_id's relationship does not exist.
"""

from __future__ import annotations

import re

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from lxml import etree

from .package import Member, pack_rendered, unpack
from .parts import MainRelationships

_RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_RELATIONSHIPS = f'<Relationships xmlns="{_RELS_NS}"/>'.encode()
# An attribute in the relationships namespace under the prefix WordprocessingML uses for it (r:id,
# r:embed, r:link...): the prefix every part docxtpl renders declares, and the one RichText writes.
_REFERENCE = re.compile(rb'\sr:[A-Za-z]+="([^"]*)"')


class Links:
    """The external hyperlinks added to one document; build_url_id as DocxTemplate's."""

    def __init__(self, relationships: MainRelationships, template_sha256: str):
        self.template_sha256 = template_sha256
        self._relationships = relationships
        self._ids = set(relationships.ids)
        self._by_url = dict(relationships.hyperlinks)
        self.added: list[tuple[str, str]] = []

    def build_url_id(self, url: str) -> str:
        """The relationship id to give RichText(..., url_id=...) for a link to `url`."""
        if url not in self._by_url:
            # python-docx's _next_rId: the lowest rIdN not taken, from rId1.
            rid = next(f"rId{n}" for n in range(1, len(self._ids) + 2) if f"rId{n}" not in self._ids)
            self._ids.add(rid)
            self._by_url[url] = rid
            self.added.append((rid, url))
        return self._by_url[url]

    @property
    def ids(self) -> frozenset[str]:
        """Every relationship id of the main document, the template's and the added ones."""
        return frozenset(self._ids)

    def relationships_member(self, template_member: Member | None) -> Member:
        """The main document's relationships part with the added hyperlinks."""
        root = etree.fromstring(unpack(template_member) if template_member is not None else _RELATIONSHIPS)
        for rid, url in self.added:
            etree.SubElement(
                root,
                f"{{{_RELS_NS}}}Relationship",
                {"Id": rid, "Type": RT.HYPERLINK, "Target": url, "TargetMode": "External"},
            )
        xml = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
        return pack_rendered(self._relationships.member, xml)


def relationship_ids(rels_xml: bytes) -> frozenset[str]:
    """The ids of the relationships in a .rels part."""
    return frozenset(rel.get("Id") for rel in etree.fromstring(rels_xml).iter(f"{{{_RELS_NS}}}Relationship"))


def dangling_references(xml: bytes, allowed: frozenset[str]) -> list[str]:
    """Relationship ids named in a rendered part that are not `allowed`."""
    return sorted(references(xml) - allowed)


def references(xml: bytes) -> frozenset[str]:
    """The relationship ids named in a part's XML (or template text)."""
    return frozenset(match.decode("utf-8", "replace") for match in _REFERENCE.findall(xml))
