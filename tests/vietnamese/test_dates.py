import datetime
import unicodedata

import pytest

from service.vietnamese.dates import (
    day_first,
    date_words,
    duration_minutes,
    month_slash,
    month_words,
    place_blank_date,
    place_date,
    quarter_words,
    roman,
    slash_date,
    time_words,
)

D = datetime.date
T = datetime.time


@pytest.mark.parametrize(
    "d, words",
    [
        (D(2026, 2, 5), "ngày 05 tháng 02 năm 2026"),
        (D(2026, 1, 31), "ngày 31 tháng 01 năm 2026"),
        (D(2018, 2, 20), "ngày 20 tháng 02 năm 2018"),
        (D(2018, 4, 3), "ngày 03 tháng 4 năm 2018"),
        (D(2026, 5, 27), "ngày 27 tháng 5 năm 2026"),
        (D(2026, 3, 5), "ngày 05 tháng 3 năm 2026"),
        (D(2025, 10, 1), "ngày 01 tháng 10 năm 2025"),
        (D(2025, 12, 10), "ngày 10 tháng 12 năm 2025"),
        (datetime.datetime(2026, 2, 5, 14, 30), "ngày 05 tháng 02 năm 2026"),
    ],
)
def test_date_words(d, words):
    assert date_words(d) == words


@pytest.mark.parametrize(
    "place, d, line",
    [
        ("An Phú", D(2026, 3, 5), "An Phú, ngày 05 tháng 3 năm 2026"),
        ("An Phú.", D(2026, 3, 5), "An Phú, ngày 05 tháng 3 năm 2026"),
        ("  An Phú \t", D(2026, 2, 5), "An Phú, ngày 05 tháng 02 năm 2026"),
        ("An  Phú", D(2026, 3, 5), "An Phú, ngày 05 tháng 3 năm 2026"),
        ("An\nPhú", D(2026, 3, 5), "An Phú, ngày 05 tháng 3 năm 2026"),
        (
            unicodedata.normalize("NFD", "Đông Hòa"),
            D(2026, 11, 20),
            "Đông Hòa, ngày 20 tháng 11 năm 2026",
        ),
    ],
)
def test_place_date(place, d, line):
    result = place_date(place, d)
    assert result.replace("\u00a0", " ") == line
    assert unicodedata.is_normalized("NFC", result)


def test_a_long_place_date_line_breaks_only_after_the_comma():
    # The place and the date are each held together: the only ordinary space is the one after the comma.
    assert place_date("Thành phố Hồ Chí Minh", D(2026, 12, 5)).split(" ") == [
        "Thành\u00a0phố\u00a0Hồ\u00a0Chí\u00a0Minh,",
        "ngày\u00a005\u00a0tháng\u00a012\u00a0năm\u00a02026",
    ]


@pytest.mark.parametrize("place", ["", "   ", "\n\t"])
def test_place_date_needs_a_place(place):
    with pytest.raises(ValueError):
        place_date(place, D(2026, 3, 5))


@pytest.mark.parametrize(
    "t, words",
    [
        (T(14, 0), "14 giờ 00 phút"),
        (T(8, 5), "8 giờ 05 phút"),
        (T(0, 0), "0 giờ 00 phút"),
        (T(19, 30, 45), "19 giờ 30 phút"),
    ],
)
def test_time_words(t, words):
    assert time_words(t) == words


@pytest.mark.parametrize(
    "n, numeral",
    [
        (1, "I"),
        (2, "II"),
        (3, "III"),
        (4, "IV"),
        (9, "IX"),
        (14, "XIV"),
        (40, "XL"),
        (90, "XC"),
        (400, "CD"),
        (1994, "MCMXCIV"),
        (2026, "MMXXVI"),
        (3999, "MMMCMXCIX"),
    ],
)
def test_roman(n, numeral):
    assert roman(n) == numeral


@pytest.mark.parametrize(
    "n, error",
    [(0, ValueError), (4000, ValueError), (-1, ValueError), (True, TypeError), (1.0, TypeError)],
)
def test_roman_rejects(n, error):
    with pytest.raises(error):
        roman(n)


@pytest.mark.parametrize(
    "args, words",
    [
        ((1,), "quý I"),
        ((2,), "quý II"),
        ((3, 2025), "quý III năm 2025"),
        ((4,), "quý IV"),
        ((4, 2026), "quý IV năm 2026"),
    ],
)
def test_quarter_words(args, words):
    assert quarter_words(*args) == words


@pytest.mark.parametrize(
    "args, words",
    [
        ((3,), "tháng 3"),
        ((1,), "tháng 1"),
        ((2, 2026), "tháng 2 năm 2026"),
        ((11, 2026), "tháng 11 năm 2026"),
    ],
)
def test_month_words_are_not_padded(args, words):
    assert month_words(*args) == words


@pytest.mark.parametrize(
    "month, year, text",
    [(3, 2026, "3/2026"), (1, 2026, "1/2026"), (12, 2025, "12/2025")],
)
def test_month_slash(month, year, text):
    assert month_slash(month, year) == text


@pytest.mark.parametrize(
    "d, text",
    [
        (D(2023, 10, 4), "04/10/2023"),
        (D(2026, 2, 5), "05/02/2026"),
        (D(2025, 12, 31), "31/12/2025"),
    ],
)
def test_slash_date(d, text):
    assert slash_date(d) == text


@pytest.mark.parametrize(
    "call, error",
    [
        (lambda: quarter_words(0), ValueError),
        (lambda: quarter_words(5), ValueError),
        (lambda: quarter_words(4, "2026"), TypeError),
        (lambda: month_words(0), ValueError),
        (lambda: month_words(13, 2026), ValueError),
        (lambda: month_slash(13, 2026), ValueError),
        (lambda: month_slash(3, 0), ValueError),
        (lambda: date_words("2026-02-05"), TypeError),
        (lambda: slash_date(None), TypeError),
        (lambda: time_words("14:00"), TypeError),
        (lambda: time_words(datetime.datetime(2026, 2, 5, 14, 0)), TypeError),
    ],
)
def test_rejects(call, error):
    with pytest.raises(error):
        call()


@pytest.mark.parametrize(
    "start, end, minutes",
    [
        (T(14, 0), T(16, 30), 150),
        (T(8, 0), T(8, 0), 0),
        (T(7, 45), T(11, 5), 200),
        (T(0, 0), T(23, 59), 1439),
        (T(14, 0, 30), T(14, 1, 29), 0),
        (T(14, 0, 0), T(14, 1, 0, 1), 1),
    ],
)
def test_duration_minutes(start, end, minutes):
    assert duration_minutes(start, end) == minutes


def test_duration_rejects_end_before_start():
    with pytest.raises(ValueError):
        duration_minutes(T(16, 0), T(14, 0))


def test_place_blank_date_leaves_the_date_to_write_by_hand():
    assert place_blank_date("  An   Phú ") == "An\u00a0Phú, ngày …… tháng …… năm ……"
    with pytest.raises(ValueError):
        place_blank_date("   ")


@pytest.mark.parametrize(
    "text, parts",
    [
        ("5/12/2026", (5, 12, 2026)),
        ("05-12-2026", (5, 12, 2026)),
        (" 05.12.2026 ", (5, 12, 2026)),
        ("7/2026", (None, 7, 2026)),
        ("07 - 2026", (None, 7, 2026)),
        ("2026-07", None),
        ("5/12/26", None),
        ("Quý 3/2026", None),
    ],
)
def test_day_first_reads_the_ways_vietnamese_write_a_date_or_a_month(text, parts):
    # The web forms' dates and the statistics' periods both read through it.
    assert day_first(text) == parts
