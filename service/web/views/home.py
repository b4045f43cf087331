"""The home page: pick a document to write, or go back to one written recently."""
from __future__ import annotations

from flask import render_template

from service.web.blueprint import bp, results_store
from service.web.forms import all_forms

RECENT = 10


@bp.get("/")
def home():
    return render_template("home.html", forms=all_forms(), recent=results_store().recent(owner=None, limit=RECENT))
