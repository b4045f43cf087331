"""Dates and times as Party documents write them.

Two conventions coexist on purpose. The header date line ("An Phú, ngày 05
tháng 02 năm 2026") follows the administrative-document rule: days below 10
and the months January and February get a leading zero, months 3-12 do not,
so that "tháng 1" and "tháng 2" cannot be misread as the start of "tháng 10"
- "tháng 12". Dates in the body ("tháng 2 năm 2026", "quý IV") are written
without padding; citations of earlier Party texts use dd/mm/yyyy.
"""

import datetime
import functools
import re

from .text import bind, clean

_ROMAN = (
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
)


# A date as Vietnamese write it, day first: "5/12/2026", "05-12-2026", "05.12.2026"; "7/2026" when only a month
# is meant.
_DAY_FIRST = re.compile(r"(?:([0-9]{1,2})\s*[/.-]\s*)?([0-9]{1,2})\s*[/.-]\s*([0-9]{4})")


def day_first(text):
    """(day, month, year) of a date written day first, the day None when only the month and year are written;
    None when the text is not such a date (whether the day exists is the caller's to check)."""
    found = _DAY_FIRST.fullmatch(text.strip())
    if found is None:
        return None
    day, month, year = found.groups()
    return (int(day) if day else None, int(month), int(year))


def _require(value, kind, name):
    if not isinstance(value, kind):
        raise TypeError(f"{name} must be a {kind.__name__}, got {type(value).__name__}")


def _require_int(value, low, high, name):
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an int, got {type(value).__name__}")
    if not low <= value <= high:
        raise ValueError(f"{name} must be between {low} and {high}, got {value}")


def _year(year):
    _require_int(year, datetime.MINYEAR, datetime.MAXYEAR, "year")
    return year


def date_words(d):
    """Header date: "ngày 05 tháng 02 năm 2026", "ngày 27 tháng 5 năm 2026"."""
    _require(d, datetime.date, "d")
    month = f"{d.month:02d}" if d.month <= 2 else str(d.month)
    return f"ngày {d.day:02d} tháng {month} năm {d.year}"


def place_date(place, d):
    """Header place and date: "An Phú, ngày 05 tháng 3 năm 2026".

    The place is cleaned and squeezed onto one line because the header line
    has no room for a break the author did not mean. The place and the date
    are each held together by non-breaking spaces: a line too long for its
    column ("Thành phố Hồ Chí Minh, ngày …") breaks after the comma, never
    inside the place's name or with the year alone.
    """
    return f"{bind(_header_place(place))}, {bind(date_words(d))}"


def place_blank_date(place):
    """Header place with the date left for the signer to write: "An Phú, ngày …… tháng …… năm ……".

    Blank forms (a self-review printed to be filled in by hand) still carry
    the place, which the cell knows, but not a date nobody has chosen yet.
    """
    return f"{bind(_header_place(place))}, ngày …… tháng …… năm ……"


def _header_place(place):
    # The comma after the place is the line's own: a place typed with a closing mark keeps only one.
    place = " ".join(clean(place).split()).rstrip(" .,;:")
    if not place:
        raise ValueError("place must not be empty")
    return place


def time_words(t):
    """Meeting time: "8 giờ 05 phút", "14 giờ 00 phút"; seconds are not written."""
    _require(t, datetime.time, "t")
    return f"{t.hour} giờ {t.minute:02d} phút"


def roman(n):
    """Roman numeral for 1..3999, as used for quarters and section numbers."""
    _require_int(n, 1, 3999, "n")
    return _roman(n)


@functools.lru_cache(maxsize=64)  # a form numbers its sections I, II, … in every document
def _roman(n):
    letters = []
    for value, symbol in _ROMAN:
        count, n = divmod(n, value)
        letters.append(symbol * count)
    return "".join(letters)


def quarter_words(q, year=None):
    """Quarter: "quý IV", or "quý IV năm 2026" when a year is given."""
    _require_int(q, 1, 4, "q")
    text = f"quý {roman(q)}"
    return text if year is None else f"{text} năm {_year(year)}"


def month_words(month, year=None):
    """Body month, never padded: "tháng 3", "tháng 2 năm 2026"."""
    _require_int(month, 1, 12, "month")
    text = f"tháng {month}"
    return text if year is None else f"{text} năm {_year(year)}"


def month_slash(month, year):
    """Compact month for tables and titles: "3/2026"."""
    _require_int(month, 1, 12, "month")
    return f"{month}/{_year(year)}"


def slash_date(d):
    """Citation date, both parts padded: "04/10/2023"."""
    _require(d, datetime.date, "d")
    return f"{d.day:02d}/{d.month:02d}/{d.year}"


def duration_minutes(start, end):
    """Whole minutes from start to end on the same day; partial minutes drop.

    Meetings do not run past midnight, so an end before the start is taken
    as a data-entry error rather than an overnight meeting.
    """
    _require(start, datetime.time, "start")
    _require(end, datetime.time, "end")
    if end < start:
        raise ValueError(f"end {end} is before start {start}")
    day = datetime.date.min
    elapsed = datetime.datetime.combine(day, end) - datetime.datetime.combine(day, start)
    return elapsed // datetime.timedelta(minutes=1)
