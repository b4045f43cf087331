"""Numbers written as figures the Vietnamese way: "7.697", "93,33", "93,33%".

Rounding is done on exact fractions, half away from zero ("half-up" as taught
in school), because figures in a report are checked by hand: 0.125 must
become "0,13" and 2/3 of 100 "66,67", whatever binary floating point or
banker's rounding would say.
"""

import math
from decimal import Decimal
from fractions import Fraction


def _require_int(value, name):
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an int, got {type(value).__name__}")


def _exact(x):
    if isinstance(x, bool):
        raise TypeError("a bool is not a figure")
    if isinstance(x, float):
        if not math.isfinite(x):
            raise ValueError(f"cannot format {x!r}")
        # repr() is the shortest decimal that round-trips, i.e. the value the
        # caller meant: 1.005 is stored as 1.00499999..., which would round
        # to "1,00" instead of "1,01".
        return Fraction(Decimal(repr(x)))
    if isinstance(x, Decimal):
        if not x.is_finite():
            raise ValueError(f"cannot format {x!r}")
        return Fraction(x)
    if isinstance(x, (int, Fraction)):
        return Fraction(x)
    raise TypeError(f"cannot format {type(x).__name__} as a figure")


def _round_half_up(value, places):
    """value * 10**places rounded half away from zero, as an int."""
    scaled = abs(value) * 10**places
    quotient, remainder = divmod(scaled.numerator, scaled.denominator)
    if 2 * remainder >= scaled.denominator:
        quotient += 1
    return -quotient if value < 0 else quotient


def _written(scaled, places):
    """Write the int scaled / 10**places with "." thousands and "," decimals."""
    whole, fraction = divmod(abs(scaled), 10**places)
    text = f"{whole:,}".replace(",", ".")
    if places:
        text += f",{fraction:0{places}d}"
    return f"-{text}" if scaled < 0 else text


def format_int(n):
    """Integer with "." between thousands: 7697 -> "7.697", -7697 -> "-7.697"."""
    _require_int(n, "n")
    return _written(n, 0)


def format_decimal(x, places):
    """x rounded half-up to places decimals: 93.333 -> "93,33", 1234.5 -> "1.234,50".

    x may be an int, float, Decimal or Fraction. A value that rounds to zero
    is written without a minus sign.
    """
    _require_int(places, "places")
    if places < 0:
        raise ValueError(f"places must not be negative, got {places}")
    return _written(_round_half_up(_exact(x), places), places)


def percent(numerator, denominator, places=2):
    """numerator / denominator as a percentage: 14/15 -> "93,33%".

    A fraction that rounds to all zeros is dropped, because documents write
    "100%" and "50%", never "100,00%"; any other fraction keeps all its places
    ("33,30%") so that figures in one column line up.
    """
    _require_int(numerator, "numerator")
    _require_int(denominator, "denominator")
    _require_int(places, "places")
    if denominator == 0:
        raise ValueError("percent of a zero denominator")
    if places < 0:
        raise ValueError(f"places must not be negative, got {places}")
    scaled = _round_half_up(Fraction(numerator * 100, denominator), places)
    unit = 10**places
    if scaled % unit == 0:
        return _written(scaled // unit, 0) + "%"
    return _written(scaled, places) + "%"


def padded_count(n):
    """Count of people or items: 1..9 as "01".."09", 0 as "0", else "1.234".

    Party reports pad single-digit counts ("có 07 đảng viên"); zero is left
    as "0" because "00" reads as a blank field rather than a count of none.
    """
    _require_int(n, "n")
    if n < 0:
        raise ValueError(f"a count cannot be negative, got {n}")
    if 1 <= n <= 9:
        return f"{n:02d}"
    return format_int(n)
