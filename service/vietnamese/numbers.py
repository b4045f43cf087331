"""Vietnamese number words, and the num2words "vi" converter built on them.

num2words 0.5.14 misreads Vietnamese numbers that appear in every document
("hai nghìn lẻ hai mươi lăm" for 2025, "không phẩy năm mươi" for 0.5) and
lacks to_year and str_to_number. Importing this module replaces its "vi"
converter for the whole process, so templates and libraries that call
num2words directly get the same words as to_words().
"""

import math
import re
from decimal import Decimal

import num2words

from .text import nfc

_DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
_FOUR = ("bốn", "tư")
_ZERO_TENS = ("linh", "lẻ")
_THOUSAND = ("nghìn", "ngàn")
# "." is the decimal point here, as in Python; Vietnamese "1.000" (one thousand)
# is rejected rather than guessed at, because guessing wrong changes the amount.
_NUMERAL = re.compile(r"([+-]?)([0-9]+)(?:\.([0-9]+))?", re.ASCII)


def _choice(name, value, allowed):
    value = nfc(value)
    if value not in allowed:
        raise ValueError(f"{name} must be one of {allowed}, got {value!r}")
    return value


def _numeral_parts(n):
    """Split n into (sign, integer digits, fraction digits as written)."""
    if isinstance(n, bool):
        raise TypeError("a bool is not a number to read out")
    if isinstance(n, int):
        return ("-" if n < 0 else ""), str(abs(n)), ""
    if isinstance(n, float):
        if not math.isfinite(n):
            raise ValueError(f"cannot read {n!r} as words")
        if n.is_integer():
            # repr() always appends ".0", which nobody wrote; 2.0 reads "hai".
            return ("-" if n < 0 else ""), str(abs(int(n))), ""
        text = format(Decimal(repr(n)), "f")
    elif isinstance(n, Decimal):
        if not n.is_finite():
            raise ValueError(f"cannot read {n!r} as words")
        text = format(n, "f")
    elif isinstance(n, str):
        text = n.strip()
    else:
        raise TypeError(f"cannot read {type(n).__name__} as words")
    match = _NUMERAL.fullmatch(text)
    if match is None:
        raise ValueError(f"not a plain decimal numeral: {n!r}")
    sign, whole, fraction = match.groups()
    return sign, whole, fraction or ""


