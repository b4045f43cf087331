"""The service's documents equal plain docxtpl's, rendered from the same template and context."""

from __future__ import annotations

import io
import json
import zipfile

import docxtpl
import pytest
from lxml import etree

from service import pipeline
from service.formats.profiles import all_profiles
from service.kinds import all_kinds
from tests.conftest import SAMPLES
from tests.helpers import part_xml


def plain_docxtpl(template: bytes, context: dict) -> bytes:
    document = docxtpl.DocxTemplate(io.BytesIO(template))
    document.render(context, autoescape=True)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def c14n(element) -> bytes:
    return etree.tostring(element, method="c14n")


@pytest.mark.parametrize("kind", all_kinds(), ids=lambda k: k.id)
@pytest.mark.parametrize("profile_id", [p.id for p in all_profiles()])
def test_document_xml_equals_docxtpl(kind, profile_id):
    sample = json.loads((SAMPLES / kind.sample).read_text(encoding="utf-8"))
    prepared = pipeline.check(kind.id, sample, profile_id=profile_id)
    ours = pipeline.render(prepared).content
    theirs = plain_docxtpl(pipeline.template_bytes(kind.id, profile_id), prepared.context)
    with zipfile.ZipFile(io.BytesIO(ours)) as package:
        headers = [name for name in package.namelist() if name.startswith("word/header")]
    for part in ("word/document.xml", *headers):
        assert c14n(part_xml(ours, part)) == c14n(part_xml(theirs, part)), part
