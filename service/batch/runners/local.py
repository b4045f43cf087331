"""The embedded runner: a job's chunks in a pool of worker processes (BATCH_WORKERS) inside the service or the
CLI, no server needed. Each worker process keeps its compiled templates for the whole job, so a chunk of many
documents costs little more than their rendering.

When a worker process dies (killed, out of memory) the pool breaks: a new pool takes every chunk not yet
recorded, and the chunk the dead process held is claimed again at once (its owner is gone). A job whose
pool breaks more than MAX_POOL_RESTARTS times fails; a chunk that kills its process every time fails alone
(chunks.MAX_ATTEMPTS).
"""

from __future__ import annotations

import logging
import multiprocessing
import threading
import time
from multiprocessing import forkserver
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, ThreadPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from service.batch.assemble import FragmentLost, assemble
from service.batch.chunk import Worker, run_chunk, tune_collector
from service.batch.progress import chunks, jobs, owners
from service.batch.progress.chunks import Outcome
from service.batch.settings import BatchSettings
from service.store.db import Database

log = logging.getLogger(__name__)
MAX_POOL_RESTARTS = 5
MAX_REPACKAGING = 2
# How often a running job looks at its row for a cancellation while its chunks render (seconds).
CANCEL_POLL_SECONDS = 0.5

_worker: Worker | None = None


def _context() -> multiprocessing.context.BaseContext:
    """Worker processes come from a clean single-threaded server process (forkserver) with the service
    imported once and the batch's templates compiled (preload.py): forking this process itself could copy a
    lock another thread holds (SQLite's, taken by the thread showing progress) and hang the child for ever.
    Spawn where there is no forkserver (Windows)."""
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([__name__, "service.batch.runners.preload"])
    forkserver.ensure_running()
    return context


def _start_worker(database_url: str, batch_dir: str, lease_seconds: int) -> None:
    """In each worker process: its own database connections and identity, and a collector tuned for chunks."""
    global _worker
    tune_collector()
    _worker = Worker(Database(database_url), Path(batch_dir), owners.owner_id(), lease_seconds)


def _run(chunk_id: int) -> Outcome | None:
    return run_chunk(_worker, chunk_id)


class LocalRunner:
    def __init__(self, settings: BatchSettings, database: Database):
        self.settings, self.database = settings, database
        self._handled: dict[int, int] = {}  # job id → how many times it is submitted and not yet ended
        self._lock = threading.Lock()
        # Jobs of this process run one after another, each with the whole pool.
        self._jobs = ThreadPoolExecutor(max_workers=1, thread_name_prefix="batch")
        # The server the worker processes come from imports the service once (a second or so): started now,
        # it is ready by the time a roster has been read and checked.
        self._jobs.submit(_context)

    def submit(self, job_id: int) -> Future:
        """Run the job in the background of this process."""
        with self._lock:
            self._handled[job_id] = self._handled.get(job_id, 0) + 1
        future = self._jobs.submit(self.run, job_id)
        future.add_done_callback(lambda _: self._release(job_id))
        return future

    def handles(self, job_id: int) -> bool:
        """Whether the job is queued or running in this process."""
        with self._lock:
            return job_id in self._handled

    def _release(self, job_id: int) -> None:
        with self._lock:
            self._handled[job_id] -= 1
            if not self._handled[job_id]:
                del self._handled[job_id]

    def close(self) -> None:
        """Wait for the jobs submitted here to end."""
        self._jobs.shutdown(wait=True)

    def run(self, job_id: int) -> None:
        """Drive the job to its end here: every chunk rendered, then the ZIP."""
        try:
            for _ in range(MAX_REPACKAGING + 1):
                self._render(job_id)
                try:
                    assemble(self.database, self.settings.batch_dir, job_id, owners.owner_id(), self.settings.lease_seconds)
                    return
                except FragmentLost as lost:
                    chunks.redo(self.database, job_id, lost.chunk_ids)
            jobs.fail(self.database, job_id, "Các tệp tạm liên tục bị mất trước khi đóng gói.")
        except Exception as exc:  # the job's own fault (disk full, database gone): it fails with the reason
            log.exception("batch %s failed", job_id)
            jobs.fail(self.database, job_id, f"Lỗi của hệ thống: {type(exc).__name__}: {exc}")

    def _render(self, job_id: int) -> None:
        restarts = 0
        while (pending := chunks.unfinished(self.database, job_id)) and self._active(job_id):
            try:
                if not self._pool(job_id, pending):
                    # Every chunk left is held by a live process elsewhere (another runner on the same job):
                    # wait for it rather than ask again at once.
                    time.sleep(CANCEL_POLL_SECONDS)
            except BrokenProcessPool:
                restarts += 1
                if restarts > MAX_POOL_RESTARTS:
                    jobs.fail(self.database, job_id, "Các tiến trình xử lý liên tục bị dừng đột ngột.")
                    return
                log.warning("batch %s: a worker process died; its chunks go to a new pool", job_id)

    def _pool(self, job_id: int, pending: list[int]) -> int:
        """Run the chunks in a new pool; returns how many of them this pool did."""
        s = self.settings
        done = 0
        with ProcessPoolExecutor(
            max_workers=min(s.workers, len(pending)),
            mp_context=_context(),
            initializer=_start_worker,
            initargs=(s.database_url, str(s.batch_dir), s.lease_seconds),
        ) as pool:
            running = {pool.submit(_run, chunk_id) for chunk_id in pending}
            while running:
                finished, running = wait(running, timeout=CANCEL_POLL_SECONDS, return_when=FIRST_COMPLETED)
                done += sum(future.result() is not None for future in finished)
                if running and not self._active(job_id):
                    pool.shutdown(cancel_futures=True)
                    break
        return done

    def _active(self, job_id: int) -> bool:
        with self.database.read() as session:
            return jobs.get(session, job_id).status in ("queued", "running")
