"""Line widths from the font's advance widths, and lines balanced over a column."""

from __future__ import annotations

import json

import pytest

from service.formats.text_width import WIDTHS_FILE, balanced_lines, text_width_mm
from tests.formats import font_widths


def test_the_party_title_measures_what_the_profile_says():
    # "rule_width_mm = 73" in both profiles: the width of the title in 15 pt bold.
    assert round(text_width_mm("ĐẢNG CỘNG SẢN VIỆT NAM", 15, bold=True), 1) == 72.9


def test_a_letter_with_a_tone_mark_is_as_wide_as_it_prints():
    assert text_width_mm("Ờ", 14) == text_width_mm("Ơ", 14)  # a tone mark sits on top
    assert text_width_mm("ĐẢNG", 14, bold=True) > text_width_mm("ĐẢNG", 14)
    assert text_width_mm("NĂM\u00a02026", 14) == text_width_mm("NĂM 2026", 14)


def test_a_character_outside_the_table_counts_as_the_widest():
    assert text_width_mm("漢", 14) >= text_width_mm("W", 14)


@pytest.mark.skipif(font_widths.font_path("regular") is None, reason="Liberation Serif is not installed")
def test_the_shipped_table_is_the_installed_fonts():
    pytest.importorskip("fontTools")
    assert json.loads(WIDTHS_FILE.read_text(encoding="utf-8")) == font_widths.measure()


def test_fewest_lines_then_the_evenest_shape():
    groups = ["ĐẢNG BỘ", "BỆNH VIỆN", "ĐA KHOA", "TỈNH QUẢNG NINH"]
    # Three lines are needed in 62 mm; "BỆNH VIỆN ĐA KHOA" in the middle, never "ĐA KHOA" pinched alone.
    assert balanced_lines(groups, 62, 14) == [["ĐẢNG BỘ"], ["BỆNH VIỆN", "ĐA KHOA"], ["TỈNH QUẢNG NINH"]]
    assert balanced_lines(groups, 200, 14) == [groups]


def test_two_lines_as_even_as_the_groups_allow():
    groups = ["ĐẢNG BỘ", "CÔNG TY", "CỔ PHẦN", "XI MĂNG", "BỈM SƠN"]

    def difference(split: int) -> float:
        return abs(text_width_mm(" ".join(groups[:split]), 14) - text_width_mm(" ".join(groups[split:]), 14))

    first, second = balanced_lines(groups, 80, 14)
    assert first + second == groups
    assert difference(len(first)) == min(difference(split) for split in range(1, len(groups)))


def test_a_group_wider_than_the_column_has_a_line_of_its_own():
    assert balanced_lines(["A", "MỘT NHÓM RẤT DÀI", "B"], 10, 14) == [["A"], ["MỘT NHÓM RẤT DÀI"], ["B"]]
