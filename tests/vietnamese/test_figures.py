from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from service.vietnamese.figures import format_decimal, format_int, padded_count, percent


@pytest.mark.parametrize(
    "n, text",
    [
        (0, "0"),
        (7, "7"),
        (999, "999"),
        (1000, "1.000"),
        (7697, "7.697"),
        (-7697, "-7.697"),
        (1_234_567, "1.234.567"),
        (-1_000_000_000, "-1.000.000.000"),
    ],
)
def test_format_int(n, text):
    assert format_int(n) == text


@pytest.mark.parametrize(
    "x, places, text",
    [
        (93.333, 2, "93,33"),
        (Decimal("93.33"), 2, "93,33"),
        (2 / 3 * 100, 2, "66,67"),
        (0.125, 2, "0,13"),
        (1.005, 2, "1,01"),
        (Decimal("2.5"), 0, "3"),
        (Decimal("3.5"), 0, "4"),
        (Decimal("-0.125"), 2, "-0,13"),
        (Decimal("-0.001"), 2, "0,00"),
        (1234.5, 2, "1.234,50"),
        (-1234567.891, 1, "-1.234.567,9"),
        (7, 2, "7,00"),
        (Fraction(1, 3), 3, "0,333"),
        (Decimal("999.995"), 2, "1.000,00"),
    ],
)
def test_format_decimal(x, places, text):
    assert format_decimal(x, places) == text


@pytest.mark.parametrize(
    "x, places, error",
    [
        (1.5, -1, ValueError),
        (1.5, 1.0, TypeError),
        (float("nan"), 2, ValueError),
        (Decimal("Infinity"), 2, ValueError),
        ("1.5", 2, TypeError),
        (True, 2, TypeError),
    ],
)
def test_format_decimal_rejects(x, places, error):
    with pytest.raises(error):
        format_decimal(x, places)


@pytest.mark.parametrize(
    "numerator, denominator, places, text",
    [
        (14, 15, 2, "93,33%"),
        (1, 15, 2, "6,67%"),
        (15, 15, 2, "100%"),
        (1, 2, 2, "50%"),
        (1, 3, 2, "33,33%"),
        (2, 3, 2, "66,67%"),
        (0, 7, 2, "0%"),
        (1, 8, 1, "12,5%"),
        (1, 800, 2, "0,13%"),
        (333, 1000, 2, "33,30%"),
        (1, 200_000, 2, "0%"),
        (2, 3, 0, "67%"),
        (25, 2, 2, "1.250%"),
        (-1, 3, 2, "-33,33%"),
        (1, -3, 2, "-33,33%"),
    ],
)
def test_percent(numerator, denominator, places, text):
    assert percent(numerator, denominator, places) == text


def test_percent_defaults_to_two_places():
    assert percent(14, 15) == "93,33%"


@pytest.mark.parametrize(
    "numerator, denominator, error",
    [(1, 0, ValueError), (1.0, 2, TypeError), (1, Decimal(2), TypeError), (True, 2, TypeError)],
)
def test_percent_rejects(numerator, denominator, error):
    with pytest.raises(error):
        percent(numerator, denominator)


@pytest.mark.parametrize(
    "n, text",
    [(0, "0"), (1, "01"), (7, "07"), (9, "09"), (10, "10"), (99, "99"), (1234, "1.234")],
)
def test_padded_count(n, text):
    assert padded_count(n) == text


@pytest.mark.parametrize("n, error", [(-1, ValueError), (1.0, TypeError), (True, TypeError)])
def test_padded_count_rejects(n, error):
    with pytest.raises(error):
        padded_count(n)


def parse_figure(text):
    return Decimal(text.replace(".", "").replace(",", "."))


@given(
    st.decimals(allow_nan=False, allow_infinity=False, min_value=-(10**12), max_value=10**12, places=6),
    st.integers(min_value=0, max_value=4),
)
def test_format_decimal_is_within_half_a_unit(x, places):
    half_unit = Decimal(1).scaleb(-places) / 2
    text = format_decimal(x, places)
    assert abs(parse_figure(text) - x) <= half_unit
    written_places = len(text.partition(",")[2])
    assert written_places == places


@given(st.integers(min_value=0, max_value=10**6), st.integers(min_value=1, max_value=10**6))
def test_percent_is_within_half_a_unit(numerator, denominator):
    value = parse_figure(percent(numerator, denominator).removesuffix("%"))
    exact = Fraction(numerator * 100, denominator)
    assert abs(Fraction(value) - exact) <= Fraction(1, 200)
