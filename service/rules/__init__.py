"""Rule-sets from regulations, as data, chosen by the date of the meeting or review."""

from __future__ import annotations

import datetime as dt
from typing import Protocol, Sequence, TypeVar


class Dated(Protocol):
    effective_from: dt.date


T = TypeVar("T", bound=Dated)


def in_force(versions: Sequence[T], day: dt.date) -> T:
    """The newest version that took effect on or before `day`, from versions sorted oldest first.

    Dates before the oldest version still get the oldest one: there is nothing
    older to apply, and refusing old documents would help nobody.
    """
    current = [v for v in versions if v.effective_from <= day]
    return current[-1] if current else versions[0]
