"""service.vietnamese.legacy: decoding by table, and the conservative guess for text without a font."""

from __future__ import annotations

import string
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from service.vietnamese.legacy import convert_legacy_input, decode, detect_and_convert, is_8bit
from tests.vietnamese.legacy_samples import SAMPLES, all_letters, tcvn3, viscii, vni
from tests.vietnamese.words import LATIN1_WORDS, WORDS

IDS = [sample[0] for sample in SAMPLES]


@pytest.mark.parametrize("unicode, typed_tcvn3, capitals, typed_vni", SAMPLES, ids=IDS)
def test_the_ten_samples_decode(unicode, typed_tcvn3, capitals, typed_vni):
    assert decode(typed_tcvn3, "tcvn3", capitals=capitals) == unicode
    assert decode(typed_vni, "vni") == unicode


@pytest.mark.parametrize("letter", all_letters())
def test_every_letter_round_trips_through_each_table(letter):
    if letter.islower() or letter in "ĂÂÊÔƠƯĐ":
        assert decode(tcvn3(letter), "tcvn3") == letter
    else:
        assert decode(tcvn3(letter), "tcvn3", capitals=True) == letter
    assert decode(vni(letter), "vni") == letter
    if letter not in "ẲẴẪỶỸỴ":
        assert decode(viscii(letter), "viscii") == letter


@pytest.mark.parametrize("encoding", ["tcvn3", "vni", "viscii"])
def test_ascii_passes_through_and_the_output_is_nfc(encoding):
    ascii_text = "Chi bo 12-NQ/CB (A & B) <x> 100%"
    assert decode(ascii_text, encoding) == ascii_text
    assert decode(unicodedata.normalize("NFD", "Việt ý"), encoding) == "Việt ý"


def test_tcvn3_soft_hyphen_is_u_horn():
    assert decode("th\u00adêng", "tcvn3") == "thường"


def test_vni_mark_in_the_other_case_still_applies_to_its_letter():
    assert decode("Aù aÙ", "vni") == "Á á"


def test_viscii_accepts_windows_1252_punctuation_for_bytes_0x80_to_0x9f():
    # Word keeps byte 0x80 of an ANSI font as "€"; in VISCII it is Ạ.
    assert decode("\x80" + "€", "viscii") == "ẠẠ"


def test_viscii_capital_font_upper_cases():
    assert decode(viscii("biên bản"), "viscii", capitals=True) == "BIÊN BẢN"


def test_unknown_encoding_is_refused():
    with pytest.raises(ValueError, match="unknown legacy encoding"):
        decode("x", "vps")


def test_is_8bit():
    assert is_8bit("§¶ng €") and not is_8bit("Đảng")


# --- detect_and_convert ----------------------------------------------------------------------


@pytest.mark.parametrize("unicode, typed_tcvn3, capitals, typed_vni", SAMPLES, ids=IDS)
def test_samples_are_detected_and_unicode_is_left_alone(unicode, typed_tcvn3, capitals, typed_vni):
    assert detect_and_convert(typed_tcvn3) == (unicode, "tcvn3")
    assert detect_and_convert(unicode) == (unicode, None)
    if typed_vni == "BÍ THÖ":
        # TCVN3 reads it as "BÍ THỆ", just as plausible: no guess is made.
        assert detect_and_convert(typed_vni) == (typed_vni, None)
    else:
        assert detect_and_convert(typed_vni) == (unicode, "vni")


@pytest.mark.parametrize(
    "text",
    [
        "Lê Tú",
        "Bà Tú, Hà",
        "Tô Sáu",
        "café",
        "Müller",
        "São Paulo",
        "2×3 m",
        "25°C ± 2",
        "§ 3 Điều 5",
        "«Cà phê»",
        "Ñ",
        "ÀÁÂÃ",
        "Jürgen Habermas, Bà Tú",
        "",
        "   ",
        "UBND xã",
        "x² + y²",
    ],
)
def test_text_that_is_not_clearly_legacy_is_unchanged(text):
    assert detect_and_convert(text) == (text, None)


