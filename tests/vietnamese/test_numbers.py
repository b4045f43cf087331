import subprocess
import sys
import unicodedata
from decimal import Decimal
from pathlib import Path

import num2words as num2words_module
import pytest
from hypothesis import given
from hypothesis import strategies as st
from num2words import num2words

import service.vietnamese  # noqa: F401  (installs the num2words converter)
from service.vietnamese.numbers import VietnameseConverter, ordinal, to_words

REPO_ROOT = Path(__file__).resolve().parents[2]

ZERO_TO_THIRTY = [
    (0, "không"),
    (1, "một"),
    (2, "hai"),
    (3, "ba"),
    (4, "bốn"),
    (5, "năm"),
    (6, "sáu"),
    (7, "bảy"),
    (8, "tám"),
    (9, "chín"),
    (10, "mười"),
    (11, "mười một"),
    (12, "mười hai"),
    (13, "mười ba"),
    (14, "mười bốn"),
    (15, "mười lăm"),
    (16, "mười sáu"),
    (17, "mười bảy"),
    (18, "mười tám"),
    (19, "mười chín"),
    (20, "hai mươi"),
    (21, "hai mươi mốt"),
    (22, "hai mươi hai"),
    (23, "hai mươi ba"),
    (24, "hai mươi bốn"),
    (25, "hai mươi lăm"),
    (26, "hai mươi sáu"),
    (27, "hai mươi bảy"),
    (28, "hai mươi tám"),
    (29, "hai mươi chín"),
    (30, "ba mươi"),
]

INTEGERS = [
    (44, "bốn mươi bốn"),
    (51, "năm mươi mốt"),
    (55, "năm mươi lăm"),
    (99, "chín mươi chín"),
    (100, "một trăm"),
    (101, "một trăm linh một"),
    (104, "một trăm linh bốn"),
    (105, "một trăm linh năm"),
    (110, "một trăm mười"),
    (111, "một trăm mười một"),
    (115, "một trăm mười lăm"),
    (121, "một trăm hai mươi mốt"),
    (999, "chín trăm chín mươi chín"),
    (1000, "một nghìn"),
    (1002, "một nghìn không trăm linh hai"),
    (1005, "một nghìn không trăm linh năm"),
    (1010, "một nghìn không trăm mười"),
    (1015, "một nghìn không trăm mười lăm"),
    (1100, "một nghìn một trăm"),
    (2001, "hai nghìn không trăm linh một"),
    (2025, "hai nghìn không trăm hai mươi lăm"),
    (2026, "hai nghìn không trăm hai mươi sáu"),
    (7697, "bảy nghìn sáu trăm chín mươi bảy"),
    (10_000, "mười nghìn"),
    (15_021, "mười lăm nghìn không trăm hai mươi mốt"),
    (100_000, "một trăm nghìn"),
    (1_000_000, "một triệu"),
    (1_000_001, "một triệu không trăm linh một"),
    (1_002_000, "một triệu không trăm linh hai nghìn"),
    (1_250_000, "một triệu hai trăm năm mươi nghìn"),
    (1_000_000_000, "một tỷ"),
    (2_000_000_005, "hai tỷ không trăm linh năm"),
    (1_000_000_000_000, "một nghìn tỷ"),
    (1_001_000_000_000, "một nghìn tỷ không trăm linh một tỷ"),
    (5_000_000_000_000_000, "năm triệu tỷ"),
    (1_000_000_000_000_000_000, "một tỷ tỷ"),
    (-3, "âm ba"),
    (-1005, "âm một nghìn không trăm linh năm"),
]


@pytest.mark.parametrize("n, words", ZERO_TO_THIRTY + INTEGERS)
def test_integers(n, words):
    assert to_words(n) == words