def _scale(index, thousand):
    # Vietnamese has no word above tỷ (10^9); larger scales stack it:
    # 10^12 nghìn tỷ, 10^15 triệu tỷ, 10^18 tỷ tỷ.
    tier = ("", thousand, "triệu")[index % 3]
    billions = ["tỷ"] * (index // 3)
    return [tier, *billions] if tier else billions


def _group_words(group, full, four, zero_tens):
    """Words for 1..999; full=True also voices a zero hundreds digit."""
    hundreds, rest = divmod(group, 100)
    tens, units = divmod(rest, 10)
    words = []
    if full or hundreds:
        words += [_DIGITS[hundreds], "trăm"]
        if rest == 0:
            return words
        if tens == 0:
            # After linh/lẻ the unit keeps its plain name: "linh một", "linh năm".
            return words + [zero_tens, _DIGITS[units]]
    if tens == 0:
        return words + [_DIGITS[units]]
    if tens == 1:
        words.append("mười")
        unit = {0: None, 5: "lăm"}.get(units, _DIGITS[units])
    else:
        words += [_DIGITS[tens], "mươi"]
        unit = {0: None, 1: "mốt", 4: four, 5: "lăm"}.get(units, _DIGITS[units])
    return words + [unit] if unit else words


def _integer_words(digits, four, zero_tens, thousand):
    value = int(digits)
    if value == 0:
        return ["không"]
    groups = []
    while value:
        value, group = divmod(value, 1000)
        groups.append(group)
    words = []
    top = len(groups) - 1
    for index in range(top, -1, -1):
        if groups[index]:
            words += _group_words(groups[index], index != top, four, zero_tens)
            words += _scale(index, thousand)
    return words


def to_words(n, *, four="bốn", zero_tens="linh", thousand="nghìn"):
    """Read a number in Vietnamese words.

    n may be an int, a Decimal, a float or a numeral string ("-12", "2.50").

    Groups of three digits are read with their scale (nghìn, triệu, tỷ, then
    nghìn tỷ, triệu tỷ, tỷ tỷ ...). The leading group is read as short as it
    is ("hai nghìn"); every later non-zero group is read as three digits,
    zero hundreds included, so that the value is unambiguous when heard:
    2025 "hai nghìn không trăm hai mươi lăm", 1002000 "một triệu không trăm
    linh hai nghìn". Groups that are entirely zero are skipped, scale word
    and all: 1000001 "một triệu không trăm linh một".

    The fraction follows "phẩy" as written: its leading zeros are read one
    by one and the remaining digits as a number, so 1.05 is "một phẩy không
    năm" and the string "2.50" is "hai phẩy năm mươi". Floats are taken as
    their repr() (0.1 is "0.1", not its binary expansion); integral floats
    read like ints. Negative numbers start with "âm"; a negative zero does not.

    four picks "bốn" or "tư" for a unit 4 after "mươi" (24 "hai mươi tư");
    zero_tens picks "linh" or "lẻ" (105 "một trăm lẻ năm"); thousand picks
    "nghìn" or "ngàn".
    """
    four = _choice("four", four, _FOUR)
    zero_tens = _choice("zero_tens", zero_tens, _ZERO_TENS)
    thousand = _choice("thousand", thousand, _THOUSAND)
    sign, whole, fraction = _numeral_parts(n)
    words = _integer_words(whole, four, zero_tens, thousand)
    if fraction:
        significant = fraction.lstrip("0")
        words += ["phẩy"] + ["không"] * (len(fraction) - len(significant))
        if significant:
            words += _integer_words(significant, four, zero_tens, thousand)
    if sign == "-" and (int(whole) or fraction.strip("0")):
        words.insert(0, "âm")
    return " ".join(words)


def _check_ordinal(n):
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(f"ordinal needs an int, got {type(n).__name__}")
    if n < 1:
        raise ValueError(f"ordinals start at 1, got {n}")


def ordinal(n):
    """Ordinal words: 1 "thứ nhất", 4 "thứ tư", otherwise "thứ" + cardinal."""
    _check_ordinal(n)
    return {1: "thứ nhất", 4: "thứ tư"}.get(n) or "thứ " + to_words(n)


def _whole_number(number):
    # num2words turns numeral strings into Decimal, so "21" arrives as Decimal("21").
    if isinstance(number, (Decimal, float)):
        if not (math.isfinite(number) and number == int(number)):
            raise ValueError(f"{number!r} is not a whole number")
        return int(number)
    return number


class VietnameseConverter:
    """num2words converter for lang="vi" that reads numbers like to_words()."""

    def str_to_number(self, value):
        # Decimal keeps the written fraction digits ("2.50"), as num2words'
        # own base converter does for the other languages.
        return Decimal(value)

    def to_cardinal(self, number, **options):
        return to_words(number, **options)

    def to_ordinal(self, number):
        return ordinal(_whole_number(number))

    def to_ordinal_num(self, number):
        number = _whole_number(number)
        _check_ordinal(number)
        return f"thứ {number}"

    def to_year(self, number):
        year = _whole_number(number)
        if year < 0:
            return to_words(-year) + " trước Công nguyên"
        return to_words(year)

    def to_currency(self, val, currency="VND"):
        if currency != "VND":
            raise NotImplementedError(f'currency "{currency}" is not implemented for "vi"')
        # The đồng has no subunit in use, so a fractional amount is an input error.
        return to_words(_whole_number(val)) + " đồng"


num2words.CONVERTER_CLASSES["vi"] = VietnameseConverter()
