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
    return (tuple([_letters_key(letters) for letters, _ in words]), tuple([tones for _, tones in words]))


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


# Words that name the kind of a place; the place's own name follows ("xã An Phú", "tỉnh Quảng Ninh").
LOCALITY_WORDS = (
    "thành phố",
    "thị trấn",
    "thị xã",
    "tổ dân phố",
    "khu phố",
    "xã",
    "phường",
    "huyện",
    "quận",
    "tỉnh",
    "thôn",
    "ấp",
    "bản",
    "buôn",
    "làng",
    "xóm",
    "khu",
    "tổ",
)


def _locality(tokens: list[str], at: int) -> int:
    """How many tokens from `at` spell a locality word (0 when none do)."""
    for words in LOCALITY_WORDS:
        size = len(words.split())
        if [t.casefold() for t in tokens[at : at + size]] == words.split():
            return size
    return 0


def _capital(token: str) -> bool:
    letters = [c for c in token if c.isalpha()]
    return bool(letters) and letters[0].isupper()


# Little words that start a phrase of their own inside a long common noun: a line may break before them
# ("Khối | các cơ quan | và doanh nghiệp", "Trách nhiệm hữu hạn | một thành viên"), never inside a two-syllable
# word such as "cơ quan" or "trách nhiệm".
PHRASE_STARTS = frozenset({"và", "các", "của", "cho", "với", "một", "những", "về", "trong", "thuộc"})


def finer(words: list[str]) -> list[list[str]]:
    """A word group too long for its line, in the next smaller pieces a line may break between: its units with
    a hyphenated name kept whole ("Phòng Tổ chức - Hành chính" → Phòng | Tổ chức - Hành chính), then the halves
    of a hyphenated name (Tổ chức - | Hành chính), then the phrases of a long common noun, split before its
    little words (Khối các cơ quan và doanh nghiệp → Khối | các cơ quan | và doanh nghiệp), and last its words."""
    units = _joined([unit for unit, _ in _units(words)])
    if len(units) > 1:
        return units
    halves = _split_after(words, lambda word: word == "-")
    if len(halves) > 1:
        return halves
    phrases = _split_after(words, lambda word: False, before=lambda word: word.casefold() in PHRASE_STARTS)
    if len(phrases) > 1:
        return phrases
    return [[word] for word in words]


def _joined(pieces: list[list[str]]) -> list[list[str]]:
    """Pieces with a hyphenated name made one: a piece ending with "-" takes the capitalised piece after it."""
    result: list[list[str]] = []
    for piece in pieces:
        if result and result[-1][-1] == "-" and _capital(piece[0]):
            result[-1] = result[-1] + piece
        else:
            result.append(list(piece))
    return result


def _split_after(words: list[str], after, before=lambda word: False) -> list[list[str]]:
    pieces: list[list[str]] = [[]]
    for word in words:
        if pieces[-1] and before(word):
            pieces.append([])
        pieces[-1].append(word)
        if after(word):
            pieces.append([])
    return [piece for piece in pieces if piece]


def _units(tokens: list[str]) -> list[tuple[list[str], bool]]:
    """Words as written in a name, each with whether it is a locality word: a capitalised syllable and the
    lower-case ones after it ("Công ty", "Cổ phần"), a locality word alone ("xã", "Thành phố" before "Hồ Chí
    Minh"), figures and dashes joined to what they follow ("Thôn 3", "Tổ chức -")."""
    units: list[tuple[list[str], bool]] = []
    at = 0
    while at < len(tokens):
        size = _locality(tokens, at)
        if size and _capital(tokens[at]) and not (at + size < len(tokens) and _capital(tokens[at + size])):
            size = 0  # "Tổ chức", "Thôn 3": a capitalised locality word counts only before a name
        if size:
            units.append((tokens[at : at + size], True))
            at += size
            continue
        token = tokens[at]
        last = units[-1] if units else None
        attached = last is not None and not token[:1].isalpha()
        joins = last is not None and token[:1].isalpha() and not _capital(token) and not last[1] and _capital(last[0][0])
        if attached or joins:
            last[0].append(token)
        else:
            units.append(([token], False))
        at += 1
    return units


def name_groups(name: str) -> list[list[str]]:
    """An organization's or a place's name as the word groups a line may break between, each a list of words:
    "Đảng bộ Công ty Cổ phần Xi măng Bỉm Sơn" → Đảng bộ | Công ty | Cổ phần | Xi măng | Bỉm Sơn; "Chi bộ Phòng Tổ
    chức - Hành chính Bệnh viện Đa khoa tỉnh Quảng Ninh" → Chi bộ | Phòng Tổ chức - | Hành chính | Bệnh viện |
    Đa khoa | tỉnh Quảng Ninh.

    Vietnamese capitalises every syllable of a proper name ("Bỉm Sơn", "Quảng Ninh", "Nguyễn Văn An") but only the
    first of a common noun ("Công ty", "Xi măng"): a run of one-syllable capitalised words is a proper name and
    stays whole, with the word that follows it ("Bộ Tư pháp"); a locality word keeps its name ("xã An Phú"). A name
    typed in capitals carries no such sign: then only a locality word and the words up to the next one stay
    together ("XÃ AN PHÚ")."""
    tokens = name.split()
    if not any(c.islower() for c in name):
        return _capitals_groups(tokens)
    groups: list[list[str]] = []
    pending: list[str] = []  # a locality word or single capitalised syllables waiting for the rest
    for unit, locality in _units(tokens):
        single = len(unit) == 1 and _capital(unit[0])
        if locality:
            if pending:
                groups.append(pending)
            pending = list(unit)
        elif single:
            pending.append(unit[0])
        elif pending and _capital(unit[0]):
            groups.append(pending + unit)
            pending = []
        else:
            if pending:
                groups.append(pending)
                pending = []
            groups.append(unit)
    if pending:
        groups.append(pending)
    # A hyphenated name is one: "Bà Rịa - Vũng Tàu", "Tổ chức - Hành chính".
    return _joined(groups)


def _capitals_groups(tokens: list[str]) -> list[list[str]]:
    groups: list[list[str]] = []
    at, locality = 0, False
    while at < len(tokens):
        size = _locality(tokens, at)
        if size:
            groups.append(tokens[at : at + size])
            locality = True
            at += size
        elif locality:
            groups[-1].append(tokens[at])
            at += 1
        else:
            groups.append([tokens[at]])
            at += 1
    return groups