@pytest.mark.parametrize(
    "n, options, words",
    [
        (4, {"four": "tư"}, "bốn"),
        (14, {"four": "tư"}, "mười bốn"),
        (24, {"four": "tư"}, "hai mươi tư"),
        (44, {"four": "tư"}, "bốn mươi tư"),
        (54, {"four": "tư"}, "năm mươi tư"),
        (104, {"four": "tư"}, "một trăm linh bốn"),
        (105, {"zero_tens": "lẻ"}, "một trăm lẻ năm"),
        (2001, {"zero_tens": "lẻ"}, "hai nghìn không trăm lẻ một"),
        (1000, {"thousand": "ngàn"}, "một ngàn"),
        (1_000_000_000_000, {"thousand": "ngàn"}, "một ngàn tỷ"),
        # Callers may hand over decomposed (NFD) option strings from form input.
        (24, {"four": unicodedata.normalize("NFD", "tư")}, "hai mươi tư"),
    ],
)
def test_options(n, options, words):
    assert to_words(n, **options) == words


@pytest.mark.parametrize(
    "n, words",
    [
        (0.5, "không phẩy năm"),
        (93.33, "chín mươi ba phẩy ba mươi ba"),
        (1.05, "một phẩy không năm"),
        (2.0, "hai"),
        (-0.5, "âm không phẩy năm"),
        (-0.0, "không"),
        (1e-05, "không phẩy không không không không một"),
        ("2.50", "hai phẩy năm mươi"),
        ("2.0", "hai phẩy không"),
        (" 7 ", "bảy"),
        ("+7", "bảy"),
        ("-1.5", "âm một phẩy năm"),
        ("-0.00", "không phẩy không không"),
        ("0.000", "không phẩy không không không"),
        ("3.1415", "ba phẩy một nghìn bốn trăm mười lăm"),
        (Decimal("2.50"), "hai phẩy năm mươi"),
        (Decimal("93.33"), "chín mươi ba phẩy ba mươi ba"),
        (Decimal("1.05"), "một phẩy không năm"),
        (Decimal("1E+3"), "một nghìn"),
        (Decimal("-12.25"), "âm mười hai phẩy hai mươi lăm"),
    ],
)
def test_decimals(n, words):
    assert to_words(n) == words


@pytest.mark.parametrize(
    "n, options, error",
    [
        (True, {}, TypeError),
        (None, {}, TypeError),
        ([1], {}, TypeError),
        (float("nan"), {}, ValueError),
        (float("inf"), {}, ValueError),
        (Decimal("NaN"), {}, ValueError),
        ("", {}, ValueError),
        ("1.000,5", {}, ValueError),
        ("1,5", {}, ValueError),
        ("5.", {}, ValueError),
        (".5", {}, ValueError),
        ("1e3", {}, ValueError),
        ("٣", {}, ValueError),
        (4, {"four": "four"}, ValueError),
        (105, {"zero_tens": "le"}, ValueError),
        (1000, {"thousand": "ngan"}, ValueError),
    ],
)
def test_rejects(n, options, error):
    with pytest.raises(error):
        to_words(n, **options)


@pytest.mark.parametrize(
    "n, words",
    [
        (1, "thứ nhất"),
        (2, "thứ hai"),
        (3, "thứ ba"),
        (4, "thứ tư"),
        (5, "thứ năm"),
        (10, "thứ mười"),
        (14, "thứ mười bốn"),
        (21, "thứ hai mươi mốt"),
        (105, "thứ một trăm linh năm"),
    ],
)
def test_ordinal(n, words):
    assert ordinal(n) == words


@pytest.mark.parametrize("n, error", [(0, ValueError), (-1, ValueError), (True, TypeError), (1.0, TypeError)])
def test_ordinal_rejects(n, error):
    with pytest.raises(error):
        ordinal(n)


