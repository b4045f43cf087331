import re
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from service.vietnamese.text import (
    bare,
    bind,
    clean,
    keep_year,
    lines,
    nfc,
    normalize_input,
    one_line,
    punctuate,
    sentence,
    sentence_case_first,
    upper,
)


def nfd(s):
    return unicodedata.normalize("NFD", s)


@pytest.mark.parametrize(
    "s",
    [
        "Chi bộ thôn Đông",
        "Đảng ủy xã An Phú",
        "nghị quyết",
        "Hòa Bình",
        "Nguyễn Thị Ngọc Hương",
        "",
    ],
)
def test_nfc_round_trip(s):
    decomposed = nfd(s)
    assert nfc(decomposed) == s
    assert nfc(s) == s


def test_nfd_input_is_actually_decomposed():
    # Guards the round-trip table: if NFD equalled NFC, it would prove nothing.
    assert nfd("Đảng ủy") != "Đảng ủy"


@pytest.mark.parametrize(
    "raw, cleaned",
    [
        ("  Chi bộ  ", "Chi bộ"),
        ("Chi   bộ\t\tthôn", "Chi bộ thôn"),
        ("dòng 1\r\ndòng 2\rdòng 3", "dòng 1\ndòng 2\ndòng 3"),
        ("dòng 1   \ndòng 2\t", "dòng 1\ndòng 2"),
        ("đoạn 1\n\nđoạn 2", "đoạn 1\n\nđoạn 2"),
        ("\n\n nội dung \n\n", "nội dung"),
        ("a\x00b\x07c\x0bd\x0ce\x1ff", "abcdef"),
        ("a\ufffeb\uffffc", "abc"),
        ("a\ud800b\udfffc", "abc"),
        ("giữ\ttab", "giữ tab"),
        ("giữ\u00a0nbsp", "giữ\u00a0nbsp"),
        (nfd("Đảng ủy"), "Đảng ủy"),
        # A stray control character between base letter and mark must not
        # keep them from composing.
        ("u\x01\u031b", "ư"),
    ],
)
def test_clean(raw, cleaned):
    assert clean(raw) == cleaned


@given(st.text())
def test_clean_output_is_xml_safe_nfc_and_stable(s):
    result = clean(s)
    assert unicodedata.is_normalized("NFC", result)
    assert clean(result) == result
    forbidden = {
        ch for ch in result if (ord(ch) < 0x20 and ch not in "\n\t") or ch in "\ufffe\uffff" or 0xD800 <= ord(ch) <= 0xDFFF
    }
    assert forbidden == set()
    assert "\r" not in result
    assert "\t" not in result
    assert "  " not in result


def test_normalize_input_cleans_nested_strings_and_keys():
    raw = {
        " ten_chi_bo ": nfd("  Chi bộ thôn Đông "),
        "so_dang_vien": 15,
        "ty_le": 93.33,
        "co_mat": True,
        "ghi_chu": None,
        "dang_vien": [{"ho_ten": "Nguyễn\tVăn  A\r\n"}, ("Lê Thị\x0cB", 3)],
    }
    assert normalize_input(raw) == {
        "ten_chi_bo": "Chi bộ thôn Đông",
        "so_dang_vien": 15,
        "ty_le": 93.33,
        "co_mat": True,
        "ghi_chu": None,
        "dang_vien": [{"ho_ten": "Nguyễn Văn A"}, ("Lê ThịB", 3)],
    }


def test_normalize_input_returns_new_objects():
    inner = [" a "]
    raw = {"k": inner}
    result = normalize_input(raw)
    assert result == {"k": ["a"]}
    assert raw == {"k": [" a "]}
    assert result["k"] is not inner


@pytest.mark.parametrize("value", [0, 1.5, None, True, b" bytes "])
def test_normalize_input_leaves_other_types(value):
    assert normalize_input(value) is value


def test_normalize_input_rejects_keys_that_collide_after_cleaning():
    with pytest.raises(ValueError):
        normalize_input({"ho_ten": 1, " ho_ten": 2})


