"""The text checks' patterns (service/formats/checks/wording.py): what is doubled punctuation and what is not,
which vote sentences agree with their figures."""

from __future__ import annotations

import pytest

from service.formats.checks.wording import ADOPTED, DOUBLED, DOUBLED_DASH, FRACTION, PERCENT


@pytest.mark.parametrize(
    "text, doubled",
    [
        ("chi bộ..", True),
        ("chi bộ,,", True),
        ("chi bộ;;", True),
        ("chi bộ,.", True),
        ("chi bộ. ,", True),
        ("Nghị quyết được thông qua./.", False),
        ("và các nội dung khác...", False),
        ("đạt 6,2 tấn/ha.", False),
        ("T/M CHI BỘ", False),
        ("ngày 26/5/2025.", False),
        ("Số 05-NQ/CB", False),
        ("1. Kết quả đạt được", False),
    ],
)
def test_doubled_punctuation(text, doubled):
    assert bool(DOUBLED.search(text)) == doubled


@pytest.mark.parametrize(
    "text, doubled", [("- - Đảng viên", True), ("- – Đảng viên", True), ("- Đảng viên", False), ("kinh tế - xã hội", False)]
)
def test_doubled_dash(text, doubled):
    assert bool(DOUBLED_DASH.search(text)) == doubled


def test_vote_sentence_parts():
    sentence = "Chi bộ biểu quyết thông qua: 14/15 đồng chí tán thành, đạt 93,33%"
    assert FRACTION.search(sentence).group("part", "whole") == ("14", "15")
    assert PERCENT.search(sentence)["value"] == "93,33"


@pytest.mark.parametrize(
    "text, adopted",
    [
        ("biểu quyết thông qua nghị quyết", True),
        ("dự thảo chưa được thông qua", False),
        ("nghị quyết không được thông qua", False),
    ],
)
def test_adoption_words(text, adopted):
    assert bool(ADOPTED.search(text)) == adopted
