"""Starting a job, the same way from every door (API, CLI, web): plan it in one transaction, then — once that
transaction has committed — hand it to the runner the configuration picks.
"""

from __future__ import annotations

import threading

from flask import Flask

from service.batch.examine import Examined
from service.batch.plan import plan
from service.batch.progress import chunks, jobs
from service.batch.progress.models import FINISHED
from service.batch.roster import BatchOptions, Rows
from service.batch.settings import BatchSettings, batch_settings
from service.store.db import Database
from service.store.errors import Conflict


class QueueUnavailable(Exception):
    """The runner's queue (Celery's broker) cannot take the job: it is recorded as failed with the reason."""


class Batches:
    """An app's batch: its settings, database and runner."""

    def __init__(self, settings: BatchSettings, database: Database):
        self.settings, self.database = settings, database
        if settings.runner == "celery":
            from service.batch.runners.celery_app import CeleryRunner

            self.runner = CeleryRunner(settings, database)
        else:
            from service.batch.runners.local import LocalRunner

            self.runner = LocalRunner(settings, database)

    def start(
        self,
        rows: Rows,
        options: BatchOptions,
        *,
        source: str,
        organization_id: int | None = None,
        examined: Examined | None = None,
    ) -> int:
        """Plan the job from valid rows (closing them) and the check report of them (made here when not given),
        and queue it; returns its id."""
        try:
            job_id = plan(
                self.database,
                rows,
                options,
                runner=self.settings.runner,
                source=source,
                chunk_documents=self.settings.chunk_documents,
                organization_id=organization_id,
                examined=examined,
            )
        finally:
            rows.close()
        try:
            self.runner.submit(job_id)
        except QueueUnavailable as unavailable:
            jobs.fail(self.database, job_id, str(unavailable))
            raise
        return job_id

    def resumable(self, job_id: int) -> bool:
        """Whether the job was left unfinished by a runner that stopped: nobody alive works on it, and it is
        not waiting for this process's runner either."""
        return not self.runner.handles(job_id) and chunks.abandoned(self.database, job_id)

    def resume(self, job_id: int, within: frozenset[int] | None = None) -> None:
        """Hand a job left unfinished to this process's runner (Conflict when it is finished or being run)."""
        with self.database.read() as session:
            status = jobs.get(session, job_id, within=within).status
        if status in FINISHED:
            raise Conflict("batch_finished", f"Đợt tạo văn bản {job_id} đã kết thúc, không cần chạy tiếp.")
        if not self.resumable(job_id):
            raise Conflict("batch_running", f"Đợt tạo văn bản {job_id} đang được xử lý, không cần chạy tiếp.")
        self.runner.submit(job_id)

    def close(self) -> None:
        """Wait for the jobs this process runs, and let go of the runner's resources."""
        self.runner.close()


_lock = threading.Lock()


def get_batches(app: Flask) -> Batches:
    """The app's batch, made on first use (a CLI command that never starts one needs no runner); one per
    app, so that the jobs of a process queue behind each other."""
    with _lock:
        if "batch" not in app.extensions:
            app.extensions["batch"] = Batches(batch_settings(app), app.extensions["database"])
        return app.extensions["batch"]
