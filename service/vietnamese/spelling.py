"""Tone placement in "uy": the old style writes "uỷ", the reformed one "ủy"; profiles choose.

Only the syllables Party names actually contain are rewritten (ủy/uỷ, thủy/thuỷ and the
like, in any case); everything else is left exactly as typed.
"""

from __future__ import annotations

import re
import unicodedata

# Tone mark on the u (new) ↔ on the y (old), for the five tones, lower and upper case.
_NEW_TO_OLD = {
    "ùy": "uỳ",
    "úy": "uý",
    "ủy": "uỷ",
    "ũy": "uỹ",
    "ụy": "uỵ",
    "ÙY": "UỲ",
    "ÚY": "UÝ",
    "ỦY": "UỶ",
    "ŨY": "UỸ",
    "ỤY": "UỴ",
    "Ùy": "Uỳ",
    "Úy": "Uý",
    "Ủy": "Uỷ",
    "Ũy": "Uỹ",
    "Ụy": "Uỵ",
}
_OLD_TO_NEW = {old: new for new, old in _NEW_TO_OLD.items()}
# "quý", "quỹ" keep their tone on the y in both styles: the u there belongs to "qu".
_NOT_AFTER_Q = r"(?<![qQ])"


def _rewrite(text: str, table: dict[str, str]) -> str:
    pattern = re.compile(_NOT_AFTER_Q + "(" + "|".join(map(re.escape, table)) + r")(?![^\W\d_])")
    return pattern.sub(lambda m: table[m.group(1)], text)


def apply_uy_spelling(text: str, style: str) -> str:
    """style: "preserve" (as typed), "old" (uỷ) or "new" (ủy)."""
    text = unicodedata.normalize("NFC", text)
    if style == "old":
        return _rewrite(text, _NEW_TO_OLD)
    if style == "new":
        return _rewrite(text, _OLD_TO_NEW)
    return text
