"""The batch's settings, read once from the app's configuration (service/config.py explains each key)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from flask import Flask

RUNNERS = ("local", "celery")


@dataclass(frozen=True)
class BatchSettings:
    runner: str
    workers: int
    broker_url: str
    queue: str
    batch_dir: Path
    database_url: str
    chunk_documents: int
    lease_seconds: int
    max_rows: int
    max_upload: int
    max_errors: int  # problems a refused roster file lists (ROSTER_MAX_ERRORS)


def batch_settings(app: Flask) -> BatchSettings:
    from service.store.db import database_url

    runner = app.config["BATCH_RUNNER"]
    if runner not in RUNNERS:
        raise ValueError(f"BATCH_RUNNER must be one of {RUNNERS}, not {runner!r}")
    return BatchSettings(
        runner=runner,
        workers=int(app.config["BATCH_WORKERS"] or os.cpu_count() or 1),
        broker_url=app.config["CELERY_BROKER_URL"],
        queue=app.config["BATCH_QUEUE"],
        batch_dir=Path(app.config["BATCH_DIR"] or Path(app.instance_path) / "batches"),
        database_url=database_url(app),
        chunk_documents=int(app.config["BATCH_CHUNK_DOCUMENTS"]),
        lease_seconds=int(app.config["BATCH_LEASE_SECONDS"]),
        max_rows=int(app.config["BATCH_MAX_ROWS"]),
        max_upload=int(app.config["BATCH_MAX_UPLOAD"]),
        max_errors=int(app.config["ROSTER_MAX_ERRORS"]),
    )