@pytest.mark.parametrize(
    "number, kwargs, words",
    [
        (2025, {}, "hai nghìn không trăm hai mươi lăm"),
        (1005, {}, "một nghìn không trăm linh năm"),
        (0.5, {}, "không phẩy năm"),
        (93.33, {}, "chín mươi ba phẩy ba mươi ba"),
        ("2.50", {}, "hai phẩy năm mươi"),
        ("2025", {}, "hai nghìn không trăm hai mươi lăm"),
        (24, {"four": "tư"}, "hai mươi tư"),
        (105, {"zero_tens": "lẻ"}, "một trăm lẻ năm"),
        (4, {"to": "ordinal"}, "thứ tư"),
        (1, {"ordinal": True}, "thứ nhất"),
        ("21", {"to": "ordinal"}, "thứ hai mươi mốt"),
        (3, {"to": "ordinal_num"}, "thứ 3"),
        (2025, {"to": "year"}, "hai nghìn không trăm hai mươi lăm"),
        (-258, {"to": "year"}, "hai trăm năm mươi tám trước Công nguyên"),
        (1_500_000, {"to": "currency"}, "một triệu năm trăm nghìn đồng"),
        (Decimal("2000.00"), {"to": "currency"}, "hai nghìn đồng"),
        (2025, {"lang": "vi_VN"}, "hai nghìn không trăm hai mươi lăm"),
    ],
)
def test_num2words_uses_corrected_converter(number, kwargs, words):
    kwargs = {"lang": "vi", **kwargs}
    assert num2words(number, **kwargs) == words


@pytest.mark.parametrize(
    "number, kwargs, error",
    [
        (0, {"to": "ordinal"}, ValueError),
        (1.5, {"to": "ordinal"}, ValueError),
        (0, {"to": "ordinal_num"}, ValueError),
        (Decimal("10.5"), {"to": "currency"}, ValueError),
        (10, {"to": "currency", "currency": "USD"}, NotImplementedError),
    ],
)
def test_num2words_rejects(number, kwargs, error):
    with pytest.raises(error):
        num2words(number, lang="vi", **kwargs)


def test_converter_is_registered():
    assert isinstance(num2words_module.CONVERTER_CLASSES["vi"], VietnameseConverter)


def test_importing_the_package_alone_registers_the_converter():
    # A fresh interpreter proves the package import is enough, without the
    # test module's own import of numbers doing the work.
    code = "import service.vietnamese\nfrom num2words import num2words\nprint(num2words(2025, lang='vi'))\n"
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=True,
    )
    assert result.stdout.strip() == "hai nghìn không trăm hai mươi lăm"


@given(st.integers(min_value=-(10**15) + 1, max_value=10**15 - 1))
def test_any_integer_reads_cleanly(n):
    words = to_words(n)
    assert words
    assert "  " not in words
    assert words == words.strip()
    assert words.startswith("âm ") == (n < 0)


@given(st.integers(min_value=1, max_value=10**15 - 1))
def test_negative_is_prefixed(n):
    assert to_words(-n) == "âm " + to_words(n)


DIGIT_NAMES = "không một hai ba bốn năm sáu bảy tám chín".split()


def reference_reading(n):
    """Positional reading of 0..9999, one digit place at a time.

    Written without three-digit groups so it shares no structure with the
    implementation under test.
    """
    if n == 0:
        return "không"
    thousands, hundreds, tens, units = (int(ch) for ch in f"{n:04d}")
    words = []
    if thousands:
        words += [DIGIT_NAMES[thousands], "nghìn"]
    has_higher = thousands > 0
    if hundreds or (has_higher and (tens or units)):
        words += [DIGIT_NAMES[hundreds], "trăm"]
        has_higher = True
    if tens == 0 and units:
        if has_higher:
            words.append("linh")
        words.append(DIGIT_NAMES[units])
    elif tens == 1:
        words.append("mười")
        if units == 5:
            words.append("lăm")
        elif units:
            words.append(DIGIT_NAMES[units])
    elif tens >= 2:
        words += [DIGIT_NAMES[tens], "mươi"]
        if units == 1:
            words.append("mốt")
        elif units == 5:
            words.append("lăm")
        elif units:
            words.append(DIGIT_NAMES[units])
    return " ".join(words)


def test_matches_positional_reference_for_every_number_below_10000():
    # Exhaustive rather than sampled: the range is small and every value counts.
    mismatches = [(n, to_words(n), reference_reading(n)) for n in range(10_000) if to_words(n) != reference_reading(n)]
    assert mismatches == []
