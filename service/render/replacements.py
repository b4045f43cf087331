"""docxtpl's replace_pic, replace_media, replace_embedded and replace_zipname, for one document.

docxtpl applies them while saving: pictures first, found by the name, title
or description Word gives them in the rendered body, headers and footers;
then, zip member by member, a member named by replace_zipname, a media file
(word/media/) or an embedded object (word/embeddings/) whose CRC-32 is that of
a file given by replace_media or replace_embedded. The engine applies them to
the rendered members the same way (apply_to). docxtpl raises only for a
picture it cannot find and passes over the other three silently; the engine
refuses each replacement that matched nothing, naming it: a document that
still shows the template's placeholder is not what the caller asked for.
"""

from __future__ import annotations

import os
import posixpath
import zlib
from dataclasses import dataclass, field
from typing import IO, Union

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import nsmap
from lxml import etree

from .errors import RenderError
from .package import Member, pack, unpack

Source = Union[bytes, str, os.PathLike, IO[bytes]]
_RELS_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_R_EMBED = f"{{{nsmap['r']}}}embed"
_SAFE = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


def _read(source: Source) -> bytes:
    if isinstance(source, (bytes, bytearray)):
        return bytes(source)
    if hasattr(source, "read"):
        return source.read()
    with open(source, "rb") as handle:
        return handle.read()


@dataclass
class Replacements:
    """What to put in place of the template's pictures, media, embedded objects or members in one document."""

    pictures: dict[str, bytes] = field(default_factory=dict)
    media: dict[int, bytes] = field(default_factory=dict)
    embedded: dict[int, bytes] = field(default_factory=dict)
    zipnames: dict[str, bytes] = field(default_factory=dict)

    def replace_pic(self, embedded_file: str, dst_file: Source) -> "Replacements":
        """The picture whose name (as Word shows it: "python_logo.png"), title or description is
        `embedded_file` gets the content of `dst_file`, keeping its size on the page."""
        self.pictures[embedded_file] = _read(dst_file)
        return self

    def replace_media(self, src_file: Source, dst_file: Source) -> "Replacements":
        """The media file (word/media/) whose content is `src_file`'s gets `dst_file`'s."""
        self.media[zlib.crc32(_read(src_file))] = _read(dst_file)
        return self

    def replace_embedded(self, src_file: Source, dst_file: Source) -> "Replacements":
        """The embedded object (word/embeddings/) whose content is `src_file`'s gets `dst_file`'s."""
        self.embedded[zlib.crc32(_read(src_file))] = _read(dst_file)
        return self

    def replace_zipname(self, zipname: str, dst_file: Source) -> "Replacements":
        """The zip member `zipname` (e.g. word/embeddings/Feuille_Microsoft_Office_Excel3.xlsx) gets
        `dst_file`'s content."""
        self.zipnames[zipname] = _read(dst_file)
        return self

    def __bool__(self) -> bool:
        return bool(self.pictures or self.media or self.embedded or self.zipnames)

    def apply_to(self, members: list[Member], template: str) -> list[Member]:
        """The document's members with the replacements made; RenderError for one that matched nothing."""
        by_name = {member.name: member for member in members}
        new = _pictures(by_name, self.pictures, template)
        unused = {("replace_zipname", name) for name in self.zipnames}
        unused |= {("replace_media", crc) for crc in self.media} | {("replace_embedded", crc) for crc in self.embedded}
        result = []
        for member in members:
            data, used = self._zip_level(member.name, new[member.name].crc if member.name in new else member.crc)
            unused.discard(used)
            if data is not None:
                new[member.name] = pack(member.name, data)
            result.append(new.get(member.name, member))
        if unused:
            what = ", ".join(
                f"{method}({key!r})" if method == "replace_zipname" else f"{method} (CRC-32 {key:08x})"
                for method, key in sorted(unused, key=str)
            )
            raise RenderError(template, f"{what}: no such member in the document; nothing was replaced")
        return result

    def _zip_level(self, name: str, crc: int) -> tuple[bytes | None, tuple | None]:
        # The order of docxtpl's post_processing: a name first, then a media file, then an embedded object.
        if name in self.zipnames:
            return self.zipnames[name], ("replace_zipname", name)
        if name.startswith("word/media/") and crc in self.media:
            return self.media[crc], ("replace_media", crc)
        if name.startswith("word/embeddings/") and crc in self.embedded:
            return self.embedded[crc], ("replace_embedded", crc)
        return None, None


def _pictures(by_name: dict[str, Member], pictures: dict[str, bytes], template: str) -> dict[str, Member]:
    """New image members for replace_pic, found in the rendered main document and its headers and footers."""
    if not pictures:
        return {}
    main = next(target for rid, (reltype, target) in _relationships(by_name, "").items() if reltype == RT.OFFICE_DOCUMENT)
    stories = [main] + [
        target for reltype, target in _relationships(by_name, main).values() if reltype in (RT.HEADER, RT.FOOTER)
    ]
    new, found = {}, set()
    for story in stories:
        if story not in by_name:
            continue
        images = _relationships(by_name, story)
        for names, rid in _graphics(unpack(by_name[story])):
            wanted = next((picture for picture in pictures if picture in names), None)
            if wanted is not None and rid in images:
                target = images[rid][1]
                new[target] = pack(target, pictures[wanted])
                found.add(wanted)
    missing = sorted(pictures.keys() - found)
    if missing:
        raise RenderError(
            template,
            f"replace_pic: no picture named {', '.join(map(repr, missing))} (by its name, "
            "title or description) in the document's body, headers or footers",
        )
    return new


def _graphics(xml: bytes):
    """(name, title, description) and the image's relationship id of each picture, as docxtpl reads them."""
    for data in etree.fromstring(xml, _SAFE).iterfind(".//a:graphic/a:graphicData", nsmap):
        if data.get("uri") != nsmap["pic"]:
            continue
        blip = data.find("pic:pic/pic:blipFill/a:blip", nsmap)
        properties = data.find("pic:pic/pic:nvPicPr/pic:cNvPr", nsmap)
        if blip is None or blip.get(_R_EMBED) is None or properties is None or properties.get("name") is None:
            continue
        yield (properties.get("name"), properties.get("title", ""), properties.get("descr", "")), blip.get(_R_EMBED)


def _relationships(by_name: dict[str, Member], part: str) -> dict[str, tuple[str, str]]:
    """A part's internal relationships ("" for the package's): id -> (type, target member)."""
    folder, base = posixpath.split(part)
    rels = by_name.get(posixpath.join(folder, "_rels", base + ".rels"))
    if rels is None:
        return {}
    found = {}
    for rel in etree.fromstring(unpack(rels), _SAFE).iter(f"{_RELS_NS}Relationship"):
        target = rel.get("Target", "")
        if rel.get("TargetMode") == "External":
            continue
        resolved = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
        found[rel.get("Id")] = (rel.get("Type"), resolved)
    return found
