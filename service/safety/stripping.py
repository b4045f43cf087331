"""Removing what would run or fetch something in Office from a package the service hands back.

Conversion gives a user their own document back, so instead of refusing an old .docm it removes the VBA
project (and the parts only macros use) and the links to templates or sub-documents on other machines,
makes the main part a plain Word document, and says what it removed. Everything else that is active
(ActiveX controls, OLE objects, DDE fields) is refused by service.safety.uploads before this runs,
because removing it would change what the document shows.
"""

from __future__ import annotations

import posixpath

from lxml import etree

from service.safety.active import active_mark, is_remote_link
from service.safety.packages import CONTENT_TYPES_NS, CONTENT_TYPES_PART, RELATIONSHIPS_NS, Package
from service.safety.uploads import MAIN_PART, WORD_DOCUMENT_TYPE

# What conversion removes; the other kinds of Active are refused.
STRIPPED = frozenset({"macros", "remote_template"})
_R_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"


def strip_active(package: Package, contents: dict[str, bytes]) -> set[str]:
    """Drop macro parts from `contents`, and the relationships (with the elements that use them) to macro
    parts and to remote templates; the edited parts are edited in the package's parsed trees
    (Package.xml), and their names returned for the caller to write back."""
    removed = {
        name
        for name in contents
        if active_mark(name) == "macros" or (name != MAIN_PART and active_mark(package.declared_type(name)) == "macros")
    }
    removed |= {_rels_of(name) for name in removed} & contents.keys()
    for name in removed:
        del contents[name]
    changed = {CONTENT_TYPES_PART} if _clean_content_types(package, removed) else set()
    for rels in [name for name in contents if name.endswith(".rels")]:
        dropped = _drop_relationships(package, rels, removed)
        if dropped:
            changed.add(rels)
            source = _source_of(rels)
            if source in contents and _drop_references(package.xml(source), dropped):
                changed.add(source)
    return changed


def _clean_content_types(package: Package, removed: set[str]) -> bool:
    if not package.has(CONTENT_TYPES_PART):
        return False
    root, edited = package.xml(CONTENT_TYPES_PART), False
    for item in list(root):
        value = item.get("ContentType") or ""
        part = (item.get("PartName") or "").lstrip("/")
        if item.tag == f"{CONTENT_TYPES_NS}Override" and part == MAIN_PART and active_mark(value):
            item.set("ContentType", WORD_DOCUMENT_TYPE)  # .docm or .dotm: a plain document once converted
            edited = True
        elif active_mark(value) == "macros" or part in removed:
            root.remove(item)
            edited = True
    return edited


def _drop_relationships(package: Package, rels: str, removed: set[str]) -> set[str]:
    """Remove the relationships of a .rels part to removed parts, of a macro type, or to remote templates;
    their ids."""
    folder = posixpath.dirname(posixpath.dirname(rels))
    dropped = set()
    root = package.xml(rels)
    for relationship in list(root.iter(f"{RELATIONSHIPS_NS}Relationship")):
        kind = (relationship.get("Type") or "").rpartition("/")[2]
        target = relationship.get("Target") or ""
        internal = relationship.get("TargetMode") != "External"
        part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
        if (
            active_mark(kind) == "macros"
            or (internal and part in removed)
            or (not internal and is_remote_link(kind, target))
        ):
            dropped.add(relationship.get("Id"))
            root.remove(relationship)
    return dropped


def _drop_references(root: etree._Element, ids: set[str]) -> bool:
    """Remove the elements of a part that name a dropped relationship (w:attachedTemplate, w:subDoc)."""
    using = [
        element
        for element in root.iter(etree.Element)
        if any(key.startswith(_R_NS) and value in ids for key, value in element.attrib.items())
    ]
    for element in using:
        element.getparent().remove(element)
    return bool(using)


def _rels_of(part: str) -> str:
    folder, _, name = part.rpartition("/")
    return f"{folder}/_rels/{name}.rels" if folder else f"_rels/{name}.rels"


def _source_of(rels: str) -> str:
    """ "word/_rels/settings.xml.rels" → "word/settings.xml"."""
    folder = posixpath.dirname(posixpath.dirname(rels))
    name = posixpath.basename(rels).removesuffix(".rels")
    return posixpath.join(folder, name) if folder else name
