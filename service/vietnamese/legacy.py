"""Text typed in the old 8-bit Vietnamese encodings (TCVN3, VNI, VISCII), turned into Unicode NFC.

Such text reaches us two ways. Inside an old Word file every run names its font,
and the font says the encoding for sure (service/legacy_encodings does that, with decode()).
Pasted into a form or a JSON field the font is lost, so detect_and_convert() guesses
- and guesses only when the text cannot be Vietnamese as it stands but becomes
Vietnamese once decoded, because converting correct text would corrupt it.
"""

from __future__ import annotations

import re
from typing import Any, Callable

from .legacy_tables import TCVN3, VISCII_C0, VISCII_HIGH, VNI
from .syllables import is_syllable, split_tone
from .text import nfc, upper

# Names shown to people, keyed by the codes the API and findings use.
ENCODINGS = {"tcvn3": "TCVN3 (ABC)", "vni": "VNI Windows", "viscii": "VISCII"}

_TCVN3 = str.maketrans({chr(code): letter for code, letter in TCVN3.items()})


def _viscii_table() -> dict[int, str]:
    table = {code: letter for code, letter in VISCII_C0.items()}
    for offset, letter in enumerate(VISCII_HIGH):
        byte = 0x80 + offset
        table[byte] = letter
        # Word may store bytes 0x80-0x9F of an ANSI font as the Windows-1252 punctuation
        # they stand for there ("€" for 0x80); either form means the same byte.
        cp1252 = bytes([byte]).decode("cp1252", errors="ignore")
        if cp1252:
            table[ord(cp1252)] = letter
    return table


_VISCII = str.maketrans(_viscii_table())


def _vni_sequences() -> dict[str, str]:
    sequences = {}
    for letter, written in VNI.items():
        sequences[written] = letter
        if len(written) == 2:
            # A mark typed in the other case still sits on the same letter; the letter's case wins.
            sequences[written[0] + written[1].swapcase()] = letter
    return sequences


_VNI = _vni_sequences()
# Longest first, so that "oâ" (ô) is read before "o" and "ôø" (ờ) before "ô" (ơ).
_VNI_PATTERN = re.compile("|".join(map(re.escape, sorted(_VNI, key=len, reverse=True))))
# VNI's two-character letters: a base letter, then a mark drawn over it. Word may put the two in
# different runs, so the DOCX converter needs to know both sets.
_VNI_PAIRS = [written for written in VNI.values() if len(written) == 2]
VNI_BASES = frozenset(base for base, _ in _VNI_PAIRS)
VNI_MARKS = frozenset(mark for _, mark in _VNI_PAIRS) | frozenset(mark.swapcase() for _, mark in _VNI_PAIRS)
# How Word stores bytes 0x80-0x9F of a legacy (ANSI) font: as the Windows-1252 characters for them.
_CP1252_HIGH = frozenset(bytes(range(0x80, 0xA0)).decode("cp1252", errors="ignore"))


_TABLES: dict[str, Callable[[str], str]] = {
    "tcvn3": lambda text: text.translate(_TCVN3),
    "vni": lambda text: _VNI_PATTERN.sub(lambda match: _VNI[match.group()], text),
    "viscii": lambda text: text.translate(_VISCII),
}


def is_8bit(text: str) -> bool:
    """True if text can be legacy bytes as Word stores them (Latin-1, or Windows-1252 for 0x80-0x9F).

    A run in a legacy font holding anything else (ơ, ạ …) was typed in Unicode and must not be decoded.
    """
    return all(ord(char) <= 0xFF or char in _CP1252_HIGH for char in text)


def decode(text: str, encoding: str, *, capitals: bool = False) -> str:
    """text in one of ENCODINGS as Unicode NFC.

    capitals=True is for a run in a capitals-only font (TCVN3 ".VnTimeH", VISCII "VI Times H"),
    which draws the lower-case codes as capitals because the table has no code for them.
    """
    try:
        decoded = _TABLES[encoding](text)
    except KeyError:
        raise ValueError(f"unknown legacy encoding {encoding!r}; expected one of {sorted(ENCODINGS)}") from None
    return upper(decoded) if capitals else nfc(decoded)


