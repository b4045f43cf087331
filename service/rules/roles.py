"""The decided rules for reading a member's role from their positions (roles.toml), as data."""

from __future__ import annotations

import functools
import tomllib
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from service.rules.reviews import Role

RULES_FILE = Path(__file__).with_name("roles.toml")


class _Rule(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class LeaderPosts(_Rule):
    heads: tuple[str, ...]
    deputies: tuple[str, ...]
    committee: tuple[str, ...]


class Outside(_Rule):
    retired: tuple[str, ...]
    students: tuple[str, ...]
    private: tuple[str, ...]


class Enterprise(_Rule):
    words: tuple[str, ...]
    state: tuple[str, ...]


class Community(_Rule):
    posts: tuple[str, ...]


class Ambiguous(_Rule):
    committee_outside: Role
    community: Role
    enterprise_head: Role
    enterprise_staff: Role


class RoleRules(_Rule):
    leader: LeaderPosts
    outside: Outside
    enterprise: Enterprise
    community: Community
    ambiguous: Ambiguous


@functools.cache
def role_rules() -> RoleRules:
    with RULES_FILE.open("rb") as handle:
        return RoleRules.model_validate(tomllib.load(handle))
