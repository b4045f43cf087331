"""The printable book: a cell's documents in one DOCX, each a section from a new page with page numbers from
1 and its own headers; LibreOffice prints it on exactly the pages of the documents printed one by one."""

from __future__ import annotations

import dataclasses
import json
import re
import subprocess

import pytest
from lxml import etree

from service import pipeline
from service.batch import book
from service.batch.plan import BALLOT, COLLECTIVE, MINUTES, SELF_REVIEW
from service.formats.builder import TEMPLATE_DIR
from service.formats.profiles import all_profiles
from service.render.package import read_members, unpack, write_members
from tests.conftest import SAMPLES
from tests.helpers import part_xml
from tests.pdf_text import SOFFICE, convert

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
SAMPLE_FILES = {
    COLLECTIVE: "collective-review.json",
    SELF_REVIEW: "self-review.json",
    BALLOT: "review-ballot.json",
    MINUTES: "review-meeting.json",
}


def documents() -> list[bytes]:
    """The four kinds of a cell, in the book's order, from the samples (two members' self-reviews)."""
    data = {kind: json.loads((SAMPLES / name).read_text(encoding="utf-8")) for kind, name in SAMPLE_FILES.items()}
    data[BALLOT]["copies"] = 2
    second = {**data[SELF_REVIEW], "name": "Lê Thị Lan", "role": "leader"}
    inputs = [
        (COLLECTIVE, data[COLLECTIVE]),
        (SELF_REVIEW, data[SELF_REVIEW]),
        (SELF_REVIEW, second),
        (BALLOT, data[BALLOT]),
        (MINUTES, data[MINUTES]),
    ]
    return [pipeline.produce(kind, value).content for kind, value in inputs]


def test_each_document_is_a_section_from_a_new_page_numbered_from_1():
    merged = book.merge(documents(), "Tập in kiểm điểm năm 2026 - Chi bộ Thôn Đông")
    body = part_xml(merged).find(f"{W}body")
    sections = body.findall(f".//{W}sectPr")
    # Five documents; the ballot's two slips are a section each.
    assert len(sections) == 6 and sections[-1].getparent() is body
    for section in sections:
        assert section.find(f"{W}type").get(f"{W}val") == "nextPage"
        assert section.find(f"{W}pgNumType").get(f"{W}start") == "1"
        assert section.find(f"{W}titlePg") is not None
        order = [etree.QName(child).localname for child in section]
        assert order.index("type") < order.index("pgSz") < order.index("pgNumType") < order.index("titlePg")


def test_headers_are_kept_per_document_and_shared_when_equal():
    merged = book.merge(documents(), "Tập in")
    members = {member.name: member for member in read_members(merged)}
    rels = etree.fromstring(unpack(members["word/_rels/document.xml.rels"]))
    targets = {rel.get("Id"): rel.get("Target") for rel in rels}
    first_headers = []
    for section in part_xml(merged).iter(f"{W}sectPr"):
        references = {ref.get(f"{W}type"): ref.get(f"{R}id") for ref in section.findall(f"{W}headerReference")}
        assert set(references.values()) <= set(targets)
        first = references.get("first")
        first_headers.append(unpack(members["word/" + targets[first]]) if first else b"")
    codes = [re.search(rb"M\xe1\xba\xabu [^<]*", header) for header in first_headers]
    assert [c.group().decode() if c else None for c in codes] == [
        "Mẫu 01-HD KĐ.ĐG 2025",
        "Mẫu 2C-HD KĐ.ĐG 2025",
        "Mẫu 2A-HD KĐ.ĐG 2025",
        None,
        None,
        None,
    ]
    default_headers = {
        ref.get(f"{R}id") for ref in part_xml(merged).iter(f"{W}headerReference") if ref.get(f"{W}type") == "default"
    }
    # One page-number header part serves every section, the ballot's slips included (numbered from 1 each).
    assert [b"PAGE" in unpack(members["word/" + targets[rel_id]]) for rel_id in default_headers] == [True]


def test_the_merge_is_deterministic():
    assert book.merge(documents(), "Tập in") == book.merge(documents(), "Tập in")


def test_just_rendered_members_merge_as_their_docx_does(monkeypatch):
    # A batch hands the merge each document's members as rendered, with their uncompressed content: the book is
    # the same, and the rendered document parts are not inflated again.
    docx = documents()
    members = [read_members(document) for document in docx]
    rendered = [
        [member if member.name != book.DOCUMENT else dataclasses.replace(member, content=unpack(member)) for member in parts]
        for parts in members
    ]
    expected = book.merge(docx, "Tập in")
    monkeypatch.setattr("service.render.package.zlib.decompress", None)  # inflating anything now fails
    assert book.merge(rendered, "Tập in") == expected


