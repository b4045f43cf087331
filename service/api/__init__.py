"""The JSON API under /api/v1: documents, kinds, and one problem+json error shape for all of it."""

from __future__ import annotations

from flask import Flask

from service.api import auth, errors, health, openapi

# One module per resource of the store; importing them registers their routes on resources.bp.
from service.api import archive, members, organizations, register, resources  # noqa: F401
from service.api import batches
from service.api.views import bp
from service.api import check
from service.api import convert
from service.api import templates
from service.api import statistics


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    app.register_blueprint(check.bp)
    app.register_blueprint(convert.bp)
    resources.init_app(app)
    app.register_blueprint(batches.bp)
    app.register_blueprint(statistics.bp)
    app.register_blueprint(templates.bp)
    app.register_blueprint(openapi.bp)
    app.register_blueprint(health.bp)
    errors.init_app(app)
    auth.init_app(app)
