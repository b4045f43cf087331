"""The header's left column on the printed page: long real organization names break only between word groups,
never inside a place's or a person's name, in lines of even length within the column (LibreOffice's PDF)."""

from __future__ import annotations

import copy

import pytest

from service import pipeline
from service.formats.profiles import all_profiles, get_profile
from service.kinds import common
from service.vietnamese.text import upper
from tests.kinds.findings import sample
from tests.pdf_text import POINTS_PER_MM, convert, needs_soffice, printed_lines

pytestmark = needs_soffice

# (upper level, cell, the names on the page that must never be split across lines)
NAMES = [
    (
        "Đảng bộ Công ty Cổ phần Xi măng Bỉm Sơn",
        "Chi bộ Phân xưởng Lò nung Clinker",
        ["CÔNG TY", "CỔ PHẦN", "XI MĂNG", "BỈM SƠN", "PHÂN XƯỞNG", "LÒ NUNG"],
    ),
    (
        "Đảng bộ Bệnh viện Đa khoa tỉnh Quảng Ninh",
        "Chi bộ Phòng Tổ chức - Hành chính Bệnh viện Đa khoa tỉnh Quảng Ninh",
        ["BỆNH VIỆN", "ĐA KHOA", "TỈNH QUẢNG NINH", "TỔ CHỨC - HÀNH CHÍNH"],
    ),
    (
        "Đảng bộ Quân sự tỉnh Hưng Yên",
        "Chi bộ Ban Chỉ huy Quân sự xã Nghĩa Trụ huyện Văn Giang",
        ["TỈNH HƯNG YÊN", "XÃ NGHĨA TRỤ", "HUYỆN VĂN GIANG", "CHỈ HUY", "QUÂN SỰ"],
    ),
    (
        "Đảng bộ Khối các cơ quan tỉnh Bà Rịa - Vũng Tàu",
        "Chi bộ Khoa Hồi sức tích cực - Chống độc Bệnh viện Trung ương Thái Nguyên",
        ["BÀ RỊA", "VŨNG TÀU", "HỒI SỨC TÍCH CỰC", "CHỐNG ĐỘC", "THÁI NGUYÊN", "TRUNG ƯƠNG"],
    ),
    (
        "Đảng bộ Trường Đại học Sư phạm Thành phố Hồ Chí Minh",
        "Chi bộ Trường Trung học phổ thông Nguyễn Thị Minh Khai",
        ["HỒ CHÍ MINH", "NGUYỄN THỊ MINH KHAI", "ĐẠI HỌC", "SƯ PHẠM", "TRUNG HỌC PHỔ THÔNG"],
    ),
    # The checker's own long names (tests/formats/corpus.py on the checker branch).
    (
        "Đảng bộ Khối các cơ quan và doanh nghiệp tỉnh Bà Rịa - Vũng Tàu",
        "Chi bộ Công ty Trách nhiệm hữu hạn một thành viên Xổ số kiến thiết Hưng Yên",
        [
            "CƠ QUAN",
            "DOANH NGHIỆP",
            "BÀ RỊA - VŨNG TÀU",
            "TRÁCH NHIỆM HỮU HẠN",
            "MỘT THÀNH VIÊN",
            "XỔ SỐ KIẾN THIẾT",
            "HƯNG YÊN",
            "CÔNG TY",
        ],
    ),
]
CASES = [(index, profile.id) for index in range(len(NAMES)) for profile in all_profiles()]


# A place long enough that "place, date" does not fit the right column on one line.
LONG_PLACE = "Thành phố Hồ Chí Minh"


def _document(index: int, profile_id: str, *, plain: bool = False) -> bytes:
    data = copy.deepcopy(sample("monthly-meeting.json"))
    data["organization"].update(upper=NAMES[index][0], name=NAMES[index][1], place=LONG_PLACE)
    data["profile"] = profile_id
    prepared = pipeline.check("nghi-quyet-thang", data)
    if plain:
        # What the header printed before names were grouped: the word processor breaks where it likes.
        prepared.context["org"].update(upper=upper(NAMES[index][0]), name=upper(NAMES[index][1]))
        prepared.context["doc"]["place_date"] = prepared.context["doc"]["place_date"].replace("\u00a0", " ")
    return pipeline.render(prepared).content


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory):
    documents = {f"{index}-{profile}": _document(index, profile) for index, profile in CASES}
    documents["plain"] = _document(0, "hd05-2026", plain=True)
    return convert(documents, tmp_path_factory.mktemp("header"), tmp_path_factory.mktemp("soffice-profile"))


