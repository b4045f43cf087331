"""Reading generated DOCX files in tests."""

from __future__ import annotations

import io
import zipfile

import docx
from docx.oxml.ns import qn
from lxml import etree


NBSP = "\u00a0"


def docx_paragraphs(content: bytes, *, raw: bool = False) -> list[str]:
    """Every paragraph's text, body and table cells in document order, as a reader sees it: a non-breaking
    space (which keeps "năm 2026" or a name on one line) reads as a space unless `raw`."""
    document = docx.Document(io.BytesIO(content))
    body = document.element.body
    texts = [_paragraph_text(p) for p in body.iter(qn("w:p"))]
    return texts if raw else [text.replace(NBSP, " ") for text in texts]


def _paragraph_text(paragraph) -> str:
    pieces = []
    for element in paragraph.iter(qn("w:t"), qn("w:br"), qn("w:tab")):
        if element.tag == qn("w:t"):
            pieces.append(element.text or "")
        else:
            pieces.append("\n" if element.tag == qn("w:br") else "\t")
    return "".join(pieces)


def docx_text(content: bytes, *, raw: bool = False) -> str:
    return "\n".join(docx_paragraphs(content, raw=raw))


def part_xml(content: bytes, name: str = "word/document.xml") -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(content)) as package:
        return etree.fromstring(package.read(name))
