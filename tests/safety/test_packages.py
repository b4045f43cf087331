"""An untrusted package: member names, compression methods, parts too large or too dense to parse."""

from __future__ import annotations

import zipfile

import pytest

from service.safety.packages import Limits, Package, UnsafePackage
from service.safety.uploads import word_package
from tests.safety.active import in_body
from tests.custom_templates.files import DOCUMENT, zipped


@pytest.mark.parametrize(
    "name",
    ["../evil.xml", "word/../../evil.xml", "/etc/passwd", "\\evil.xml", "word\\..\\evil.xml", "C:/evil.xml", "c:evil.xml"],
)
def test_member_names_outside_the_package_are_refused(name):
    with pytest.raises(UnsafePackage) as refused:
        Package(zipped({"word/document.xml": "<w/>", name: "<x/>"}))
    assert refused.value.code == "unsafe_member_name" and name[:20] in refused.value.message


@pytest.mark.parametrize("name", ["word/document.xml", "word/media/image..1.png", "customXml/item1.xml"])
def test_ordinary_member_names_pass(name):
    assert name in Package(zipped({name: "<x/>"})).names


@pytest.mark.parametrize("method, name", [(zipfile.ZIP_BZIP2, "bzip2"), (zipfile.ZIP_LZMA, "LZMA")])
def test_members_compressed_but_with_deflate_are_refused_naming_the_part(method, name):
    package = zipped({"[Content_Types].xml": "<Types/>", DOCUMENT: "<w/>"}, method)
    with pytest.raises(UnsafePackage) as refused:
        Package(package)
    assert (refused.value.code, refused.value.part) == ("unsupported_compression", "[Content_Types].xml")
    assert name in refused.value.message and "[Content_Types].xml" in refused.value.message


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
