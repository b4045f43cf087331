"""Running the app: Werkzeug's threaded server for the embedded default, gunicorn for production.

Both serve the same `create_app()`; production only changes the process model (pre-forked workers,
each with threads), taken from the SERVER_WORKERS and SERVER_THREADS settings. Its workers read each
request whole in an event loop before a thread serves it, with deadlines (serving_worker.py), so slow
clients cannot hold the threads.
"""

from __future__ import annotations

import json
import logging
import time

from flask import Flask, g, request
from gunicorn.app.base import BaseApplication

from service.render import pdf

ACCESS_LOGGER = "partydocs.access"


class _Gunicorn(BaseApplication):
    def __init__(self, app: Flask, options: dict):
        self.application, self.options = app, options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Flask:
        return self.application


def serve(app: Flask, host: str, port: int, *, production: bool, debug: bool = False) -> None:
    if not production:
        if not debug:
            # LibreOffice starts in the background while the server takes requests, so the first preview
            # finds it ready. (--debug's reloader runs this twice: there it starts with the first PDF.)
            pdf.start(app)
        app.run(host=host, port=port, debug=debug, threaded=True)
        return
    _Gunicorn(
        app,
        {
            "bind": f"{host}:{port}",
            "workers": app.config["SERVER_WORKERS"],
            "threads": app.config["SERVER_THREADS"],
            "worker_class": "service.serving_worker.BufferingWorker",
            "timeout": app.config["SERVER_TIMEOUT_SECONDS"],
            # Each worker process starts its own LibreOffice converters, in the background.
            "post_worker_init": lambda worker: pdf.start(app),
            # The app writes its own structured access log; gunicorn's would repeat it.
            "accesslog": None,
        },
    ).run()


def init_access_log(app: Flask) -> None:
    """One JSON line per request: method, path, status, size, duration. Never bodies or query values:
    inputs carry members' names and documents' contents."""
    logger = logging.getLogger(ACCESS_LOGGER)
    if not logger.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        logger.propagate = False

    @app.before_request
    def _start_clock():
        g.request_started = time.perf_counter()

    @app.after_request
    def _log(response):
        started = g.pop("request_started", None)
        logger.info(
            json.dumps(
                {
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "bytes": response.calculate_content_length(),
                    "remote": request.remote_addr,
                    "ms": round((time.perf_counter() - started) * 1000, 1) if started is not None else None,
                    "client": getattr(g, "client_id", None),
                }
            )
        )
        return response
