"""The secret-ballot slip: members × four levels, one slip per voter on its own page."""

from __future__ import annotations

import io
import zipfile

import pytest
from lxml import etree

from service import pipeline
from service.formats.ooxml import R_NS, W_NS
from service.render.engine import render_docx
from service.vietnamese.names import sort_people
from tests.helpers import part_xml
from tests.kinds.findings import errors_of, sample, table_rows, text_of, warnings_of

BALLOT = "phieu-xep-loai"
NS = {"w": W_NS}


@pytest.fixture
def ballot() -> dict:
    return sample("review-ballot.json")


def test_slip_golden(ballot):
    ballot["copies"] = 1
    content = pipeline.produce(BALLOT, ballot).content
    text = text_of(BALLOT, ballot)
    assert "PHIẾU ĐÁNH GIÁ, XẾP LOẠI CHẤT LƯỢNG ĐẢNG VIÊN\nNăm 2026\n-----" in text
    assert "Đồng chí đánh dấu (X) vào một ô mức xếp loại đề xuất cho từng đảng viên" in text
    rows = table_rows(content, 1)
    assert rows[0] == ["STT", "Họ và tên", "HTXSNV", "HTTNV", "HTNV", "KHTNV"]
    assert len(rows) == 1 + len(ballot["members"])
    # Listed in Vietnamese name order (given name first), each with four empty boxes.
    expected = sort_people([m["name"] for m in ballot["members"]], key=lambda name: name)
    assert rows[1:] == [[str(n), name, "□", "□", "□", "□"] for n, name in enumerate(expected, 1)]


def test_one_slip_per_copy_each_in_a_section_of_its_own(ballot):
    content = pipeline.produce(BALLOT, ballot).content
    body = part_xml(content).find("w:body", NS)
    sections = body.findall(".//w:sectPr", NS)
    title = "PHIẾU ĐÁNH GIÁ, XẾP LOẠI CHẤT LƯỢNG ĐẢNG VIÊN"
    titles = [p for p in body.iter(f"{{{W_NS}}}p") if "".join(p.itertext()) == title]
    assert ballot["copies"] == 17 and len(titles) == 17 and len(sections) == 17
    # Each starts a new page numbered from 1: every slip prints the same page numbers.
    assert {(s.find("w:pgNumType", NS).get(f"{{{W_NS}}}start"), s.find("w:type", NS)) for s in sections} == {("1", None)}


def test_the_slip_is_rendered_once_and_printed_per_copy_without_parsing_the_body(ballot, monkeypatch):
    class Member(dict):
        reads = 0

        def __getitem__(self, key):
            Member.reads += 1
            return super().__getitem__(key)

    def parsed(xml):
        raise AssertionError("the rendered body was parsed")

    monkeypatch.setattr("service.render.engine.check_well_formed", parsed)
    prepared = pipeline.check(BALLOT, ballot)
    members = [Member(member) for member in prepared.context["members"]]
    content = render_docx(pipeline.template_bytes(BALLOT, prepared.profile.id), {**prepared.context, "members": members})
    # Seventeen copies, one render of the page (number and name of each member read once), and no copy
    # needs its XML parsed to know it is well-formed.
    assert Member.reads == 2 * len(members)
    assert content == pipeline.render(prepared).content
    assert len(part_xml(content).findall(".//w:body/w:tbl", NS)) == 2 * 17


def test_every_slip_numbers_its_own_pages_from_two_even_inside_a_book(ballot):
    # A slip that runs onto a second page says so, and every slip prints the same numbers: a number that went
    # on counting from slip to slip would tell one voter's slip from another's.
    from service.batch import book

    slips = pipeline.produce(BALLOT, ballot).content
    self_review = pipeline.produce("ban-kiem-diem-ca-nhan", sample("self-review.json")).content
    for content, first_slip in ((slips, 0), (book.merge([self_review, slips], "Tập in"), 1)):
        with zipfile.ZipFile(io.BytesIO(content)) as package:
            rels = {
                rel.get("Id"): rel.get("Target") for rel in etree.fromstring(package.read("word/_rels/document.xml.rels"))
            }
            headers = {
                rel_id: package.read(f"word/{target}").decode()
                for rel_id, target in rels.items()
                if target.startswith(("header", "book-header"))
            }
        sections = part_xml(content).findall(".//w:sectPr", NS)[first_slip:]
        assert len(sections) == ballot["copies"]
        for section in sections:
            references = {
                ref.get(f"{{{W_NS}}}type"): ref.get(f"{{{R_NS}}}id") for ref in section.findall("w:headerReference", NS)
            }
            assert "PAGE" in headers[references["default"]]
            assert section.find("w:titlePg", NS) is not None
            assert "PAGE" not in headers.get(references.get("first"), "")
            assert section.find("w:pgNumType", NS).get(f"{{{W_NS}}}start") == "1"


def test_exempt_members_are_not_printed(ballot):
    ballot["members"][2]["exempt"] = True
    assert errors_of(BALLOT, ballot)["/members/2/exempt"] == "exempt_member_listed"


def test_a_name_twice_is_a_warning(ballot):
    ballot["members"].append({"name": "nguyễn văn an"})
    assert warnings_of(BALLOT, ballot)["/members/20/name"] == "duplicate_member"


@pytest.mark.parametrize("copies, code", [(0, "greater_than_equal"), (501, "less_than_equal")])
def test_copies_are_bounded(ballot, copies, code):
    ballot["copies"] = copies
    assert errors_of(BALLOT, ballot)["/copies"] == code


def test_slips_times_members_are_bounded(ballot):
    ballot["members"] = [{"name": f"Đảng viên số {n}"} for n in range(1, 51)]
    ballot["copies"] = 401  # 20.050 rows
    assert errors_of(BALLOT, ballot)["/copies"] == "ballot_too_large"


def test_without_a_date_the_slip_leaves_it_to_write(ballot):
    del ballot["date"]
    assert "An Phú, ngày …… tháng …… năm ……" in text_of(BALLOT, ballot | {"copies": 1})


def test_namesakes_are_told_apart_on_every_slip():
    ballot = sample("review-ballot.json")
    ballot["members"] = [
        {"name": "Nguyễn Thị Hương", "distinction": "1992"},
        {"name": "Nguyễn Thị Hương", "distinction": "1980"},
        {"name": "Lê Văn An"},
    ]
    ballot["copies"] = 2
    rows = table_rows(pipeline.produce("phieu-xep-loai", ballot).content, 1)
    assert [row[1] for row in rows[1:]] == ["Lê Văn An", "Nguyễn Thị Hương (1980)", "Nguyễn Thị Hương (1992)"]
    ballot["members"][0].pop("distinction")
    ballot["members"][1].pop("distinction")
    warnings = pipeline.check("phieu-xep-loai", ballot).warnings
    assert [w.code for w in warnings] == ["duplicate_member"] and "ghi năm sinh" in warnings[0].message
