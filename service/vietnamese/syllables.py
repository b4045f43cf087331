"""Vietnamese syllables: the tone a syllable carries, its letters without it, and whether a word can be one.

Vietnamese writes one syllable per word and at most one tone mark per syllable;
where on the vowels the mark sits (hoà / hòa, thuỷ / thủy) is a spelling habit, not
part of the word. Code that compares or sorts names, or that must tell Vietnamese
from text in an old 8-bit encoding, therefore looks at letters and tone apart.
"""

from __future__ import annotations

import functools
import re
import unicodedata

# Combining tone marks, numbered 1..5 in the order Vietnamese dictionaries sort them
# (Hoàng Phê's Từ điển tiếng Việt, and the Unicode CLDR collation for "vi"):
# ngang (0, no mark) < huyền < hỏi < ngã < sắc < nặng.
TONE_MARKS = ("\u0300", "\u0309", "\u0303", "\u0301", "\u0323")
NGANG, HUYEN, HOI, NGA, SAC, NANG = range(6)

# NFD splits ă â ê ô ơ ư into these letters plus a combining mark.
_VOWEL_BASES = frozenset("aeiouy")
_INITIAL = "ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnprstvx]"
_NUCLEUS = "iê|yê|uô|ươ|ia|ya|ua|ưa|oo|[aăâeêioôơuưy]"
_FINAL = "ch|nh|ng|[cmnpt]|[iyou]"
# Onset, optional medial o/u, nucleus, optional final. Deliberately a little wider than the
# language (it accepts some rimes no word uses) so that no real word is ever refused.
_SYLLABLE = re.compile(f"(?:{_INITIAL})?[ou]?(?:{_NUCLEUS})(?P<final>{_FINAL})?")
# A syllable closed by a stop can only carry sắc or nặng ("các", "cạc", never "càc").
_STOPS = frozenset({"c", "ch", "p", "t"})


# Names and positions repeat a few thousand words: a year-end roster of 10,000 members splits each word of
# each name several times (grouping namesakes, ordering the minutes).
@functools.lru_cache(maxsize=8192)
def split_tone(word: str) -> tuple[str, tuple[int, ...]]:
    """The word's letters without tone marks (NFC) and its tones in order, in either Unicode form.

    "Thủy" and "Thuỷ" both give ("Thuy", (HOI,)); "Đặng" gives ("Đăng", (NANG,)).
    """
    letters, tones = [], []
    for char in unicodedata.normalize("NFD", word):
        if char in TONE_MARKS:
            tones.append(TONE_MARKS.index(char) + 1)
        else:
            letters.append(char)
    return unicodedata.normalize("NFC", "".join(letters)), tuple(tones)


def _tones_on_vowels(word: str) -> bool:
    base = ""
    for char in unicodedata.normalize("NFD", word):
        if not unicodedata.combining(char):
            base = char
        elif char in TONE_MARKS and base not in _VOWEL_BASES:
            return False
    return True


def is_syllable(word: str) -> bool:
    """True if word (any case, either Unicode form) is spelled like one Vietnamese syllable."""
    word = word.casefold()
    letters, tones = split_tone(word)
    match = _SYLLABLE.fullmatch(letters)
    if match is None or len(tones) > 1 or not _tones_on_vowels(word):
        return False
    return not (tones and match.group("final") in _STOPS and tones[0] not in (SAC, NANG))
