"""Which personal form a member writes: the roster's "Mẫu" cell read in the regime of the review year, or else a
guess from the member's positions by the decided rules of service/rules/roles.toml.

The form is a function of (regime, role), never of the letter alone: "02A" is the non-leader form of QĐ 124 while
"2A" is the leader form of QĐ 366. A letter is looked up among the letters of the regime in force only; a letter
of another regime is an error that names both meanings, never mapped to the nearest-looking one.
"""

from __future__ import annotations

import functools
import re
import tomllib
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from service.rules.reviews import ROLES, ReviewRules, Role, all_review_rules
from service.rules.roles import role_rules
from service.vietnamese.syllables import split_tone

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


# Letters ---------------------------------------------------------------------------------------------------


def letter_of(role: Role, rules: ReviewRules) -> str:
    return rules.personal.forms[role].letter


def _letter_key(text: str) -> str:
    """ "Mẫu 2a", " 2A ", "Mẫu 2A-HD KĐ.ĐG 2025" → "2A": case, spaces and the word "Mẫu" do not matter; a
    leading zero does (02A and 2A are different forms)."""
    text = unicodedata.normalize("NFC", text).strip().upper()
    text = text.removeprefix("MẪU").strip()
    return text.split("-")[0].replace(" ", "")


@functools.cache
def _letters() -> dict[str, dict[str, tuple[Role, ...]]]:
    """Per regime: its letters (and their aliases) → the roles whose form they name (QĐ 124 prints one form,
    02A, for members without a post and members outside the political system)."""
    letters: dict[str, dict[str, tuple[Role, ...]]] = {}
    for rules in all_review_rules():
        found: dict[str, list[Role]] = {}
        for role in ROLES:
            form = rules.personal.forms[role]
            for letter in (form.letter, *form.aliases):
                found.setdefault(_letter_key(letter), []).append(role)
        letters[rules.id] = {letter: tuple(roles) for letter, roles in found.items()}
    return letters


def roles_named(letter: str, rules: ReviewRules) -> tuple[Role, ...]:
    """The roles whose form the letter names in this regime; () for a letter the regime does not have."""
    return _letters()[rules.id].get(_letter_key(letter), ())


def known_letters(rules: ReviewRules) -> str:
    return ", ".join(dict.fromkeys(letter_of(role, rules) for role in ROLES))


def letter_error(letter: str, rules: ReviewRules, year: int) -> str | None:
    """Why the roster's letter cannot be used in this regime (Vietnamese, after "Mẫu: "), or None."""
    if roles_named(letter, rules):
        return None
    shown = letter.strip()
    for other in all_review_rules():
        roles = roles_named(letter, other) if other.id != rules.id else ()
        if roles:
            theirs = other.personal.forms[roles[0]]
            ours = " hoặc ".join(
                dict.fromkeys(f"Mẫu {letter_of(role, rules)} ({rules.personal.forms[role].meaning})" for role in roles)
            )
            return (
                f"“{shown}” là mẫu của {other.short_name} dành cho {theirs.meaning}; kiểm điểm năm {year} theo "
                f"{rules.short_name} dùng {ours}. Sửa lại cột này, hoặc để trống để suy ra từ chức vụ."
            )
    return (
        f"“{shown}” không có trong {rules.name}; dùng một trong: {known_letters(rules)}, hoặc để trống để suy ra từ chức vụ."
    )


# Guessing from the positions -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Guess:
    """The role the positions suggest, why (Vietnamese, naming the roster's words), and whether the rules
    could not tell (the roster should then say which form in its "Mẫu" column)."""

    role: Role
    reason: str
    ambiguous: bool = False
    alternatives: tuple[Role, ...] = ()


Words = tuple[tuple[str, tuple[int, ...]], ...]


@functools.lru_cache(maxsize=4096)  # positions and units repeat from row to row
def _words(text: str | None) -> Words:
    """The text's words, each as (letters, tones): case, Unicode form and tone placement (ủy, uỷ) do not matter."""
    return tuple(split_tone(word) for word in re.findall(r"\w+", (text or "").casefold()))


@functools.lru_cache(maxsize=1)
def _phrases() -> dict[str, tuple[Words, ...]]:
    rules = role_rules()
    lists = {
        "heads": rules.leader.heads,
        "deputies": rules.leader.deputies,
        "committee": rules.leader.committee,
        "retired": rules.outside.retired,
        "students": rules.outside.students,
        "private": rules.outside.private,
        "enterprise": rules.enterprise.words,
        "state": rules.enterprise.state,
        "community": rules.community.posts,
    }
    return {name: tuple(_words(phrase) for phrase in phrases) for name, phrases in lists.items()}


def _starts(words: Words, kind: str) -> bool:
    return any(words[: len(phrase)] == phrase for phrase in _phrases()[kind])


def _contains(words: Words, kind: str) -> bool:
    return any(
        words[index : index + len(phrase)] == phrase
        for phrase in _phrases()[kind]
        for index in range(len(words) - len(phrase) + 1)
    )


def _post_kind(post: str) -> str | None:
    """ "community" (head of a thôn, ấp…), "committee" (a cấp ủy post), "head" (of an agency, unit or sub-unit,
    deputies included), or None. In this order: "Trưởng thôn" is no head of an agency, "Phó Bí thư" a cấp ủy
    post rather than a deputy."""
    words = _words(post)
    if _starts(words, "community"):
        return "community"
    if _starts(words, "committee"):
        return "committee"
    if _starts(words, "heads") or (_starts(words, "deputies") and len(words) > 1):
        return "head"
    return None


