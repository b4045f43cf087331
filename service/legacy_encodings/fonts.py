"""Which font names mean which legacy encoding (the data is legacy_fonts.toml)."""

from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass
from pathlib import Path

from service.vietnamese.legacy import ENCODINGS

FONTS_FILE = Path(__file__).with_name("legacy_fonts.toml")


@dataclass(frozen=True)
class LegacyFont:
    encoding: str  # a key of service.vietnamese.legacy.ENCODINGS
    capitals: bool  # a capitals-only font (.VnTimeH): decode, then upper-case


@dataclass(frozen=True)
class _Rule:
    prefix: str
    encoding: str
    capitals_suffix: str | None


@functools.cache
def _rules() -> tuple[_Rule, ...]:
    rules = tuple(
        _Rule(entry["prefix"], entry["encoding"], entry.get("capitals_suffix"))
        for entry in tomllib.loads(FONTS_FILE.read_text(encoding="utf-8"))["font"]
    )
    for rule in rules:
        if rule.encoding not in ENCODINGS:
            raise ValueError(f"{FONTS_FILE.name}: unknown encoding {rule.encoding!r} for {rule.prefix!r}")
    return rules


def legacy_font(name: str | None) -> LegacyFont | None:
    """The encoding a font name stands for, or None for a Unicode font (or no name)."""
    if not name:
        return None
    name = name.strip()
    for rule in _rules():
        if name.casefold().startswith(rule.prefix.casefold()):
            return LegacyFont(rule.encoding, bool(rule.capitals_suffix) and name.endswith(rule.capitals_suffix))
    return None
