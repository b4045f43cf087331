"""Party document service: official chi bộ documents (minutes, resolutions, reviews) as DOCX.

`create_app` is the Flask application factory, used by `python -m service serve`,
by the tests and by any WSGI server.
"""

from __future__ import annotations

import os
from typing import Any, Mapping

from flask import Flask

from service.config import DEFAULTS, ENV_PREFIX


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    # The instance folder (database, storage, secret key, batches) may live anywhere: PARTYDOCS_INSTANCE_DIR,
    # or INSTANCE_DIR in a test configuration.
    chosen = (test_config or {}).get("INSTANCE_DIR") or (
        os.environ.get(f"{ENV_PREFIX}_INSTANCE_DIR") if test_config is None else None
    )
    app = Flask(__name__, instance_relative_config=True, instance_path=os.path.abspath(chosen) if chosen else None)
    app.config.from_mapping(DEFAULTS)
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
        app.config.from_prefixed_env(ENV_PREFIX)
        # The conventional unprefixed variable of hosting platforms names the database too.
        if not app.config.get("DATABASE_URL") and os.environ.get("DATABASE_URL"):
            app.config["DATABASE_URL"] = os.environ["DATABASE_URL"]
    else:
        app.config.from_mapping(test_config)
    # Vietnamese stays readable in JSON responses instead of \u escapes.
    app.json.ensure_ascii = False

    from service import api, bodies, store
    from service.serving import init_access_log

    bodies.init_app(app)
    init_access_log(app)
    store.init_app(app)
    from service.render import pdf

    pdf.init_app(app)
    api.init_app(app)
    from service import web

    web.init_app(app)
    return app
