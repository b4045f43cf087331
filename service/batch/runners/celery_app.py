"""The runner for many machines (BATCH_RUNNER=celery): every chunk is a Celery task on a Redis broker, run by
`python -m service worker` on any machine that shares the database and BATCH_DIR.

The database, not the broker, says what is done: a task only names a chunk, and the chunk function claims
it, so a message delivered twice does the work once. A message is acknowledged after its chunk is recorded
(acks_late) and goes back to the queue when the process running it dies (reject_on_worker_lost). When a
whole worker dies its unacknowledged messages come back after BATCH_LEASE_SECONDS (the broker's visibility
timeout), and sooner when any worker starts: it hands out again whatever no live process holds.

Each configuration gets a Celery application of its own (make_celery), so that a process never publishes
through a connection pool made for other settings.
"""

from __future__ import annotations

import logging

from celery import Celery, signals
from kombu.exceptions import OperationalError

from service.batch.assemble import FragmentLost, assemble
from service.batch.chunk import Worker, run_chunk, tune_collector
from service.batch.launch import QueueUnavailable
from service.batch.progress import chunks, jobs, owners
from service.batch.settings import BatchSettings
from service.store.db import Database

log = logging.getLogger(__name__)
CHUNK_TASK, PACKAGE_TASK = "partydocs.batch.chunk", "partydocs.batch.package"


def make_celery(settings: BatchSettings) -> Celery:
    """A Celery application for these settings, with the batch's two tasks."""
    app = Celery("partydocs", set_as_current=False)
    app.conf.update(
        broker_url=settings.broker_url,
        task_default_queue=settings.queue,
        broker_transport_options={"visibility_timeout": settings.lease_seconds},
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        task_ignore_result=True,
        broker_connection_retry_on_startup=True,
        worker_hijack_root_logger=False,
    )
    processes = _Processes(settings)

    @app.task(name=CHUNK_TASK)
    def chunk_task(job_id: int, chunk_id: int) -> None:
        outcome = run_chunk(processes.worker(), chunk_id)
        if outcome is not None and outcome.package:
            app.send_task(PACKAGE_TASK, args=(job_id,))

    @app.task(name=PACKAGE_TASK)
    def package_task(job_id: int) -> None:
        worker = processes.worker()
        try:
            assemble(worker.database, worker.batch_dir, job_id, worker.owner, worker.lease_seconds)
        except FragmentLost as lost:
            chunks.redo(worker.database, job_id, lost.chunk_ids)
            for chunk_id in lost.chunk_ids:
                app.send_task(CHUNK_TASK, args=(job_id, chunk_id))
        except Exception as exc:  # the job's own fault (disk full, database gone): it fails with the reason
            log.exception("batch %s: packaging failed", job_id)
            jobs.fail(worker.database, job_id, f"Lỗi của hệ thống khi đóng gói: {type(exc).__name__}: {exc}")

    def hand_out_orphans(sender=None, **_) -> None:
        """A worker starting up queues again the work of processes that died."""
        if getattr(sender, "app", None) is not app:
            return
        database = Database(settings.database_url)
        try:
            orphan_chunks, orphan_jobs = chunks.orphaned(database)
        finally:
            database.dispose()
        for job_id, chunk_id in orphan_chunks:
            app.send_task(CHUNK_TASK, args=(job_id, chunk_id))
        for job_id in orphan_jobs:
            app.send_task(PACKAGE_TASK, args=(job_id,))
        if orphan_chunks or orphan_jobs:
            log.info(
                "handed out %d unfinished chunks and %d packagings again (a chunk already queued runs once: "
                "its second message finds it done)",
                len(orphan_chunks),
                len(orphan_jobs),
            )

    signals.worker_ready.connect(hand_out_orphans, weak=False)
    signals.worker_process_init.connect(lambda **_: tune_collector(), weak=False)
    return app


class _Processes:
    """The worker of this process: Celery forks its pool processes, and each needs connections of its own."""

    def __init__(self, settings: BatchSettings):
        self.settings = settings
        self._worker: Worker | None = None

    def worker(self) -> Worker:
        if self._worker is None or self._worker.owner != owners.owner_id():
            s = self.settings
            self._worker = Worker(Database(s.database_url), s.batch_dir, owners.owner_id(), s.lease_seconds)
        return self._worker


class CeleryRunner:
    def __init__(self, settings: BatchSettings, database: Database):
        self.app, self.database, self.broker = make_celery(settings), database, settings.broker_url

    def submit(self, job_id: int) -> None:
        """Queue every chunk of a job whose creation has been committed."""
        try:
            for chunk_id in chunks.unfinished(self.database, job_id):
                self.app.send_task(CHUNK_TASK, args=(job_id, chunk_id))
        except OperationalError as exc:
            raise QueueUnavailable(f"Không gửi được việc tới hàng đợi ({self.broker}): {exc}") from exc

    def handles(self, job_id: int) -> bool:
        """Jobs run on the workers, never in this process."""
        return False

    def close(self) -> None:
        """Close the connections to the broker (the jobs run on the workers)."""
        self.app.close()