@pytest.mark.parametrize(
    "s, result",
    [
        ("Chi bộ thôn Đông", "CHI BỘ THÔN ĐÔNG"),
        ("đảng ủy", "ĐẢNG ỦY"),
        ("đảng bộ xã hòa bình", "ĐẢNG BỘ XÃ HÒA BÌNH"),
        ("nghị quyết số 05-NQ/CB", "NGHỊ QUYẾT SỐ 05-NQ/CB"),
        (nfd("Chi bộ thôn Đông"), "CHI BỘ THÔN ĐÔNG"),
        (nfd("đảng ủy"), "ĐẢNG ỦY"),
    ],
)
def test_upper(s, result):
    assert upper(s) == result
    assert unicodedata.is_normalized("NFC", upper(s))


@pytest.mark.parametrize(
    "s, result",
    [
        ("Về nhiệm vụ trọng tâm", "về nhiệm vụ trọng tâm"),
        ("Đánh giá chất lượng", "đánh giá chất lượng"),
        ("Ủy quyền", "ủy quyền"),
        (nfd("Đánh giá"), "đánh giá"),
        ("V/v triển khai", "v/v triển khai"),
        ("A và B", "a và B"),
        ("UBND xã", "UBND xã"),
        ("HĐND xã", "HĐND xã"),
        ("về nhiệm vụ", "về nhiệm vụ"),
        ("", ""),
    ],
)
def test_sentence_case_first(s, result):
    assert sentence_case_first(s) == result


def _clean_step_by_step(s: str) -> str:
    """clean() without its shortcut for values that need nothing done."""
    s = s.replace("\r\n", "\n").replace("\r", "\n")
    s = unicodedata.normalize("NFC", re.sub("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]", "", s))
    return "\n".join(re.sub("[ \t]+", " ", line).rstrip(" ") for line in s.split("\n")).strip()


@settings(max_examples=500, deadline=None)
@given(st.text(st.sampled_from(list(" \t\n\r\x00\x0b\x1f\xa0\u3000\u2028\x85aĐ\u0301ệe\ufffe")), max_size=8))
def test_the_shortcut_for_clean_values_gives_what_the_steps_give(s):
    assert clean(s) == _clean_step_by_step(s)
    assert clean(clean(s)) == clean(s)


# Text as documents print it ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed, inside, ending",
    [
        ("Hội trường Cục.", "Hội trường Cục", "Hội trường Cục."),
        ("Hội trường Cục", "Hội trường Cục", "Hội trường Cục."),
        ("Đảng ủy xã; ", "Đảng ủy xã", "Đảng ủy xã."),
        ("Làm gì để đạt chuẩn?", "Làm gì để đạt chuẩn?", "Làm gì để đạt chuẩn?"),
        ("Còn nhiều việc…", "Còn nhiều việc…", "Còn nhiều việc…"),
    ],
)
def test_a_closing_mark_is_never_doubled(typed, inside, ending):
    assert bare(typed) == inside
    assert punctuate(typed) == ending
    assert punctuate(typed, ";") == bare(typed) + ";"


def test_one_line_and_lines():
    assert one_line("Hội trường\n  Cục Thuế \n") == "Hội trường Cục Thuế"
    assert one_line("giữ\u00a0nbsp") == "giữ\u00a0nbsp"
    assert lines("Dòng một.\n\n  Dòng hai.  \n") == ["Dòng một.", "Dòng hai."]
    assert sentence("Kết quả\ntốt") == "Kết quả tốt."


@pytest.mark.parametrize(
    "text, held",
    [
        ("Nhiệm vụ tháng 11 năm 2026", "Nhiệm vụ tháng 11 năm\u00a02026"),
        ("SINH HOẠT CHUYÊN ĐỀ QUÝ IV NĂM 2026", "SINH HOẠT CHUYÊN ĐỀ QUÝ IV NĂM\u00a02026"),
        ("kế hoạch năm 2026", "kế hoạch năm\u00a02026"),
        ("năm học mới", "năm học mới"),
    ],
)
def test_the_year_stays_with_its_word(text, held):
    assert keep_year(text) == held


def test_bind_holds_a_name_together():
    assert bind("Nguyễn Thị Phương Thảo") == "Nguyễn\u00a0Thị\u00a0Phương\u00a0Thảo"