# Word's typographic punctuation (Windows-1252 0x80-0x9F) that legacy text pasted from Word keeps.
_WORD_PUNCTUATION = frozenset("‚„…†‡‰‹›‘’“”•–—™€")
# A word: ASCII letters plus every Latin-1 character either table uses or that is a letter.
_WORD = re.compile("[A-Za-z" + re.escape("".join(map(chr, TCVN3))) + "À-ÖØ-öø-ÿ]+")
_ACRONYM_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZĐĂÂÊÔƠƯ")


def _all_capitals(text: str) -> bool:
    ascii_letters = [char for char in text if char.isascii() and char.isalpha()]
    return len(ascii_letters) >= 2 and all(char.isupper() for char in ascii_letters)


def _tcvn3_decoder(words: list[str]) -> Callable[[str], str]:
    # TCVN3 has no capitals with a tone, so a word whose plain letters are all capitals was typed in
    # an "H" font and its lower-case codes stand for capitals: "B¶N" is "BẢN". One capital alone
    # ("Hµ", "BÝ") only starts a word, unless the rest of the text is all capitals ("BÝ TH¦").
    heading = _all_capitals("".join(words)) and any(_all_capitals(word) for word in words)
    return lambda word: decode(word, "tcvn3", capitals=heading or _all_capitals(word))


def _is_acronym(word: str) -> bool:
    # "HĐND", "BCH": capitals without tone are abbreviations, not syllables.
    return len(word) >= 2 and set(word) <= _ACRONYM_LETTERS and not split_tone(word)[1]


def _decoded_words(words: list[str], decode_word: Callable[[str], str]) -> list[str] | None:
    """Every word decoded, if each becomes Vietnamese and at least one was clearly not Vietnamese before."""
    decoded, evidence = [], False
    for word in words:
        if word.isascii():
            decoded.append(word)
            continue
        new = decode_word(word)
        if not (is_syllable(new) or _is_acronym(new)):
            return None
        evidence = evidence or (new != word and not is_syllable(word) and any(c.isascii() for c in word))
        decoded.append(new)
    return decoded if evidence else None


def detect_and_convert(text: str) -> tuple[str, str | None]:
    """(text in Unicode NFC, "tcvn3" or "vni") when text is clearly TCVN3 or VNI, else (text, None).

    Conservative on purpose: text holding any letter outside Latin-1 (ơ, ư, đ, ạ … or any
    other script) is Unicode already; text whose every word is a Vietnamese syllable is
    left alone too. Otherwise each table is tried; it is used when every word it decodes
    becomes a Vietnamese syllable (or a capital abbreviation such as HĐND) and at least one
    word with plain letters was not one before. If both tables fit, nothing is guessed.
    VISCII is never guessed: its bytes 0x80-0x9F cannot survive a paste into a form.
    """
    if text.isascii() or any(ord(char) > 0xFF and char not in _WORD_PUNCTUATION for char in text):
        return text, None
    matches = list(_WORD.finditer(text))
    words = [match.group() for match in matches]
    if all(word.isascii() or is_syllable(word) for word in words):
        return text, None
    decoders = {"tcvn3": _tcvn3_decoder(words), "vni": lambda word: decode(word, "vni")}
    candidates = {encoding: _decoded_words(words, decode_word) for encoding, decode_word in decoders.items()}
    found = [(encoding, decoded) for encoding, decoded in candidates.items() if decoded is not None]
    if len(found) != 1:
        return text, None
    encoding, decoded = found[0]
    pieces, end = [], 0
    for match, word in zip(matches, decoded):
        pieces += [text[end : match.start()], word]
        end = match.end()
    return nfc("".join(pieces) + text[end:]), encoding


def convert_legacy_input(data: Any, path: tuple = ()) -> tuple[Any, list[tuple[tuple, str]]]:
    """A copy of JSON-like data with legacy-encoded string values converted, and where each one was.

    Returns (data, [(path, encoding), ...]); a path is the keys and indexes leading to the value.
    Keys are left alone: they are field names, never Vietnamese text.
    """
    if isinstance(data, str):
        text, encoding = detect_and_convert(data)
        return text, ([(path, encoding)] if encoding else [])
    found: list[tuple[tuple, str]] = []
    if isinstance(data, dict):
        result = {}
        for key, value in data.items():
            result[key], more = convert_legacy_input(value, path + (key,))
            found += more
        return result, found
    if isinstance(data, (list, tuple)):
        items = []
        for index, value in enumerate(data):
            item, more = convert_legacy_input(value, path + (index,))
            items.append(item)
            found += more
        return type(data)(items), found
    return data, found
