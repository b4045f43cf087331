"""`python -m service serve` and `worker`: the processes that run the service (web and API, batch workers)."""

from __future__ import annotations

import os

import click

from service.cli.common import app as build_app


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--debug", is_flag=True, help="Reload on code changes and show tracebacks.")
@click.option("--prod", is_flag=True, help="Serve with gunicorn (SERVER_WORKERS × SERVER_THREADS).")
def serve(host: str, port: int, debug: bool, prod: bool) -> None:
    """Start the web service (embedded defaults: nothing else to install)."""
    from service.serving import serve as run
    from service.web import auth

    app = build_app()
    # On 127.0.0.1 the one person at the machine needs no account; on a network every page asks for one.
    auth.bind(app, host, production=prod)
    run(app, host, port, production=prod, debug=debug)


@click.command()
@click.option("--concurrency", type=int, help="Worker processes (default: BATCH_WORKERS, else one per core).")
@click.option("--loglevel", default="INFO", show_default=True)
def worker(concurrency: int | None, loglevel: str) -> None:
    """Run a Celery worker for batches (BATCH_RUNNER=celery) with this machine's settings."""
    from service.batch.runners.celery_app import make_celery
    from service.batch.settings import batch_settings

    settings = batch_settings(build_app())
    make_celery(settings).worker_main(
        [
            "worker",
            f"--loglevel={loglevel}",
            "--pool=prefork",
            f"--concurrency={concurrency or settings.workers}",
            f"--hostname=partydocs-{os.getpid()}@%h",
            f"--queues={settings.queue}",
        ]
    )
