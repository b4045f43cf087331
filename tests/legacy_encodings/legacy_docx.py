"""Building DOCX files typed in legacy fonts, as old documents are, for the conversion tests."""

from __future__ import annotations

import io

import docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn


def new_document(normal_font: str | None = None) -> docx.document.Document:
    document = docx.Document()
    if normal_font:
        document.styles["Normal"].font.name = normal_font
    return document


def add_runs(paragraph, *runs: tuple[str, str | None]) -> None:
    """Append runs of (text, font); font None leaves the run to its style."""
    for text, font in runs:
        run = paragraph.add_run(text)
        if font:
            run.font.name = font


def soft_hyphen(run) -> None:
    run._r.append(OxmlElement("w:softHyphen"))


def theme_font(run) -> None:
    fonts = run._r.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:asciiTheme"), "minorHAnsi")
    fonts.set(qn("w:hAnsiTheme"), "minorHAnsi")


def save(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def load(content: bytes) -> docx.document.Document:
    return docx.Document(io.BytesIO(content))
