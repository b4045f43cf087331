"""Member names that escape the folder, and what makes a package a plain Word document."""
from __future__ import annotations

import io

import docx
import pytest

from service import pipeline
from service.safety.packages import Package, UnsafePackage, word_document
from tests.templates_byo.files import with_parts, zipped


@pytest.mark.parametrize("name", ["../evil.xml", "word/../../evil.xml", "/etc/passwd", "\\evil.xml",
                                  "word\\..\\evil.xml", "C:/evil.xml", "c:evil.xml"])
def test_member_names_outside_the_package_are_refused(name):
    with pytest.raises(UnsafePackage) as refused:
        Package(zipped({"word/document.xml": "<w/>", name: "<x/>"}))
    assert refused.value.code == "unsafe_member_name" and name[:20] in refused.value.message


@pytest.mark.parametrize("name", ["word/document.xml", "word/media/image..1.png", "customXml/item1.xml"])
def test_ordinary_member_names_pass(name):
    assert name in Package(zipped({name: "<x/>"})).names


def test_built_templates_and_documents_python_docx_writes_are_word_documents():
    made = io.BytesIO()
    docx.Document().save(made)
    for package in (pipeline.template_bytes("nghi-quyet-thang", "hd05-2026"), made.getvalue()):
        assert "word/document.xml" in word_document(package).names


def test_a_main_part_of_another_kind_is_not_a_word_document():
    template = pipeline.template_bytes("nghi-quyet-thang", "hd05-2026")
    spreadsheet = with_parts(template, {"_rels/.rels": (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="r1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'officeDocument" Target="xl/workbook.xml"/></Relationships>')})
    with pytest.raises(UnsafePackage) as refused:
        word_document(spreadsheet)
    assert refused.value.code == "not_a_docx"
