"""Meeting rule-sets (HD 12-2018, HD 42-2025) and their selection by meeting date."""
from __future__ import annotations

import datetime as dt
import functools
import tomllib
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from service.rules import in_force

RULES_FILE = Path(__file__).with_name("meetings.toml")


class MeetingRules(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

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


@functools.cache
def all_meeting_rules() -> tuple[MeetingRules, ...]:
    with RULES_FILE.open("rb") as handle:
        data = tomllib.load(handle)
    rules = (MeetingRules.model_validate(item) for item in data["ruleset"])
    return tuple(sorted(rules, key=lambda r: r.effective_from))


def meeting_rules_for(day: dt.date) -> MeetingRules:
    return in_force(all_meeting_rules(), day)
