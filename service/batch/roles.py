"""Which personal form a member writes: the roster's "Mẫu" cell read against the regime's form codes, or else a
guess from the member's positions (batch.toml [roles], tagged [U]).

Forms are keyed on (regime, role), never on the letter alone: "2A" is the leader form under QĐ 366 but the
non-leader one (02A) under QĐ 124, so the letter is looked up in the regime of the review year.
"""
from __future__ import annotations

import functools
import tomllib
from pathlib import Path
from typing import Protocol

from service.rules.reviews import ROLES, ReviewRules, Role

SETTINGS_FILE = Path(__file__).with_name("batch.toml")


class Positions(Protocol):
    party_position: str | None
    government_position: str | None
    mass_position: str | None
    unit: str | None


@functools.cache
def batch_data() -> dict:
    with SETTINGS_FILE.open("rb") as handle:
        return tomllib.load(handle)


def form_letter(code: str) -> str:
    """"Mẫu 02A-HD KĐ.ĐG 2023" → "02A": the letter people write in a roster."""
    return code.removeprefix("Mẫu").strip().split("-")[0].strip()


def _key(letter: str) -> str:
    # "2a", "Mẫu 2A", "02A" name the same form of a regime.
    return form_letter(letter.strip().upper().replace("MẪU", "")).lstrip("0")


def letters(rules: ReviewRules) -> dict[str, Role]:
    """The regime's form letters (normalized) → role; a letter two roles share names the first (their forms
    are the same printed form)."""
    found: dict[str, Role] = {}
    for role in ROLES:
        found.setdefault(_key(rules.personal.forms[role].code), role)
    return found


def role_named(letter: str, rules: ReviewRules) -> Role | None:
    return letters(rules).get(_key(letter))


def known_letters(rules: ReviewRules) -> str:
    return ", ".join(form_letter(rules.personal.forms[role].code) for role in letters(rules).values())


def guessed_role(member: Positions) -> Role:
    """The role the member's positions suggest when the roster names no form [U]."""
    settings = batch_data()["roles"]
    posts = [p.casefold() for p in (member.party_position, member.government_position) if p]
    if any(post.startswith(tuple(settings["leader_prefixes"])) for post in posts):
        return "leader"
    texts = [t.casefold() for t in (member.unit, member.party_position, member.government_position,
                                    member.mass_position) if t]
    if any(word in text for text in texts for word in settings["outside_words"]):
        return "outside_political_system"
    return "non_leader"


def personal_form(form: str | None, member: Positions, rules: ReviewRules) -> tuple[Role, str]:
    """The member's role and the letter of its form in the regime (the roster's form, else the guess)."""
    role = (role_named(form, rules) if form else None) or guessed_role(member)
    return role, form_letter(rules.personal.forms[role].code)
