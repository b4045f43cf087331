"""The web pages cell secretaries use: Vietnamese forms, live checks, page preview, DOCX and PDF.

Like the API, this door only turns what was typed into the pipeline's JSON
shape and shows what the pipeline says; it holds no rule of its own.
"""

from __future__ import annotations

from pathlib import Path

from flask import Flask

from service.web import auth, csrf
from service.web.blueprint import bp, error_page
from service.web.formdata import field_id, shown
from service.web.roster_fill import roster_facts
from service.web.preview import PreviewCache
from service.web.results import ResultStore


def instance_dir(app: Flask) -> Path:
    return Path(app.config.get("INSTANCE_DIR") or app.instance_path)


def init_app(app: Flask) -> None:
    csrf.ensure_secret_key(app, instance_dir(app))
    auth.configure(app)
    app.extensions["web.results"] = ResultStore(instance_dir(app) / "web-results")
    app.extensions["web.previews"] = PreviewCache(instance_dir(app) / "web-previews")
    # Importing the view modules attaches their routes to the blueprint.
    from service.web.views import archive, batches, documents, home, login, profile, results, roster  # noqa: F401
    from service.web.views import templates  # noqa: F401
    from service.web.views import statistics  # noqa: F401

    app.register_blueprint(bp)
    app.extensions["web.error_page"] = error_page
    app.add_template_filter(field_id, "fid")
    app.add_template_filter(shown, "shown")
    app.add_template_global(roster_facts, "roster_facts")
