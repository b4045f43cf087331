"""Convert an uploaded DOCX typed in legacy fonts into a Unicode DOCX in the document font.

The file is untrusted: service.safety opens it with size, member-count, compression
and element limits, parses every XML part without DTDs or XInclude, refuses ActiveX,
OLE objects and DDE fields, and removes macros and links to remote templates (the
report says so). Story parts (body, headers, footers, notes, comments) have their
runs decoded; styles and numbering have their fonts replaced; every other part is
copied as it was.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import PureWindowsPath

from lxml import etree

from service.legacy_encodings.parts import Report, convert_numbering, convert_story, replace_fonts
from service.formats.docx_styles import Styles
from service.formats.profiles import profile_for
from service.render.package import write_package
from service.safety.packages import Limits, UnsafePackage
from service.safety.uploads import word_package
from service.safety.stripping import STRIPPED, strip_active

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
    font: str  # the font that replaced the legacy ones


def converted_filename(original: str) -> str:
    """ "Biên bản.docx" → "Biên bản-unicode.docx"; any folder part of an uploaded name is dropped."""
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
        raise UnsafePackage(
            "doc_not_docx",
            "Tệp .doc (Word 97-2003) chưa được hỗ trợ: hãy mở bằng Word và lưu lại dưới dạng .docx rồi gửi lại.",
        )
    package, active = word_package(data, limits, required=REQUIRED_PARTS, allowed=STRIPPED)
    font = font or profile_for(dt.date.today()).font.family
    contents = {name: package.read(name) for name in package.names}
    changed = strip_active(package, contents) if active else set()
    styles = package.xml(STYLES_PART) if STYLES_PART in contents else None
    layers, report = Styles(styles, None), Report(removed=active)
    for name in contents:
        if STORY_PART.fullmatch(name):
            convert_story(package.xml(name), layers, report)
            replace_fonts(package.xml(name), font, report)
            changed.add(name)
    # Styles change only now: every run had to be resolved against the fonts it was typed in.
    if styles is not None:
        replace_fonts(styles, font, report)
        changed.add(STYLES_PART)
    if NUMBERING_PART in contents:
        convert_numbering(package.xml(NUMBERING_PART))
        replace_fonts(package.xml(NUMBERING_PART), font, report)
        changed.add(NUMBERING_PART)
    for name in changed:
        contents[name] = _serialize(package.xml(name))
    return Converted(write_package(contents.items()), report, font)
