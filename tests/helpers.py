"""Reading generated DOCX files in tests."""
from __future__ import annotations

import io
import zipfile

import docx
from docx.oxml.ns import qn
from lxml import etree


def docx_paragraphs(content: bytes) -> list[str]:
    """Every paragraph's text, body and table cells in document order."""
    document = docx.Document(io.BytesIO(content))
    body = document.element.body
    return [_paragraph_text(p) for p in body.iter(qn("w:p"))]


def _paragraph_text(paragraph) -> str:
    pieces = []
    for element in paragraph.iter(qn("w:t"), qn("w:br"), qn("w:tab")):
        if element.tag == qn("w:t"):
            pieces.append(element.text or "")
        else:
            pieces.append("\n" if element.tag == qn("w:br") else "\t")
    return "".join(pieces)


def docx_text(content: bytes) -> str:
    return "\n".join(docx_paragraphs(content))


def part_xml(content: bytes, name: str = "word/document.xml") -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(content)) as package:
        return etree.fromstring(package.read(name))
