"""service.vietnamese.syllables: tone apart from letters, and what can be a Vietnamese syllable."""

from __future__ import annotations

import unicodedata

import pytest

from service.vietnamese.syllables import HOI, HUYEN, NANG, NGA, NGANG, SAC, is_syllable, split_tone
from tests.vietnamese.words import WORDS


def test_split_tone_is_the_same_for_either_tone_placement_and_unicode_form():
    assert split_tone("Thủy") == split_tone("Thuỷ") == split_tone(unicodedata.normalize("NFD", "Thuỷ")) == ("Thuy", (HOI,))
    assert split_tone("hoà") == split_tone("hòa") == ("hoa", (HUYEN,))
    assert split_tone("Đặng") == ("Đăng", (NANG,))
    assert split_tone("An") == ("An", ())


def test_tones_are_numbered_in_dictionary_order():
    assert [split_tone(word)[1] for word in ("ma", "mà", "mả", "mã", "má", "mạ")] == [
        (),
        (HUYEN,),
        (HOI,),
        (NGA,),
        (SAC,),
        (NANG,),
    ]
    assert NGANG < HUYEN < HOI < NGA < SAC < NANG


@pytest.mark.parametrize("word", WORDS)
def test_real_words_are_syllables(word):
    assert is_syllable(word) or word.isascii() and word.isupper()


@pytest.mark.parametrize(
    "word",
    ["§¶ng", "Ñaûng", "Coäng", "thaùng", "ViÖt", "café", "Müller", "càc", "mãt", "ǹ", "bcd", "Hµ", "", "ab1", "tháng-năm"],
)
def test_non_syllables_are_refused(word):
    assert not is_syllable(word)
