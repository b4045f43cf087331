"""Reading a kind's sample and the findings the pipeline reports for an input."""

from __future__ import annotations

import json

import pytest

from service import pipeline
from service.findings import InputInvalid
from service.formats.ooxml import W_NS
from tests.conftest import SAMPLES
from tests.helpers import docx_text, part_xml

NS = {"w": W_NS}


def sample(name: str) -> dict:
    return json.loads((SAMPLES / name).read_text(encoding="utf-8"))


def errors_of(kind: str, data: dict) -> dict[str, str]:
    """Pointer → code of every error; fails the test when the input is accepted."""
    with pytest.raises(InputInvalid) as caught:
        pipeline.check(kind, data)
    return {e.pointer: e.code for e in caught.value.errors}


def warnings_of(kind: str, data: dict) -> dict[str, str]:
    return {w.pointer: w.code for w in pipeline.check(kind, data).warnings}


def text_of(kind: str, data: dict, **options) -> str:
    return docx_text(pipeline.produce(kind, data, **options).content)


def table_rows(content: bytes, index: int) -> list[list[str]]:
    """The cells' text of the body's table number `index` (0 is the header), line breaks as "\n"."""
    table = part_xml(content).findall(".//w:body/w:tbl", NS)[index]

    def text(cell) -> str:
        pieces = cell.iter(f"{{{W_NS}}}t", f"{{{W_NS}}}br")
        return "".join((e.text or "") if e.tag == f"{{{W_NS}}}t" else "\n" for e in pieces)

    return [[text(cell) for cell in row.findall("w:tc", NS)] for row in table.findall("w:tr", NS)]
