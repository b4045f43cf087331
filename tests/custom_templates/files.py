"""Uploaded templates for the tests: the service's own built template changed the way a person would in
Word, and hostile files built by hand."""

from __future__ import annotations

import io
import zipfile
from xml.sax.saxutils import escape

from service import pipeline

KIND = "nghi-quyet-thang"
PROFILE = "hd05-2026"
DOCUMENT = "word/document.xml"
VML = "urn:schemas-microsoft-com:vml"


def built(kind: str = KIND, profile: str = PROFILE) -> bytes:
    return pipeline.template_bytes(kind, profile)


def members(package: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def zipped(parts: dict[str, bytes | str], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return out.getvalue()


def with_parts(package: bytes, changes: dict[str, bytes | str]) -> bytes:
    """The package with some members replaced or added."""
    return zipped({**members(package), **changes})


def run(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def paragraph(*runs: str) -> str:
    """A paragraph of one run per text: several texts make a tag Word split across runs."""
    return "<w:p>" + "".join(run(text) for text in runs) + "</w:p>"


def textbox(text: str) -> str:
    """A paragraph anchoring a VML text box that holds `text`."""
    return (
        f'<w:p><w:r><w:pict><v:shape xmlns:v="{VML}" style="width:200pt;height:40pt"><v:textbox>'
        f"<w:txbxContent>{paragraph(text)}</w:txbxContent></v:textbox></v:shape></w:pict></w:r></w:p>"
    )


def custom(*paragraphs: str, replace: dict[str, str] | None = None, kind: str = KIND, profile: str = PROFILE) -> bytes:
    """The built template with text replaced in its body and paragraphs added at its end."""
    parts = members(built(kind, profile))
    xml = parts[DOCUMENT].decode("utf-8")
    for old, new in (replace or {}).items():
        assert old in xml, old
        xml = xml.replace(old, new)
    end = xml.rindex("<w:sectPr")
    parts[DOCUMENT] = (xml[:end] + "".join(paragraphs) + xml[end:]).encode("utf-8")
    return zipped(parts)


def payload(source: str) -> bytes:
    """The built template with one more paragraph holding `source`, a template snippet."""
    return custom(paragraph(source))
