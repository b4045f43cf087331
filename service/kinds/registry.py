"""The catalogue of document kinds, looked up by their URL id (e.g. "bien-ban-thuong-ky")."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Callable

from pydantic import BaseModel

from service.findings import Finding, UnknownKind
from service.formats.layout import Layout
from service.formats.profiles import Profile
from service.kinds.common import check_recipients


@dataclass(frozen=True)
class Kind:
    id: str  # URL and file id
    title: str  # Vietnamese name shown to people
    input_model: type[BaseModel]
    layout: Layout
    check: Callable[[Any], list[Finding]]  # errors and warnings beyond the model
    context: Callable[[Any, Profile], dict[str, Any]]  # what the template prints
    document_date: Callable[[Any], dt.date]  # picks the profile and rule-set
    filename: Callable[[Any], str]  # Vietnamese file name without extension
    sample: str  # file in samples/
    number: Callable[[Any], int | None] = lambda model: None  # the document's register number
    # The input field of a number the register hands out when the input leaves it empty (service/store).
    number_field: str | None = None
    # The id of the rule-set the checks applied, recorded with every archived document.
    ruleset: Callable[[Any], str | None] = lambda model: None
    # Checks that depend on the format profile chosen (by date or by the caller): recipient lines, for every
    # kind that has them.
    profile_check: Callable[[Any, Profile], list[Finding]] = check_recipients
    # What the person issuing should see first: the titles and months the input gives (see pipeline.titles).
    preview: Callable[[Any], dict[str, Any]] = lambda model: {}


_KINDS: dict[str, Kind] = {}


def register(kind: Kind) -> Kind:
    if kind.id in _KINDS:
        raise ValueError(f"kind {kind.id} registered twice")
    _KINDS[kind.id] = kind
    return kind


_loaded = False


def _load() -> None:
    # Importing the kind modules registers them; done lazily to avoid import cycles. Every document looks
    # its kind up, so after the first time this is one test instead of eight import statements.
    global _loaded
    if _loaded:
        return
    from service.kinds import monthly_meeting  # noqa: F401
    from service.kinds import thematic_meeting  # noqa: F401
    from service.kinds import thematic_plan  # noqa: F401
    from service.kinds import self_review  # noqa: F401
    from service.kinds import collective_review  # noqa: F401
    from service.kinds import monthly_report  # noqa: F401
    from service.kinds import review_meeting  # noqa: F401
    from service.kinds import review_ballot  # noqa: F401
    from service.kinds import review_summary  # noqa: F401
    from service.kinds import cell_life_report  # noqa: F401

    _loaded = True


def all_kinds() -> list[Kind]:
    _load()
    return list(_KINDS.values())


def get_kind(kind_id: str) -> Kind:
    _load()
    try:
        return _KINDS[kind_id]
    except KeyError:
        raise UnknownKind(kind_id) from None