def _left_column(pdf, profile_id: str) -> list[tuple[str, float]]:
    """The header's left column as printed: each line's text and width in mm, down to the number line."""
    profile = get_profile(profile_id)
    right_edge = (profile.page.margin_left_mm + profile.header_columns_mm[0]) * POINTS_PER_MM
    lines = []
    for line in printed_lines(pdf):
        if line.page != 1:
            break
        words = [(x0, x1, word) for x0, x1, word in line.words if x1 <= right_edge + 1]
        if not words:
            continue
        lines.append((" ".join(word for _, _, word in words), (words[-1][1] - words[0][0]) / POINTS_PER_MM))
        if words[0][2] == "Số":
            break
    return lines


def _split_names(lines: list[str], names: list[str]) -> list[str]:
    """The names printed across two lines: in the column's text but on no line whole."""
    column = " ".join(lines)
    return [name for name in names if name in column and not any(name in line for line in lines)]


@pytest.mark.parametrize("case", CASES, ids=[f"{NAMES[i][0][8:30]}-{p}" for i, p in CASES])
def test_no_line_of_the_header_ends_inside_a_name(pdfs, case):
    index, profile_id = case
    printed = _left_column(pdfs[f"{index}-{profile_id}"], profile_id)
    lines = [text for text, _ in printed]
    assert lines[-1].startswith("Số") and "*" in lines
    names = [upper(NAMES[index][0]), upper(NAMES[index][1])]
    assert " ".join(lines[: lines.index("*")]) == " ".join(names)  # every word printed, none lost
    assert _split_names(lines, NAMES[index][2]) == []
    column = get_profile(profile_id).header_columns_mm[0]
    assert all(width <= column for _, width in printed)


@pytest.mark.parametrize("case", CASES, ids=[f"{NAMES[i][0][8:30]}-{p}" for i, p in CASES])
def test_the_lines_are_the_ones_chosen_balanced(pdfs, case):
    """LibreOffice breaks nowhere but where the header chose: the line breaks the context holds are the page's."""
    index, profile_id = case
    lines = [text for text, _ in _left_column(pdfs[f"{index}-{profile_id}"], profile_id)]
    profile = get_profile(profile_id)
    chosen = common.header_name(NAMES[index][0], profile, profile.header.upper_org).split("\n") + common.header_name(
        NAMES[index][1], profile, profile.header.issuer
    ).split("\n")
    assert lines[: len(chosen)] == [line.replace("\u00a0", " ") for line in chosen]


def _right_column_date(pdf, profile_id: str) -> list[str]:
    """The place-date line of the header's right column, as printed lines."""
    profile = get_profile(profile_id)
    left_edge = (profile.page.margin_left_mm + profile.header_columns_mm[0]) * POINTS_PER_MM
    lines = []
    for line in printed_lines(pdf):
        words = [word for x0, _, word in line.words if x0 >= left_edge]
        text = " ".join(words)
        if lines or text.startswith(LONG_PLACE.split()[0]):
            lines.append(text)
        if text.endswith("2026"):
            break
    return lines


@pytest.mark.parametrize("case", CASES[:2], ids=[p for _, p in CASES[:2]])
def test_a_long_place_date_line_breaks_after_the_comma(pdfs, case):
    index, profile_id = case
    assert _right_column_date(pdfs[f"{index}-{profile_id}"], profile_id) == [
        "Thành phố Hồ Chí Minh,",
        "ngày 05 tháng 11 năm 2026",
    ]


def test_the_checks_can_fail(pdfs):
    lines = [text for text, _ in _left_column(pdfs["plain"], "hd05-2026")]
    assert _split_names(lines, NAMES[0][2])
    assert _right_column_date(pdfs["plain"], "hd05-2026")[-1] == "2026"
