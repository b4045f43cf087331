"""Where an organization's name may go onto a new line: between word groups, never inside one.

Groups are decided from the name as it stands in the document: the fixed terms
and place names of word_groups.toml wherever they occur; the proper name after
a word naming a kind of unit ("xã An Phú", "Công ty …") when it is short enough
to be a place name; and, in a name typed in mixed case, every run of words that
start with a capital ("Thôn Đông", "Hưng Yên").
"""

from __future__ import annotations

import functools
import tomllib
from pathlib import Path

GROUPS_FILE = Path(__file__).with_name("word_groups.toml")


@functools.cache
def _data() -> tuple[int, tuple[tuple[str, ...], ...], tuple[tuple[str, ...], ...]]:
    with GROUPS_FILE.open("rb") as handle:
        data = tomllib.load(handle)

    def split(items):
        return tuple(sorted((tuple(item.split()) for item in items), key=len, reverse=True))

    return data["max_place_words"], split(data["units"]), split(data["phrases"] + data["places"])


def unbreakable(words: list[str]) -> set[int]:
    """Indexes i such that a line must not end between words[i - 1] and words[i]."""
    most, units, phrases = _data()
    folded = [word.casefold() for word in words]
    inside: set[int] = set()
    for start, length in _occurrences(folded, phrases):
        inside.update(range(start + 1, start + length))
    unit_spans = list(_occurrences(folded, units))
    for index, (start, length) in enumerate(unit_spans):
        name_start = start + length
        name_end = unit_spans[index + 1][0] if index + 1 < len(unit_spans) else len(words)
        if 1 < name_end - name_start <= most:
            inside.update(range(name_start + 1, name_end))
    if any(word != word.upper() for word in words):
        inside.update(i for i in range(1, len(words)) if _capital(words[i - 1]) and _capital(words[i]))
    return inside


def _capital(word: str) -> bool:
    letters = [ch for ch in word if ch.isalpha()]
    return bool(letters) and letters[0].isupper() or word.isdigit()


def _occurrences(words: list[str], terms: tuple[tuple[str, ...], ...]):
    """(start, length) of each term found, longest terms first, never overlapping."""
    taken: set[int] = set()
    found = []
    for term in terms:
        size = len(term)
        for start in range(len(words) - size + 1):
            span = range(start, start + size)
            if tuple(words[start : start + size]) == term and not taken.intersection(span):
                taken.update(span)
                found.append((start, size))
    return sorted(found)


def bad_breaks(name: str, lines: list[str]) -> list[int]:
    """The line ends (1-based numbers of the lines that end badly) of `name` printed as `lines`."""
    words = name.split()
    forbidden = unbreakable(words)
    bad, count = [], 0
    for number, line in enumerate(lines[:-1], 1):
        count += len(line.split())
        if count in forbidden:
            bad.append(number)
    return bad