def _outside(member: Positions) -> tuple[str, str] | None:
    """(which: retired, students or private, the roster's text that says so) when the member works outside the
    political system."""
    texts = [t for t in (member.unit, member.government_position, member.party_position, member.mass_position) if t]
    for kind in ("retired", "students", "private"):
        for text in texts:
            if _contains(_words(text), kind):
                return kind, text
    return None


def _enterprise(member: Positions) -> tuple[bool, str] | None:
    """(state-owned as far as the roster says, the text) when the member's unit or post names an enterprise."""
    for text in (member.unit, member.government_position):
        words = _words(text)
        if text and _contains(words, "enterprise"):
            return _contains(words, "state"), text
    return None


def party_post(position: str | None) -> str | None:
    """ "secretary" for a Bí thư, "deputy" for a Phó Bí thư (of the member's cell, as a roster writes them)."""
    words = _words(position)
    if words[:3] == _words("phó bí thư"):
        return "deputy"
    if words[:2] == _words("bí thư"):
        return "secretary"
    return None


_OUTSIDE_WORDS = {"retired": "nghỉ hưu", "students": "học sinh, sinh viên", "private": "làm việc ngoài hệ thống chính trị"}


def guess(member: Positions) -> Guess:
    """The role the member's positions suggest (service/rules/roles.toml), with its reason."""
    return _guess(member.party_position, member.government_position, member.mass_position, member.unit)


@dataclass(frozen=True)
class _Positions:
    party_position: str | None
    government_position: str | None
    mass_position: str | None
    unit: str | None


# Keyed on the four texts, not on a _Positions made per row: making and hashing that frozen dataclass cost
# more than the guess it looked up (a district's roster repeats a few hundred posts).
@functools.lru_cache(maxsize=4096)
def _guess(
    party_position: str | None, government_position: str | None, mass_position: str | None, unit: str | None
) -> Guess:
    member = _Positions(party_position, government_position, mass_position, unit)
    rules = role_rules()
    posts = [(post, _post_kind(post)) for post in (member.party_position, member.government_position) if post]
    leading = next(((post, kind) for post, kind in posts if kind in ("head", "committee")), None)
    outside = _outside(member)
    if outside is not None:
        which, text = outside
        if leading is not None and leading[1] == "committee":
            return Guess(
                rules.ambiguous.committee_outside,
                f"“{text}” ({_OUTSIDE_WORDS[which]}) nhưng giữ chức vụ “{leading[0]}”",
                True,
                ("leader", "outside_political_system"),
            )
        return Guess("outside_political_system", f"“{text}”: {_OUTSIDE_WORDS[which]}")
    enterprise = _enterprise(member)
    if enterprise is not None and not enterprise[0]:
        if leading is not None:
            return Guess(
                rules.ambiguous.enterprise_head,
                f"chức vụ “{leading[0]}” ở “{enterprise[1]}”, không rõ là doanh nghiệp nhà nước hay tư nhân",
                True,
                ("leader", "outside_political_system"),
            )
        return Guess(
            rules.ambiguous.enterprise_staff,
            f"làm việc ở “{enterprise[1]}”, không rõ là doanh nghiệp nhà nước hay tư nhân",
            True,
            ("non_leader", "outside_political_system"),
        )
    if leading is not None:
        return Guess("leader", f"chức vụ “{leading[0]}” là chức vụ lãnh đạo, quản lý")
    community = next((post for post, kind in posts if kind == "community"), None)
    if community is not None:
        return Guess(rules.ambiguous.community, f"chức vụ “{community}” ở thôn, tổ dân phố", True, ("leader", "non_leader"))
    return Guess("non_leader", "không giữ chức vụ lãnh đạo, quản lý")


# The choice ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FormChoice:
    """The member's role and form letter in the regime; `guessed` when the roster named no form."""

    role: Role
    letter: str
    guessed: bool
    guess: Guess


def choose(form: str | None, member: Positions, rules: ReviewRules) -> FormChoice:
    """The roster's form when it names one (the regime's letters only: check it with letter_error first),
    else the guess from the positions."""
    return _choose(form, guess(member), rules.id)


@functools.lru_cache(maxsize=1024)  # one choice object for the many members whose posts read alike
def _choose(form: str | None, guessed: Guess, rules_id: str) -> FormChoice:
    rules = next(rules for rules in all_review_rules() if rules.id == rules_id)
    named = roles_named(form, rules) if form else ()
    if named:
        role = guessed.role if guessed.role in named else named[0]
        return FormChoice(role, letter_of(role, rules), False, guessed)
    return FormChoice(guessed.role, letter_of(guessed.role, rules), True, guessed)


def conflict(choice: FormChoice, rules: ReviewRules) -> str | None:
    """An explicit form that the positions contradict (Vietnamese), or None; an ambiguous guess contradicts
    nothing: the roster's column is the answer it asks for."""
    if choice.guessed or choice.guess.ambiguous:
        return None
    if letter_of(choice.guess.role, rules) == choice.letter:
        return None
    return (
        f"ghi Mẫu {choice.letter} ({rules.personal.forms[choice.role].meaning}) nhưng {choice.guess.reason} "
        f"(Mẫu {letter_of(choice.guess.role, rules)}); kiểm tra lại cột “Mẫu”"
    )
