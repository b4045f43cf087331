"""A job's row: its life (queued → running → packaging → done, or failed, or cancelled), its progress (done,
failed, total, rate, ETA) and how the doors describe it. The API, the CLI's progress bar and the web page
only read this row.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import func, select, update

from service.batch.progress import owners
from service.batch.progress.models import FINISHED, BatchChunk, BatchItem, BatchJob
from service.store.db import Database
from service.store.errors import Conflict, NotFound
from service.store.models import json_value

FAILURES_SHOWN = 50


Reach = frozenset[int] | None  # the organizations an API key reaches; None: everything (the CLI, a worker)


def get(session, job_id: int, *, lock: bool = False, within: Reach = None) -> BatchJob:
    """The job, or NotFound — also for a job asked for by a key that does not reach its organization."""
    job = session.get(BatchJob, job_id, with_for_update=lock) if 0 < job_id < 2**31 else None
    if job is None or (within is not None and job.organization_id not in within):
        raise NotFound("batch_not_found", f"Không tìm thấy đợt tạo văn bản mã số {job_id}.")
    return job


def reach(database: Database, job_id: int, within: Reach) -> None:
    """NotFound unless the job exists within `within`."""
    with database.read() as session:
        get(session, job_id, within=within)


def describe(database: Database, job_id: int, within: Reach = None) -> dict[str, Any]:
    """The job as JSON, with the first failed documents and their reasons, the roster's check report and the
    first documents their checks warned about."""
    with database.read() as session:
        job = get(session, job_id, within=within)
        failures = session.execute(
            select(BatchItem.prefix, BatchItem.kind, BatchItem.member, BatchItem.error)
            .where(BatchItem.job_id == job_id, BatchItem.status == "failed")
            .order_by(BatchItem.cell, BatchItem.position)
            .limit(FAILURES_SHOWN)
        ).all()
        warned = _warned(job_id)
        return {
            **summary(job),
            "failures": [
                {"folder": prefix.rpartition("/")[0], "kind": kind, "member": member, "error": error}
                for prefix, kind, member, error in failures
            ],
            "warnings_total": session.scalar(select(func.count()).select_from(BatchItem).where(*warned)),
            "warnings": [
                {"path": path or prefix.rstrip("/"), "kind": kind, "member": member, "warnings": warnings}
                for path, prefix, kind, member, warnings in session.execute(
                    select(BatchItem.path, BatchItem.prefix, BatchItem.kind, BatchItem.member, BatchItem.warnings)
                    .where(*warned)
                    .order_by(BatchItem.cell, BatchItem.position)
                    .limit(FAILURES_SHOWN)
                )
            ],
        }


def _warned(job_id: int) -> tuple:
    """The job's documents made or failed whose checks warned about something (a cell's book: the cell's
    warnings)."""
    return BatchItem.job_id == job_id, BatchItem.status != "pending", BatchItem.warnings.is_not(None)


def warnings(database: Database, job_id: int) -> list[tuple[str, str | None, list[str]]]:
    """Every warned document of a finished job, in book order: (its path or folder, member, warnings)."""
    with database.read() as session:
        rows = session.execute(
            select(BatchItem.path, BatchItem.prefix, BatchItem.member, BatchItem.warnings)
            .where(*_warned(job_id))
            .order_by(BatchItem.cell, BatchItem.position)
        ).all()
    return [(path or prefix.rstrip("/"), member, list(found)) for path, prefix, member, found in rows]


def summary(job: BatchJob) -> dict[str, Any]:
    return {
        key: json_value(getattr(job, key))
        for key in (
            "id",
            "status",
            "runner",
            "year",
            "source",
            "options",
            "total",
            "done",
            "failed",
            "rate",
            "eta_seconds",
            "error",
            "output_size",
            "output_sha256",
            "created_at",
            "started_at",
            "finished_at",
            "report",
        )
    }


def list_jobs(database: Database, limit: int, within: Reach = None) -> list[dict[str, Any]]:
    """The newest jobs first."""
    query = select(BatchJob).order_by(BatchJob.id.desc()).limit(limit)
    if within is not None:
        query = query.where(BatchJob.organization_id.in_(within))
    with database.read() as session:
        return [summary(job) for job in session.scalars(query)]


def output(database: Database, job_id: int, within: Reach = None) -> BatchJob:
    """A finished job with its ZIP, or Conflict while it has none."""
    with database.read() as session:
        job = get(session, job_id, within=within)
    if job.output is None:
        raise Conflict("batch_not_ready", f"Đợt tạo văn bản {job_id} chưa có tệp kết quả (trạng thái: {job.status}).")
    return job


def cancel(database: Database, job_id: int, within: Reach = None) -> dict[str, Any]:
    """Stop a job: chunks not yet started never start, and no ZIP is made."""
    with database.write() as session:
        job = get(session, job_id, lock=True, within=within)
        if job.status in FINISHED:
            raise Conflict("batch_finished", f"Đợt tạo văn bản {job_id} đã kết thúc ({job.status}), không thể hủy.")
        job.status, job.finished_at, job.eta_seconds = "cancelled", owners.now(), None
        return summary(job)


def start(job: BatchJob) -> None:
    if job.status == "queued":
        job.status, job.started_at = "running", owners.now()


def count(job: BatchJob, done: int, failed: int) -> None:
    """Add finished documents to the job's progress and re-estimate its rate and time left."""
    job.done += done
    job.failed += failed
    elapsed = (owners.now() - (job.started_at or job.created_at)).total_seconds()
    finished = job.done + job.failed
    if elapsed > 0 and finished:
        job.rate = finished / elapsed
        job.eta_seconds = (job.total - finished) / job.rate


def maybe_complete(session, job: BatchJob) -> bool:
    """Once every chunk is done or failed, a running job moves to packaging; True for the caller that moved it."""
    remaining = session.scalar(
        select(func.count())
        .select_from(BatchChunk)
        .where(BatchChunk.job_id == job.id, BatchChunk.status.not_in(("done", "failed")))
    )
    if remaining or job.status != "running":
        return False
    job.status = "packaging"
    return True


def claim_packaging(database: Database, job_id: int, owner: str, lease_seconds: int) -> bool:
    """Take the packaging of a job unless a live process holds it."""
    with database.write() as session:
        job = get(session, job_id, lock=True)
        if job.status != "packaging" or owners.holds(job.owner, job.lease_until, owner):
            return False
        job.owner, job.lease_until = owner, owners.now() + dt.timedelta(seconds=lease_seconds)
        return True


def finish(database: Database, job_id: int, output: str, size: int, sha256: str, books: list[dict[str, Any]]) -> None:
    """The ZIP is in place: record it, and the books made while packaging."""
    with database.write() as session:
        job = get(session, job_id, lock=True)
        if books:
            session.execute(update(BatchItem), books)
            count(job, sum(book["status"] == "done" for book in books), sum(book["status"] == "failed" for book in books))
        job.owner, job.lease_until = None, None
        if job.status != "packaging":
            return  # cancelled meanwhile: the ZIP is not offered
        job.status, job.output, job.output_size, job.output_sha256 = "done", output, size, sha256
        job.finished_at, job.eta_seconds = owners.now(), 0.0


def fail(database: Database, job_id: int, error: str) -> None:
    with database.write() as session:
        job = get(session, job_id, lock=True)
        if job.status not in FINISHED:
            job.status, job.error, job.finished_at, job.owner = "failed", error, owners.now(), None
