"""Meeting rule-sets (HD 12-2018, HD 42-2025) and their selection by meeting date."""

from __future__ import annotations

import datetime as dt
import functools
import tomllib
from pathlib import Path

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from service.rules import in_force

RULES_FILE = Path(__file__).with_name("meetings.toml")

VoteRule = Literal["more_than_half", "two_thirds"]


class _Data(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class VoteRules(_Data):
    """The share of the official members summoned that each kind of vote needs."""

    resolution: VoteRule
    admission: VoteRule
    official_recognition: VoteRule
    other: VoteRule


class QualityCriterion(_Data):
    key: str
    title: str
    points: int


class QualityBand(_Data):
    name: str
    from_: int = Field(alias="from")


class MeetingRules(_Data):
    id: str
    name: str
    effective_from: dt.date
    min_official_members: int
    min_duration_minutes: int
    combined_min_duration_minutes: int
    quorum_fraction: float
    online_allowed: bool
    thematic_presenters: tuple[int, int]
    thematic_questions: tuple[int, int]
    thematic_min_per_quarter: int
    tasks_next_month_from_day: int = Field(ge=2, le=31)
    party_fees_in_minutes: bool
    quality_criteria: tuple[QualityCriterion, ...]
    quality_bands: tuple[QualityBand, ...]  # highest first
    vote_rules: VoteRules

    @model_validator(mode="after")
    def _sheet_adds_up(self) -> "MeetingRules":
        # A sheet whose points do not add up to 100, or bands out of order, would grade every sitting wrong.
        if self.quality_criteria and sum(c.points for c in self.quality_criteria) != 100:
            raise ValueError(f"{self.id}: quality_criteria points must add up to 100")
        if [b.from_ for b in self.quality_bands] != sorted((b.from_ for b in self.quality_bands), reverse=True):
            raise ValueError(f"{self.id}: quality_bands must be ordered highest first")
        return self

    def quality_band(self, score: int) -> str:
        """The band of a score on the 100-point sheet: "Tốt", "Khá", "Trung bình", "Kém"."""
        return next(band.name for band in self.quality_bands if score >= band.from_)


@functools.cache
def all_meeting_rules() -> tuple[MeetingRules, ...]:
    with RULES_FILE.open("rb") as handle:
        data = tomllib.load(handle)
    rules = (MeetingRules.model_validate(item) for item in data["ruleset"])
    return tuple(sorted(rules, key=lambda r: r.effective_from))


def meeting_rules_for(day: dt.date) -> MeetingRules:
    return in_force(all_meeting_rules(), day)