def test_capitals_in_mixed_text_come_from_an_h_font():
    assert detect_and_convert("NGHÞ QUYÕT sè 5") == ("NGHỊ QUYẾT số 5", "tcvn3")
    assert detect_and_convert("Lª Tó") == ("Lê Tú", "tcvn3")


def test_abbreviations_decode_without_being_syllables():
    assert detect_and_convert("H§ND x· Hµ") == ("HĐND xã Hà", "tcvn3")


def test_a_foreign_word_keeps_the_whole_text_as_typed():
    assert detect_and_convert("Müller Hµ Néi") == ("Müller Hµ Néi", None)


vietnamese_text = st.lists(st.sampled_from(WORDS), min_size=1, max_size=12).flatmap(
    lambda words: st.lists(
        st.sampled_from([" ", ", ", ". ", " - ", "; ", " 12 ", "\n"]), min_size=len(words), max_size=len(words)
    ).map(lambda gaps: "".join(w + g for w, g in zip(words, gaps)).strip())
)
cased = st.sampled_from([str, str.upper, str.capitalize, str.lower])


@settings(max_examples=300, deadline=None)
@given(text=vietnamese_text, case=cased)
def test_vietnamese_unicode_text_is_never_changed(text, case):
    text = case(text)
    assert detect_and_convert(text) == (text, None)


@settings(max_examples=300, deadline=None)
@given(words=st.lists(st.sampled_from(LATIN1_WORDS), min_size=1, max_size=8), case=cased)
def test_vietnamese_made_only_of_latin1_letters_is_never_changed(words, case):
    text = case(" ".join(words))
    assert detect_and_convert(text) == (text, None)


@settings(max_examples=200, deadline=None)
@given(text=st.text(alphabet=string.printable))
def test_ascii_is_never_changed(text):
    assert detect_and_convert(text) == (text, None)


@settings(max_examples=200, deadline=None)
@given(before=st.text(max_size=20), after=st.text(max_size=20), letter=st.sampled_from("ơưđạếỹ"))
def test_text_with_a_letter_only_unicode_has_is_never_changed(before, after, letter):
    text = before + letter + after
    assert detect_and_convert(text) == (text, None)


@settings(max_examples=200, deadline=None)
@given(text=vietnamese_text)
def test_tcvn3_text_with_a_telling_word_round_trips(text):
    text = "Đảng bộ " + text.lower()
    assert detect_and_convert(tcvn3(text)) == (text, "tcvn3")


@settings(max_examples=200, deadline=None)
@given(text=vietnamese_text, case=cased)
def test_vni_text_with_a_telling_word_round_trips(text, case):
    text = case("Đảng bộ " + text)
    assert detect_and_convert(vni(text)) == (text, "vni")


# --- convert_legacy_input --------------------------------------------------------------------


def test_input_strings_are_converted_with_their_paths_and_keys_kept():
    data = {
        "organization": {"name": "Chi bé th«n §«ng", "place": "An Phú"},
        "agenda": ["Hà Nội", "Haø Noäi"],
        "count": 3,
        "§": None,
    }
    converted, found = convert_legacy_input(data)
    assert converted == {
        "organization": {"name": "Chi bộ thôn Đông", "place": "An Phú"},
        "agenda": ["Hà Nội", "Hà Nội"],
        "count": 3,
        "§": None,
    }
    assert found == [(("organization", "name"), "tcvn3"), (("agenda", 1), "vni")]
    assert data["organization"]["name"] == "Chi bé th«n §«ng"


def test_input_without_legacy_text_is_returned_equal():
    data = {"a": ["Đảng", 1, 2.5, True, None, {"b": "Lê Tú"}], "c": ("x",)}
    assert convert_legacy_input(data) == (data, [])
