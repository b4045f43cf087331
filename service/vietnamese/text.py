"""Text clean-up for strings that end up inside DOCX XML.

Input comes from web forms and pasted Word text, so it arrives in either
Unicode normal form, with Windows line endings, stray runs of spaces and the
occasional control character that would make the document XML invalid.
"""

import re
import unicodedata

# XML 1.0 forbids these code points outright; lxml refuses to serialise them,
# so one pasted form-feed would otherwise break the whole render.
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_SPACE_RUN = re.compile("[ \t]+")
# Characters clean() removes or rewrites (forbidden ones, tabs, carriage returns): a value without them,
# runs of spaces, spaces before a line break or whitespace at its ends is left as it is.
_NEEDS_WORK = re.compile("[\x00-\x09\x0b-\x1f\ufffe\uffff\ud800-\udfff]")


def nfc(s: str) -> str:
    """Compose to NFC so that equal-looking Vietnamese text compares equal."""
    return unicodedata.normalize("NFC", s)


def clean(s: str) -> str:
    """Normalise one free-text value for the document.

    Line breaks are kept because multi-line fields (lists of tasks, addresses)
    rely on them; everything else that varies between input sources is
    flattened: CRLF/CR become LF, runs of spaces and tabs inside a line become
    one space, spaces before a line break and around the whole value go away,
    and characters XML cannot carry are dropped. Non-breaking spaces are left
    alone because authors use them on purpose to keep words on one line.
    """
    if (
        s == s.strip()
        and "  " not in s
        and " \n" not in s
        and not _NEEDS_WORK.search(s)
        and unicodedata.is_normalized("NFC", s)
    ):
        return s  # most values: nothing to change, found without building new strings
    s = s.replace("\r\n", "\n").replace("\r", "\n")
    # Dropping the characters first lets NFC compose across the gap they left.
    s = nfc(_XML_FORBIDDEN.sub("", s))
    lines = (_SPACE_RUN.sub(" ", line).rstrip(" ") for line in s.split("\n"))
    return "\n".join(lines).strip()


class DuplicateKey(ValueError):
    """Two keys of one object differ only in spacing or Unicode form."""

    def __init__(self, first: str, second: str, cleaned: str):
        super().__init__(f"keys {first!r} and {second!r} both clean to {cleaned!r}")
        self.first, self.second, self.cleaned = first, second, cleaned


def normalize_input(obj, dropped: list[tuple] | None = None, path: tuple = ()):
    """Return a copy of decoded JSON-like data with every string clean()-ed.

    Keys are cleaned too, because templates look fields up by name. Two keys
    that clean to the same name raise DuplicateKey instead of one value silently
    replacing the other. The path (keys and indexes, as cleaned) of every value
    or key that lost characters XML cannot carry is appended to `dropped`, for a
    warning: they are removed, but the person who typed them should know.
    """
    if isinstance(obj, str):
        cleaned = clean(obj)
        if dropped is not None and cleaned != obj and _XML_FORBIDDEN.search(obj):
            dropped.append(path)
        return cleaned
    if isinstance(obj, dict):
        result = {}
        original_keys = {}
        for key, value in obj.items():
            new_key = clean(key) if isinstance(key, str) else key
            if new_key in original_keys:
                raise DuplicateKey(original_keys[new_key], key, new_key)
            original_keys[new_key] = key
            if dropped is not None and new_key != key and _XML_FORBIDDEN.search(key):
                dropped.append(path + (new_key,))
            result[new_key] = normalize_input(value, dropped, path + (new_key,))
        return result
    if isinstance(obj, (list, tuple)):
        items = [normalize_input(item, dropped, path + (index,)) for index, item in enumerate(obj)]
        return items if isinstance(obj, list) else tuple(items)
    return obj


def upper(s: str) -> str:
    """Upper-case for headings ("CHI BỘ THÔN ĐÔNG"), always NFC.

    Composing after upper() matters for NFD input: the case mapping works on
    the bare base letters and leaves the combining marks detached.
    """
    return nfc(s.upper())


def sentence_case_first(s: str) -> str:
    """Lower-case the first character, for trích yếu lines ("về nhiệm vụ ...").

    A leading acronym ("UBND xã ...", "HĐND ...") is left as written, since
    lower-casing its first letter would corrupt it rather than start a sentence.
    """
    s = nfc(s)
    first_word = s.split(maxsplit=1)[0] if s.strip() else ""
    cased = [ch for ch in first_word if ch.lower() != ch.upper()]
    if len(cased) > 1 and all(ch.isupper() for ch in cased):
        return s
    return s[:1].lower() + s[1:]


_ASCII_LETTERS = str.maketrans({"đ": "d", "Đ": "D"})


def ascii_fold(s: str) -> str:
    """Vietnamese without diacritics ("Biên bản Đảng" → "Bien ban Dang"), for places that only take
    ASCII, such as the fallback file name of a download. Đ/đ are letters of their own, not D with a
    mark, so Unicode decomposition alone would drop them."""
    decomposed = unicodedata.normalize("NFKD", s.translate(_ASCII_LETTERS))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).encode("ascii", "ignore").decode()


# Text printed by documents --------------------------------------------------------------------------

NBSP = "\u00a0"
# What may end a value typed by a person before the document adds its own mark: a full stop, a
# comma, a semicolon or a colon, possibly with spaces ("Hội trường Cục." + "." must not print "..").
_TRAILING_MARKS = " .,;:"
# A value ending with one of these keeps it: the full stop a sentence would get is already there.
_FINAL_MARKS = ("?", "!", "…")
_LINE_SPACE = re.compile(r"[ \t]*\n[ \t\n]*")
_YEAR = re.compile(r"\b(?:năm|Năm|NĂM) \d{4}\b")


def bare(s: str) -> str:
    """The value without the punctuation and spaces it ends with, for printing inside a sentence that
    supplies its own: "Hội trường Cục." → "Hội trường Cục"."""
    return s.rstrip(_TRAILING_MARKS)


def punctuate(s: str, mark: str = ".") -> str:
    """The value ending with exactly one `mark`: "Kết quả tốt." and "Kết quả tốt" both give "Kết quả tốt."
    A sentence that already ends with "?", "!" or "…" keeps that mark instead of a full stop."""
    text = bare(s)
    if mark == "." and text.endswith(_FINAL_MARKS):
        return text
    return text + mark


def one_line(s: str) -> str:
    """A value on one line: line breaks typed inside a name, a place or a title become spaces.

    A manual line break inside a justified paragraph stretches the words of the line before it
    across the whole width, so nothing printed inside running text may carry one."""
    return _LINE_SPACE.sub(" ", s).strip()


def lines(s: str) -> list[str]:
    """A multi-line value as the paragraphs to print, blank lines dropped."""
    return [line.strip() for line in s.split("\n") if line.strip()]


def keep_year(s: str) -> str:
    """ "năm 2026" held on one line by a non-breaking space, so that a heading never ends with the year alone on its
    last line. The month or quarter before it may still break ("… tháng 11 / năm 2026"): bound to the year as well,
    a heading's words before it were left few on the first line and stretched across the width by justification."""
    return _YEAR.sub(lambda m: bind(m.group(0)), s)


def bind(s: str) -> str:
    """Every space of `s` made non-breaking: a person's or a place's name never splits across lines."""
    return NBSP.join(s.split(" "))


def sentence(s: str) -> str:
    """A list item or a sentence as printed: on one line, ending with exactly one full stop."""
    return punctuate(one_line(s))
