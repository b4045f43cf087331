"""service.vietnamese.names: Vietnamese name order, name equality and the word groups a name breaks between."""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass

import pytest

from service.vietnamese.names import finer, name_groups, name_sort_key, same_name, sort_people


@dataclass
class Member:
    name: str
    note: str = ""


def test_people_sort_by_given_name_then_family_then_middle():
    people = [
        Member(n)
        for n in (
            "Trần Thị Bình",
            "Nguyễn Văn An",
            "Lê Văn Ánh",
            "Đặng Thị Ân",
            "Phạm Thị Thuỷ",
            "Hoàng Hoà",
            "Lê Văn An",
            "Nguyễn Thị An",
        )
    ]
    assert [m.name for m in sort_people(people)] == [
        "Lê Văn An",
        "Nguyễn Thị An",
        "Nguyễn Văn An",  # An: by family name, then middle name
        "Lê Văn Ánh",
        "Đặng Thị Ân",
        "Trần Thị Bình",
        "Hoàng Hoà",
        "Phạm Thị Thuỷ",
    ]


def test_letters_decide_before_tones():
    # a < ă < â as letters; "Anh" and "Ánh" differ only by tone, so both come before "Ăn".
    names = ["Vũ Ăn", "Vũ Ánh", "Vũ Ân", "Vũ Anh", "Vũ An", "Vũ Ba"]
    assert sorted(names, key=name_sort_key) == ["Vũ An", "Vũ Anh", "Vũ Ánh", "Vũ Ăn", "Vũ Ân", "Vũ Ba"]


def test_tones_follow_the_dictionary_order():
    names = ["Lê Mạ", "Lê Má", "Lê Mã", "Lê Mả", "Lê Mà", "Lê Ma"]
    assert sorted(names, key=name_sort_key) == ["Lê Ma", "Lê Mà", "Lê Mả", "Lê Mã", "Lê Má", "Lê Mạ"]


def test_the_vietnamese_alphabet_places_d_bar_and_the_modified_vowels():
    given = ["Đức", "Dung", "Ê", "En", "Ơn", "Ôn", "On", "Ưng", "Ung", "Văn", "Yến", "Xuân"]
    expected = ["Dung", "Đức", "En", "Ê", "On", "Ôn", "Ơn", "Ung", "Ưng", "Văn", "Xuân", "Yến"]
    assert sorted((f"Lê {g}" for g in given), key=name_sort_key) == [f"Lê {e}" for e in expected]


def test_case_unicode_form_spacing_and_tone_placement_never_change_the_order():
    assert (
        name_sort_key("Phạm Thị Thuỷ")
        == name_sort_key("PHẠM  THỊ THỦY")
        == name_sort_key(unicodedata.normalize("NFD", "phạm thị thủy"))
    )
    assert name_sort_key("Hoàng Hoà") == name_sort_key("Hoàng Hòa")


def test_equal_names_keep_their_input_order():
    people = [Member("Hoàng Hòa", "first"), Member("Lê An"), Member("Hoàng Hoà", "second")]
    assert [m.note for m in sort_people(people) if m.name.startswith("Hoàng")] == ["first", "second"]


def test_order_does_not_depend_on_input_order():
    names = [
        "Trần Thị Bình",
        "Nguyễn Văn An",
        "Lê Văn Ánh",
        "Đặng Thị Ân",
        "Phạm Thị Thủy",
        "Hoàng Hòa",
        "Bùi Quốc Khánh",
        "Ngô Thị Khanh",
        "An",
        "",
    ]
    expected = sorted(names, key=name_sort_key)
    for seed in range(5):
        shuffled = names[:]
        random.Random(seed).shuffle(shuffled)
        assert sort_people(shuffled, key=lambda name: name) == expected
    assert expected[:2] == ["", "An"]


def test_same_name_ignores_case_form_spacing_and_tone_placement():
    assert same_name("Phạm Thị Thuỷ", "phạm thị  thủy")
    assert same_name("Hoàng Hoà", unicodedata.normalize("NFD", "Hoàng Hòa"))
    assert same_name("Khỏe", "Khoẻ")


def test_same_name_tells_different_names_apart():
    assert not same_name("Hoàng Hoà", "Hoàng Hóa")
    assert not same_name("Nguyễn Văn An", "Nguyễn Văn Ân")
    assert not same_name("Nguyễn Văn An", "Văn An")
    assert not same_name("Lê Đức", "Lê Dức")


@pytest.mark.parametrize(
    "name, groups",
    [
        ("Đảng bộ Công ty Cổ phần Xi măng Bỉm Sơn", "Đảng bộ | Công ty | Cổ phần | Xi măng | Bỉm Sơn"),
        (
            "Chi bộ Phòng Tổ chức - Hành chính Bệnh viện Đa khoa tỉnh Quảng Ninh",
            "Chi bộ | Phòng Tổ chức - Hành chính | Bệnh viện | Đa khoa | tỉnh Quảng Ninh",
        ),
        ("Đảng bộ xã An Phú", "Đảng bộ | xã An Phú"),
        ("Chi bộ Thôn 3", "Chi bộ | Thôn 3"),
        ("Chi bộ Thôn Đông", "Chi bộ | Thôn Đông"),
        ("Đảng bộ Cơ quan Bộ Tư pháp", "Đảng bộ | Cơ quan | Bộ Tư pháp"),
        ("Chi bộ Trường Trung học phổ thông Nguyễn Trãi", "Chi bộ | Trường Trung học phổ thông | Nguyễn Trãi"),
        (
            "Đảng bộ Trường Đại học Sư phạm Thành phố Hồ Chí Minh",
            "Đảng bộ | Trường Đại học | Sư phạm | Thành phố Hồ Chí Minh",
        ),
        ("Chi bộ Tổ dân phố số 4 phường Hòa Bình", "Chi bộ | Tổ dân phố số 4 | phường Hòa Bình"),
        ("Chi bộ Tổ chức cán bộ", "Chi bộ | Tổ chức cán bộ"),  # "Tổ" before no name is no locality
        ("ĐẢNG BỘ XÃ AN PHÚ", "ĐẢNG | BỘ | XÃ AN PHÚ"),  # capitals: only the locality is known
        (
            "Đảng bộ Khối các cơ quan và doanh nghiệp tỉnh Bà Rịa - Vũng Tàu",
            "Đảng bộ | Khối các cơ quan và doanh nghiệp | tỉnh Bà Rịa - Vũng Tàu",
        ),
    ],
)
def test_names_break_only_between_word_groups(name, groups):
    assert " | ".join(" ".join(group) for group in name_groups(name)) == groups


def test_a_group_too_long_for_a_line_breaks_into_finer_pieces():
    # Its units, a hyphenated name kept whole; then the name's halves; then a long noun's phrases; then words.
    assert finer("Phòng Tổ chức - Hành chính".split()) == [["Phòng"], ["Tổ", "chức", "-", "Hành", "chính"]]
    assert finer("Tổ chức - Hành chính".split()) == [["Tổ", "chức", "-"], ["Hành", "chính"]]
    assert finer("Khối các cơ quan và doanh nghiệp".split()) == [["Khối"], ["các", "cơ", "quan"], ["và", "doanh", "nghiệp"]]
    assert finer("Trách nhiệm hữu hạn một thành viên".split()) == [
        ["Trách", "nhiệm", "hữu", "hạn"],
        ["một", "thành", "viên"],
    ]
    assert finer("Xổ số kiến thiết".split()) == [["Xổ"], ["số"], ["kiến"], ["thiết"]]
