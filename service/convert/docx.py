"""Convert an uploaded DOCX typed in legacy fonts into a Unicode DOCX in the document font.

The file is untrusted: service.safety opens it with size, member-count and
compression-ratio limits and parses its XML without entities or DTDs. Story parts
(body, headers, footers, notes, comments) have their runs decoded; styles and
numbering have their fonts replaced; every other part is copied as it was.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import PureWindowsPath

from lxml import etree

from service.convert.parts import Report, convert_numbering, convert_story, replace_fonts
from service.formats.docx_styles import Styles
from service.formats.profiles import profile_for
from service.render.package import write_package
from service.safety.packages import Limits, Package, UnsafePackage, parse_xml

STORY_PART = re.compile(r"word/(document|header\d*|footer\d*|footnotes|endnotes|comments)\.xml")
STYLES_PART = "word/styles.xml"
NUMBERING_PART = "word/numbering.xml"
REQUIRED_PARTS = ("[Content_Types].xml", "word/document.xml")
# Word 97-2003 files are OLE compound documents, recognisable by their first eight bytes.
_OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass(frozen=True)
class Converted:
    content: bytes
    report: Report
    font: str                  # the font that replaced the legacy ones


def converted_filename(original: str) -> str:
    """"Biên bản.docx" → "Biên bản-unicode.docx"; any folder part of an uploaded name is dropped."""
    stem = PureWindowsPath(original).stem.strip() or "van-ban"
    return f"{stem}-unicode.docx"


def _serialize(root: etree._Element) -> bytes:
    tree = root.getroottree()
    return etree.tostring(tree, xml_declaration=True, encoding="UTF-8", standalone=tree.docinfo.standalone)


def convert_docx(data: bytes, *, font: str | None = None, limits: Limits = Limits()) -> Converted:
    """Decode every run drawn in a legacy font and name `font` instead (default: the profile in force).

    Raises UnsafePackage (with a stable code and a Vietnamese message) for anything that is
    not a safe, readable DOCX.
    """
    if data.startswith(_OLE_SIGNATURE):
        raise UnsafePackage("doc_not_docx", "Tệp .doc (Word 97-2003) chưa được hỗ trợ: hãy mở bằng Word và "
                                            "lưu lại dưới dạng .docx rồi gửi lại.")
    package = Package(data, limits, required=REQUIRED_PARTS)
    font = font or profile_for(dt.date.today()).font.family
    contents = {name: package.read(name) for name in package.names}
    styles = parse_xml(contents[STYLES_PART], STYLES_PART) if STYLES_PART in contents else None
    layers, report = Styles(styles, None), Report()
    for name in contents:
        if STORY_PART.fullmatch(name):
            root = parse_xml(contents[name], name)
            convert_story(root, layers, report)
            replace_fonts(root, font, report)
            contents[name] = _serialize(root)
    # Styles change only now: every run had to be resolved against the fonts it was typed in.
    if styles is not None:
        replace_fonts(styles, font, report)
        contents[STYLES_PART] = _serialize(styles)
    if NUMBERING_PART in contents:
        numbering = parse_xml(contents[NUMBERING_PART], NUMBERING_PART)
        convert_numbering(numbering)
        replace_fonts(numbering, font, report)
        contents[NUMBERING_PART] = _serialize(numbering)
    return Converted(write_package(contents.items()), report, font)
