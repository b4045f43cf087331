"""Year-end review regimes (QĐ 124/HD 25-2023, QĐ 366/HD 43-2025) and their selection by review year.

Forms are keyed on (regime, role), never on the form letter: 02A means "no
leadership post" in 2023 while 2A means "leadership post" in 2025.
"""

from __future__ import annotations

import datetime as dt
import functools
import tomllib
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from service.rules import in_force

RULES_FILE = Path(__file__).with_name("reviews.toml")

Role = Literal["leader", "non_leader", "outside_political_system"]
ROLES: tuple[Role, ...] = ("leader", "non_leader", "outside_political_system")
LevelCode = Literal["HTXSNV", "HTTNV", "HTNV", "KHTNV"]
LEVEL_CODES: tuple[LevelCode, ...] = ("HTXSNV", "HTTNV", "HTNV", "KHTNV")  # best first
ScoreKey = Literal["general", "tasks", "total"]


class _Rule(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Level(_Rule):
    code: LevelCode
    name: str
    min_score: float | None = None


class ScoreGroup(_Rule):
    key: Literal["general", "tasks"]
    max: float


class _Line(_Rule):
    """One printed line of a form; `roles` limits it to some of the forms."""

    roles: tuple[Role, ...] = ROLES

    def applies(self, role: Role) -> bool:
        return role in self.roles


class IdentityLine(_Line):
    label: str
    field: str


class FormItem(_Line):
    title: str
    field: str | None = None
    score: ScoreKey | None = None
    levels: bool = False
    numbered: bool = True


class FormSection(FormItem):
    part: str = ""
    items: tuple[FormItem, ...] = ()


FormLine = IdentityLine | FormItem


class FormVariant(_Rule):
    letter: str  # as a roster's "Mẫu" column names it: 2A, 02B
    code: str  # as printed in the corner of the form
    subtitle: str
    note: str = ""
    aliases: tuple[str, ...] = ()  # other ways copies of this regime write the letter

    @property
    def meaning(self) -> str:
        """ "cá nhân giữ chức vụ lãnh đạo, quản lý": whom the form is for, to name it in a sentence."""
        text = self.subtitle.strip("() ")
        return text[:1].lower() + text[1:]


class PersonalForm(_Rule):
    title: str
    signature: str
    signature_note: str
    identity: tuple[IdentityLine, ...]
    forms: dict[Role, FormVariant]
    section: tuple[FormSection, ...]

    @model_validator(mode="after")
    def _every_role_has_a_form(self) -> "PersonalForm":
        missing = set(ROLES) - set(self.forms)
        if missing:
            raise ValueError(f"no personal form for roles {sorted(missing)}")
        return self


class CollectiveForm(_Rule):
    code: str
    summary: str
    section: tuple[FormSection, ...]


class Ballot(_Rule):
    title: str
    instruction: str


class ReviewRules(_Rule):
    id: str
    name: str
    short_name: str
    first_review_year: int
    quota_percent: float = Field(ge=0, le=100)
    disciplined_max_level: LevelCode | None = None
    new_member_months: int = Field(ge=0, le=24)
    box_empty: str
    box_checked: str
    blank_line: str
    blank_value: str
    blank_lines: int = Field(ge=0, le=20)
    rating_inline: bool
    score_group: tuple[ScoreGroup, ...] = ()
    level: tuple[Level, ...]
    personal: PersonalForm
    collective: CollectiveForm
    ballot: Ballot

    @model_validator(mode="after")
    def _levels_in_order(self) -> "ReviewRules":
        if tuple(level.code for level in self.level) != LEVEL_CODES:
            raise ValueError(f"levels must be {LEVEL_CODES}, best first")
        if self.scored and any(level.min_score is None for level in self.level):
            raise ValueError("a scored regime needs min_score on every level")
        return self

    @property
    def effective_from(self) -> dt.date:
        """For in_force(): a regime governs reviews of its first year onwards."""
        return dt.date(self.first_review_year, 1, 1)

    @property
    def scored(self) -> bool:
        return bool(self.score_group)

    @property
    def max_score(self) -> float:
        return sum(group.max for group in self.score_group)

    def level_named(self, code: str) -> Level:
        return self.level[LEVEL_CODES.index(code)]

    def band(self, score: float) -> Level:
        """The best level whose band the score reaches (scored regimes only)."""
        return next(level for level in self.level if score >= (level.min_score or 0))


def rank(code: str) -> int:
    """0 for the best level (HTXSNV) to 3 for the lowest."""
    return LEVEL_CODES.index(code)


@functools.cache
def all_review_rules() -> tuple[ReviewRules, ...]:
    with RULES_FILE.open("rb") as handle:
        data = tomllib.load(handle)
    rules = (ReviewRules.model_validate(item) for item in data["ruleset"])
    return tuple(sorted(rules, key=lambda r: r.first_review_year))


@functools.cache
def review_rules_for(year: int) -> ReviewRules:
    return in_force(all_review_rules(), dt.date(year, 1, 1))


@functools.cache
def review_rules_named(regime_id: str) -> ReviewRules | None:
    return next((rules for rules in all_review_rules() if rules.id == regime_id), None)
