"""The one way into an uploaded package: member names, compression methods, sizes and elements, hostile
content (DTDs, XInclude, macros, ActiveX, OLE, DDE, remote templates), and what makes a plain Word document."""
from __future__ import annotations

import io
import zipfile

import docx
import pytest

from benchmarks.hostile import MIB, bzip2_bomb, replaced
from service import pipeline
from service.safety import stripping
from service.safety.packages import Limits, Package, UnsafePackage, word_document, word_package
from tests.safety.active import REFUSED, REL, STRIPPED, in_body, remote_template, with_relationship
from tests.templates_byo.files import DOCUMENT, built, with_parts, zipped


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


@pytest.mark.parametrize("method, name", [(zipfile.ZIP_BZIP2, "bzip2"), (zipfile.ZIP_LZMA, "LZMA")])
def test_members_compressed_but_with_deflate_are_refused_naming_the_part(method, name):
    package = zipped({"[Content_Types].xml": "<Types/>", DOCUMENT: "<w/>"}, method)
    with pytest.raises(UnsafePackage) as refused:
        Package(package)
    assert (refused.value.code, refused.value.part) == ("unsupported_compression", "[Content_Types].xml")
    assert name in refused.value.message and "[Content_Types].xml" in refused.value.message


def test_a_bzip2_bomb_is_refused_before_a_byte_of_it_is_inflated():
    # 90 MB of zeros behind headers that claim 19 KB: zipfile would inflate it whole in one read.
    bomb = replaced(built(), DOCUMENT, zipfile.ZIP_BZIP2, bzip2_bomb(90 * MIB), 19_000)
    with pytest.raises(UnsafePackage) as refused:
        word_package(bomb)
    assert (refused.value.code, refused.value.part) == ("unsupported_compression", DOCUMENT)


@pytest.mark.parametrize("hostile", sorted({**REFUSED, **STRIPPED}))
def test_hostile_content_is_refused_naming_the_part(hostile):
    build, code, part = {**REFUSED, **STRIPPED}[hostile]
    with pytest.raises(UnsafePackage) as refused:
        word_package(build())
    assert (refused.value.code, refused.value.part) == (code, part)
    assert part in refused.value.message


def test_what_conversion_removes_is_handed_to_it_rather_than_refused():
    for build, _, part in STRIPPED.values():
        package, found = word_package(build(), allowed=stripping.STRIPPED)
        assert part in [active.part for active in found] and {a.kind for a in found} <= stripping.STRIPPED


@pytest.mark.parametrize("target", ["file:///C:/Users/an/AppData/Roaming/Microsoft/Templates/Normal.dotm",
                                    "Normal.dotm"])
def test_a_template_on_the_authors_own_machine_is_no_remote_link(target):
    assert word_package(with_relationship(built(), "word/_rels/settings.xml.rels", REL + "attachedTemplate", target,
                                          external=True))


@pytest.mark.parametrize("target", ["https://example.org/t.dotm", "\\\\server\\share\\t.dotm", "file://server/t.dotm",
                                    "//server/t.dotm", "ftp://example.org/t.dotm"])
def test_templates_on_other_machines_are_remote_links(target):
    with pytest.raises(UnsafePackage) as refused:
        word_package(remote_template(target))
    assert refused.value.code == "remote_template_forbidden" and target[:20] in refused.value.message


def test_a_simple_dde_field_is_refused_and_a_field_naming_dde_in_its_text_is_not():
    with pytest.raises(UnsafePackage) as refused:
        word_package(in_body('<w:p><w:fldSimple w:instr="DDEAUTO cmd /c calc"/></w:p>'))
    assert refused.value.code == "dde_forbidden"
    assert word_package(in_body('<w:p><w:fldSimple w:instr="REF DDEnote"/><w:r><w:t>DDE</w:t></w:r></w:p>'))


def test_an_element_dense_part_is_refused_before_it_is_parsed():
    # 300,000 empty paragraphs: 1.8 MB of XML, some 35 MB once parsed, and a minute of the checker. (Alone they
    # compress past the ratio limit; lifted here as an attacker would stay under it, with a little noise.)
    dense, unbounded = in_body("<w:p/>" * 300_000), Limits(max_ratio=10**6)
    with pytest.raises(UnsafePackage) as refused:
        word_package(dense, unbounded)
    assert (refused.value.code, refused.value.too_large, refused.value.part) == ("package_too_complex", True, DOCUMENT)
    assert word_package(dense, Limits(max_ratio=10**6, max_xml_elements=400_000))


def test_a_part_too_large_to_parse_whole_is_refused():
    with pytest.raises(UnsafePackage) as refused:
        word_package(in_body("<w:p/>" * 1000), Limits(max_xml_part_bytes=4096))
    assert (refused.value.code, refused.value.too_large, refused.value.part) == ("part_too_large", True, DOCUMENT)
