"""Each legacy table, checked character by character against a construction that does not use it."""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
from collections import Counter

import pytest

from service.vietnamese.legacy_tables import TCVN3, VISCII_C0, VISCII_HIGH, VNI
from tests.vietnamese.legacy_samples import MODIFIED, SAMPLES, TONES, VOWELS, all_letters, lower_letters, nfc, tcvn3, vni


def test_the_letter_list_itself_has_134_distinct_precomposed_letters():
    letters = all_letters()
    assert len(letters) == len(set(letters)) == 134
    assert all(len(letter) == 1 and unicodedata.category(letter) in ("Ll", "Lu") for letter in letters)


# --- TCVN3 ---------------------------------------------------------------------------------


def test_tcvn3_has_the_67_lower_case_letters_and_the_7_capitals_without_tone_each_once():
    capitals = [nfc(letter).upper() for letter in ("đ", *MODIFIED)]
    assert Counter(TCVN3.values()) == Counter(lower_letters() + capitals)
    assert len(TCVN3) == 74


@pytest.mark.parametrize("letter", [nfc(v).upper() for v in ("đ", *MODIFIED)] + lower_letters())
def test_tcvn3_codes_are_high_latin1_bytes(letter):
    [code] = [code for code, value in TCVN3.items() if value == letter]
    assert 0xA1 <= code <= 0xFE


def test_tcvn3_capitals_then_lower_case_in_the_order_a_e_o_u_d():
    # 0xA1-0xA7 and 0xA8-0xAE hold the same seven letters, capitals first.
    order = ["a\u0306", "a\u0302", "e\u0302", "o\u0302", "o\u031b", "u\u031b", "đ"]
    assert [TCVN3[0xA1 + i] for i in range(7)] == [nfc(v).upper() for v in order]
    assert [TCVN3[0xA8 + i] for i in range(7)] == [nfc(v) for v in order]


@pytest.mark.parametrize("vowel", VOWELS)
def test_tcvn3_codes_of_one_vowel_rise_in_tone_order(vowel):
    codes = [next(code for code, value in TCVN3.items() if value == nfc(vowel + tone)) for tone in TONES]
    assert codes == sorted(codes)


ICONV = shutil.which("iconv")


def _iconv(encoding: str, data: bytes) -> str:
    return subprocess.run(
        [ICONV, "-f", encoding, "-t", "UTF-8"], input=data, capture_output=True, check=True
    ).stdout.decode()


@pytest.mark.skipif(ICONV is None, reason="iconv is not installed")
def test_tcvn3_agrees_with_glibc_on_every_code():
    # glibc's TCVN5712-1 is VN1, a superset of the ABC fonts' VN3: it agrees on all 74 codes.
    decoded = _iconv("TCVN5712-1", bytes(sorted(TCVN3)))
    assert dict(zip(sorted(TCVN3), decoded)) == TCVN3


# --- VNI ------------------------------------------------------------------------------------

_VNI_TONES = dict(zip(TONES, "øûõùï"))
_VNI_CIRCUMFLEX = dict(zip(("", *TONES), "âàåãáä"))
_VNI_BREVE = dict(zip(("", *TONES), "êèúüéë"))
_VNI_SINGLE = {"i": dict(zip(TONES, "ìæóíò")), "y": {"\u0323": "î"}}


def _vni_by_rule(letter: str) -> str:
    """The rules of the domain notes: base letter + mark; ơ ô, ư ö, đ ñ; i and ỵ are single characters."""
    if letter.lower() == "đ":
        return "ñ" if letter == "đ" else "Ñ"
    base, *marks = unicodedata.normalize("NFD", letter)
    tone = next((mark for mark in marks if mark in TONES), "")
    shape = next((mark for mark in marks if mark not in TONES), "")
    case = str.upper if base.isupper() else str.lower
    lower = base.lower()
    if shape == "\u0302":
        return base + case(_VNI_CIRCUMFLEX[tone])
    if shape == "\u0306":
        return base + case(_VNI_BREVE[tone])
    if shape == "\u031b":
        return case({"o": "ô", "u": "ö"}[lower]) + (case(_VNI_TONES[tone]) if tone else "")
    if tone in _VNI_SINGLE.get(lower, {}):
        return case(_VNI_SINGLE[lower][tone])
    return base + case(_VNI_TONES[tone])


def test_vni_covers_the_134_letters_exactly():
    assert sorted(VNI) == sorted(all_letters())


@pytest.mark.parametrize("letter", all_letters())
def test_vni_letter_follows_the_rules(letter):
    assert VNI[letter] == _vni_by_rule(letter)


def test_vni_keeps_i_grave_and_acute_as_themselves():
    assert (VNI["ì"], VNI["í"], VNI["Ì"], VNI["Í"]) == ("ì", "í", "Ì", "Í")


def test_vni_spellings_are_unambiguous():
    assert len(set(VNI.values())) == 134


# --- VISCII ---------------------------------------------------------------------------------


def test_viscii_holds_the_134_letters_each_once_in_its_134_codes():
    assert len(VISCII_HIGH) == 128
    assert Counter([*VISCII_C0.values(), *VISCII_HIGH]) == Counter(all_letters())


@pytest.mark.skipif(ICONV is None, reason="iconv is not installed")
def test_viscii_agrees_with_glibc_byte_by_byte():
    assert _iconv("VISCII", bytes(range(0x80, 0x100))) == VISCII_HIGH
    assert _iconv("VISCII", bytes(sorted(VISCII_C0))) == "".join(VISCII_C0[code] for code in sorted(VISCII_C0))


# --- the domain notes' samples ----------------------------------------------------------------


@pytest.mark.parametrize("unicode, typed_tcvn3, capitals, typed_vni", SAMPLES, ids=[s[0] for s in SAMPLES])
def test_tables_write_each_sample_as_the_notes_print_it(unicode, typed_tcvn3, capitals, typed_vni):
    assert tcvn3(unicode) == typed_tcvn3
    assert vni(unicode) == typed_vni
