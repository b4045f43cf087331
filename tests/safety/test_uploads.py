"""The way into uploaded Word documents: every part checked before anything reads it, and what makes a plain
Word document."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest

from benchmarks.hostile import MIB, bzip2_bomb, replaced
from service import pipeline
from service.safety.packages import UnsafePackage
from service.safety.uploads import word_document, word_package
from tests.custom_templates.files import DOCUMENT, built, with_parts


def test_built_templates_and_documents_python_docx_writes_are_word_documents():
    made = io.BytesIO()
    docx.Document().save(made)
    for package in (pipeline.template_bytes("nghi-quyet-thang", "hd05-2026"), made.getvalue()):
        assert "word/document.xml" in word_document(package).names


def test_a_main_part_of_another_kind_is_not_a_word_document():
    template = pipeline.template_bytes("nghi-quyet-thang", "hd05-2026")
    spreadsheet = with_parts(
        template,
        {
            "_rels/.rels": (
                '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                '<Relationship Id="r1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
                'officeDocument" Target="xl/workbook.xml"/></Relationships>'
            )
        },
    )
    with pytest.raises(UnsafePackage) as refused:
        word_document(spreadsheet)
    assert refused.value.code == "not_a_docx"


def test_a_bzip2_bomb_is_refused_before_a_byte_of_it_is_inflated():
    # 90 MB of zeros behind headers that claim 19 KB: zipfile would inflate it whole in one read.
    bomb = replaced(built(), DOCUMENT, zipfile.ZIP_BZIP2, bzip2_bomb(90 * MIB), 19_000)
    with pytest.raises(UnsafePackage) as refused:
        word_package(bomb)
    assert (refused.value.code, refused.value.part) == ("unsupported_compression", DOCUMENT)
