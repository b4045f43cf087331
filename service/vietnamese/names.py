"""People's names in Vietnamese order: lists sort by given name, then family name, then middle names.

"Nguyễn Văn An" is family name Nguyễn, middle name Văn, given name An; a Vietnamese list
of members is ordered by An first. Each part is compared the Vietnamese way: by letters
first, in the alphabet a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y, and
only when the letters are equal by tone, in the dictionary order ngang, huyền, hỏi,
ngã, sắc, nặng (see syllables.TONE_MARKS). Case, Unicode form and where the tone mark
sits (Hoà / Hòa, Thuỷ / Thủy) never matter.
"""
from __future__ import annotations

import functools
from typing import Callable, Iterable, TypeVar

from .syllables import split_tone

T = TypeVar("T")

# f j w z are not Vietnamese letters but turn up in names of foreign origin; they keep their Latin places.
ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_RANK = {letter: index for index, letter in enumerate(ALPHABET)}
# Any other character (hyphen, apostrophe, digit) sorts before every letter, by code point.
_LETTER_BASE = 0x110000


@functools.lru_cache(maxsize=8192)
def _letters_key(letters: str) -> tuple[int, ...]:
    return tuple(_LETTER_BASE + _RANK[char] if char in _RANK else ord(char) for char in letters)


def _words(name: str) -> list[tuple[str, tuple[int, ...]]]:
    """Each word of the name as (letters, tones), case folded."""
    return [split_tone(word) for word in name.casefold().split()]


def _part_key(words: list[tuple[str, tuple[int, ...]]]) -> tuple:
    # Letters of the whole part decide before any tone does: "Anh" < "Ảnh" < "Ánh" < "Ba".
    return (tuple(_letters_key(letters) for letters, _ in words), tuple(tones for _, tones in words))


def name_sort_key(name: str) -> tuple:
    """Sort key for a full name written family name first: (given name, family name, middle names)."""
    words = _words(name)
    if not words:
        return (_part_key([]),) * 3
    given, family, middle = words[-1:], words[:-1][:1], words[1:-1]
    return (_part_key(given), _part_key(family), _part_key(middle))


def sort_people(items: Iterable[T], key: Callable[[T], str] = lambda x: x.name) -> list[T]:
    """items in Vietnamese name order; people whose names compare equal keep their input order."""
    return sorted(items, key=lambda item: name_sort_key(key(item)))


def same_name(a: str, b: str) -> bool:
    """True if a and b are the same name, whatever the case, spacing, Unicode form or tone placement."""
    return _words(a) == _words(b)

