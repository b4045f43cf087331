"""Comparing the engine's documents with plain docxtpl's, part by part.

What counts as equal, and why:
- XML parts: equal after C14N, both read the way python-docx reads parts
  (whitespace between elements dropped). docxtpl's save re-serializes the parts
  python-docx understands, which drops that whitespace and rewrites the XML
  declaration; the engine copies untouched parts byte for byte. Neither changes
  what Word reads.
- [Content_Types].xml: every part resolves to the same content type. python-docx
  rebuilds the file from its parts (its own choice of Default and Override
  entries); the engine keeps the template's when it declares exactly the parts
  present, and must never declare a part that is not there (undeclared()).
- .rels parts: the same set of relationships. python-docx rewrites them in its
  own order; order means nothing in OPC.
- anything else: the same bytes.
Zip member order and timestamps are not compared: docxtpl stamps the current
time, the engine a fixed one (see test_determinism.py).
"""

from __future__ import annotations

import io
import zipfile

from docxtpl import DocxTemplate
from lxml import etree

_CONTENT_TYPES = "[Content_Types].xml"
_CT_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_RELS_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"


def docxtpl_render(template: bytes, context, jinja_env=None, prepare=None) -> bytes:
    """Plain docxtpl, the way the project renders: a new template per document, autoescape on.
    `prepare(document)`, when given, makes the context with the DocxTemplate (build_url_id, replace_*)."""
    document = DocxTemplate(io.BytesIO(template))
    if prepare is not None:
        context = prepare(document)
    document.render(context, jinja_env=jinja_env, autoescape=True)
    output = io.BytesIO()
    document.save(output)
    return output.getvalue()


def read_zip(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def differences(engine: bytes, reference: bytes) -> list[str]:
    """Human-readable differences between two DOCX packages; empty when equivalent."""
    ours, theirs = read_zip(engine), read_zip(reference)
    found = [f"only in engine: {n}" for n in sorted(ours.keys() - theirs.keys())]
    found += [f"engine's [Content_Types].xml: {problem}" for problem in undeclared(ours)]
    found += [f"only in docxtpl: {n}" for n in sorted(theirs.keys() - ours.keys())]
    for name in sorted(ours.keys() & theirs.keys()):
        if name == _CONTENT_TYPES:
            same = _content_types(ours) == _content_types(theirs)
        elif name.endswith(".rels"):
            same = _relationships(ours[name]) == _relationships(theirs[name])
        elif _is_xml(theirs[name]):
            same = canonical(ours[name]) == canonical(theirs[name])
        else:
            same = ours[name] == theirs[name]
        if not same:
            found.append(f"{name} differs:\n engine:  {_excerpt(ours[name])}\n docxtpl: {_excerpt(theirs[name])}")
    return found


def canonical(data: bytes) -> bytes:
    parser = etree.XMLParser(remove_blank_text=True, resolve_entities=False)
    return etree.tostring(etree.fromstring(data, parser), method="c14n")


def _is_xml(data: bytes) -> bool:
    return data.lstrip().startswith(b"<")


def _content_types(package: dict[str, bytes]) -> dict[str, str]:
    root = etree.fromstring(package[_CONTENT_TYPES])
    defaults = {e.get("Extension").lower(): e.get("ContentType") for e in root.iter(f"{_CT_NS}Default")}
    overrides = {e.get("PartName").lower(): e.get("ContentType") for e in root.iter(f"{_CT_NS}Override")}
    resolved = {}
    for name in package:
        if name == _CONTENT_TYPES or name.endswith("/"):
            continue
        extension = _extension(name)
        resolved[name] = overrides.get("/" + name.lower(), defaults.get(extension))
    return resolved


def undeclared(package: dict[str, bytes]) -> list[str]:
    """What a package's [Content_Types].xml gets wrong: an Override for a part that is not there, a
    Default for an extension no part uses it for (rels and xml aside), a part without a type."""
    root = etree.fromstring(package[_CONTENT_TYPES])
    present = {"/" + name.lower() for name in package if name != _CONTENT_TYPES and not name.endswith("/")}
    overrides = {e.get("PartName").lower() for e in root.iter(f"{_CT_NS}Override")}
    used = {_extension(name) for name in present - overrides}
    problems = [f"Override for {name}, which is not in the package" for name in sorted(overrides - present)]
    problems += [
        f"Default for .{e.get('Extension')}, which no part uses"
        for e in root.iter(f"{_CT_NS}Default")
        if e.get("Extension").lower() not in used | {"rels", "xml"}
    ]
    problems += [f"no content type for {name}" for name, kind in _content_types(package).items() if kind is None]
    return problems


def _extension(name: str) -> str:
    """A part name's extension as OPC reads it: "_rels/.rels" has the extension "rels"."""
    segment = name.rsplit("/", 1)[-1]
    return segment.rpartition(".")[2].lower() if "." in segment else ""


def _relationships(data: bytes) -> set[tuple]:
    root = etree.fromstring(data)
    return {
        (r.get("Id"), r.get("Type"), r.get("Target"), r.get("TargetMode", "Internal"))
        for r in root.iter(f"{_RELS_NS}Relationship")
    }


def _excerpt(data: bytes) -> str:
    try:
        text = canonical(data).decode("utf-8")
    except etree.XMLSyntaxError:
        text = repr(data[:200])
    return text[:3000]
