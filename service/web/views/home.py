"""The home page: pick a document to write, or go back to one issued recently."""

from __future__ import annotations

from flask import render_template

from service.kinds import all_kinds
from service.store import archive
from service.store.db import get_database
from service.web import organization
from service.web.blueprint import bp
from service.web.forms import all_forms

RECENT = 10


@bp.get("/")
def home():
    recent = archive.find_documents(get_database(), organization_id=organization.current_organization_id(), limit=RECENT)
    return render_template(
        "home.html",
        forms=all_forms(),
        titles={k.id: k.title for k in all_kinds()},
        recent=[r for r in recent if organization.visible(r.organization_id)],
        has_profile=organization.current_organization_id() is not None,
    )
