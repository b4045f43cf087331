"""Whose pages these are: the chi bộ the person works for, and what the forms take from its profile.

Signed in (network serving), it is the account's organization. On the embedded
default (one person at 127.0.0.1) it is the chi bộ chosen on the profile page,
or the only one recorded.
"""

from __future__ import annotations

from typing import Any

from flask import abort, g, session
from sqlalchemy import select

from service.store.db import get_database
from service.store.models import Organization
from service.store.organizations import Actor, descendants

SESSION_KEY = "organization_id"


def current_organization_id() -> int | None:
    account = g.get("account")
    if account is not None:
        return account.organization_id
    with get_database().read() as db:
        chosen = session.get(SESSION_KEY)
        if isinstance(chosen, int) and db.get(Organization, chosen) is not None:
            return chosen
        ids = list(db.scalars(select(Organization.id).limit(2)))
    return ids[0] if len(ids) == 1 else None


def current_or_404() -> int:
    """The organization the page is about; pages of a profile that does not exist are not found."""
    organization_id = current_organization_id()
    if organization_id is None:
        abort(404)
    return organization_id


def choose(organization_id: int) -> None:
    session[SESSION_KEY] = organization_id


def reach() -> frozenset[int] | None:
    """The organizations whose records a page may show: signed in, the account's and the levels below it;
    on the embedded default (one person at the machine), everything."""
    account = g.get("account")
    if account is None:
        return None
    with get_database().read() as db:
        return frozenset(descendants(db, account.organization_id))


def actor() -> Actor | None:
    """Who changes records from these pages: the signed-in account's organization, or (None) the person at the
    machine, who may do what the command line does."""
    account = g.get("account")
    if account is None:
        return None
    return Actor(account.organization_id, reach())


def visible(organization_id: int | None) -> bool:
    """Whether a record of `organization_id` may be shown (see reach)."""
    within = reach()
    return within is None or organization_id in within


def organization_input(organization_id: int) -> dict[str, Any]:
    """The profile as a document's "organization" part, as the form shows it."""
    with get_database().read() as db:
        org = db.get(Organization, organization_id)
        upper = org.upper
        values = {"upper": upper, "name": org.name, "abbreviation": org.abbreviation, "place": org.place}
    return {key: value for key, value in values.items() if value}
