"""The roster's facts as a form takes them: what one click copies into the rows of a list of members or into
the identity of a member's self-review. Keys are the forms' own field names; values are text as typed."""

from __future__ import annotations

import datetime as dt
from typing import Any

from service.vietnamese.dates import slash_date


def roster_facts(roster: list[dict[str, Any]]) -> list[dict[str, str]]:
    return [_facts(member) for member in roster]


def _facts(member: dict[str, Any]) -> dict[str, str]:
    born = member.get("birth_date")
    if isinstance(born, str):
        born = dt.date.fromisoformat(born)
    posts = [str(member[key]) for key in ("government_position", "mass_position") if member.get(key)]
    return {
        "name": member["full_name"],
        "birth_date": slash_date(born) if born else "",
        "party_position": member.get("party_position") or "",
        "government_position": ", ".join(posts),
        "unit": member.get("unit") or "",
        "probationary": "true" if member["status"] == "probationary" else "false",
        "exempt": "true" if member.get("exempt") else "false",
    }