def test_documents_with_other_styles_are_refused():
    first, second = documents()[:2]
    changed = [
        member
        if member.name != "word/styles.xml"
        else type(member)(member.name, member.method, member.crc + 1, member.size, member.payload)
        for member in read_members(second)
    ]
    with pytest.raises(book.BookError) as refused:
        book.merge([first, write_members(changed)], "Tập in")
    assert str(refused.value).startswith("Văn bản thứ 2 không ghép được vào tập in")


def test_the_templates_a_batch_renders_hold_nothing_the_merge_cannot_move():
    for kind in SAMPLE_FILES:
        for profile in all_profiles():
            template = (TEMPLATE_DIR / f"{kind}.{profile.id}.docx").read_bytes()
            xml = unpack(next(m for m in read_members(template) if m.name == "word/document.xml"))
            assert not [marker for marker in book.UNMERGEABLE if marker.encode() in xml], (kind, profile.id)


NEEDS_SOFFICE = pytest.mark.skipif(
    SOFFICE is None,
    reason="LibreOffice (soffice) is not installed; CI installs libreoffice-writer-nogui fonts-liberation2 poppler-utils",
)


@pytest.fixture(scope="module")
def printed(tmp_path_factory) -> list:
    """The documents alone and merged into a book (the last), as PDFs printed by LibreOffice in one call."""
    folder = tmp_path_factory.mktemp("book")
    parts = documents()
    named = {f"part{index}": part for index, part in enumerate(parts)} | {"book": book.merge(parts, "Tập in")}
    return list(convert(named, folder, folder / "profile", timeout=300).values())


@NEEDS_SOFFICE
def test_libreoffice_prints_the_book_on_the_pages_of_its_documents_numbered_per_document(printed):
    pages = [_pages(pdf) for pdf in printed]
    assert pages[-1] == sum(pages[:-1])
    # The first page of each document carries no number; its second page is numbered 2. The ballot (the fourth
    # document) is two one-page slips, each page a slip's first (tests/kinds/test_ballot_pages.py prints slips
    # that run onto a second page).
    first = 1
    for index, count in enumerate(pages[:-1]):
        if count > 1:
            assert (_header_number(printed[-1], first + 1) == "2") == (index != 3)
        first += count


def _pages(pdf) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"Pages:\s+(\d+)", info).group(1))


def _header_number(pdf, page: int) -> str:
    text = subprocess.run(
        ["pdftotext", "-f", str(page), "-l", str(page), "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return next(line.strip() for line in text.splitlines() if line.strip())


def test_every_section_declares_all_its_headers_and_footers():
    merged = book.merge(documents(), "Tập in")
    members = {member.name for member in read_members(merged)}
    rels = {
        rel.get("Id"): rel.get("Target")
        for rel in etree.fromstring(
            unpack(next(m for m in read_members(merged) if m.name == "word/_rels/document.xml.rels"))
        )
    }
    for section in part_xml(merged).iter(f"{W}sectPr"):
        declared = {
            (etree.QName(ref).localname, ref.get(f"{W}type"))
            for ref in section
            if etree.QName(ref).localname in ("headerReference", "footerReference")
        }
        assert declared == {
            (tag, kind) for tag in ("headerReference", "footerReference") for kind in ("default", "first", "even")
        }
        assert all(
            "word/" + rels[ref.get(f"{R}id")] in members
            for ref in section
            if etree.QName(ref).localname.endswith("Reference")
        )


@NEEDS_SOFFICE
def test_each_section_s_first_page_prints_as_its_document_s_first_page(printed):
    # The voting slips follow a self-review whose first page carries a form code: a slip that inherited it
    # could be told from the others, and the secrecy of the ballot would be gone.
    *parts, merged = printed
    first = 1
    for pdf in parts:
        assert _page_text(merged, first) == _page_text(pdf, 1), pdf.name
        first += _pages(pdf)
    assert "Mẫu" not in _page_text(merged, sum(_pages(pdf) for pdf in parts[:3]) + 1)


def _page_text(pdf, page: int) -> str:
    text = subprocess.run(
        ["pdftotext", "-f", str(page), "-l", str(page), str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return " ".join(text.split())
