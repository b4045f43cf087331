"""Chunks change hands here: a process claims one (with a lease), renders it, and records what it made; a
chunk whose process died is claimed again by the next one to ask. Recording is idempotent: the second run of
a chunk finds it done and changes nothing, so a chunk handed out twice is counted once.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select, update

from service.batch.progress import jobs, owners
from service.batch.progress.models import BatchChunk, BatchItem, BatchJob
from service.store.db import Database

ACTIVE = ("queued", "running")
# A chunk whose process dies this many times fails (with its items) instead of killing processes forever.
MAX_ATTEMPTS = 3


@dataclass(frozen=True)
class Item:
    id: int
    kind: str
    cell: int
    position: int
    prefix: str  # the folder and number planned; the chunk adds the document's name
    input: Any
    member: str | None
    warnings: tuple[str, ...] = ()  # what the roster's check found about it, before it was made


@dataclass(frozen=True)
class Claim:
    chunk_id: int
    job_id: int
    seq: int
    items: list[Item]
    exhausted: bool  # claimed too often already: its processes keep dying, give up on it


@dataclass(frozen=True)
class Outcome:
    job_id: int
    package: bool  # this chunk was the job's last: package it now


def claim(database: Database, chunk_id: int, owner: str, lease_seconds: int) -> Claim | None:
    """The chunk and its items for `owner`, or None when it is finished, cancelled, or held by a live process."""
    with database.read() as session:
        # Messages delivered twice are common (a worker starting up hands out every unfinished chunk): they
        # are turned away here, without the write lock.
        status = session.scalar(select(BatchChunk.status).where(BatchChunk.id == chunk_id))
    if status in (None, "done", "failed"):
        return None
    with database.write() as session:
        chunk = session.get(BatchChunk, chunk_id, with_for_update=True)
        if chunk is None or chunk.status in ("done", "failed"):
            return None
        job = session.get(BatchJob, chunk.job_id, with_for_update=True)
        if job.status not in ACTIVE or owners.holds(chunk.owner, chunk.lease_until, owner):
            return None
        jobs.start(job)
        exhausted = chunk.attempts >= MAX_ATTEMPTS
        chunk.status, chunk.owner, chunk.attempts = "running", owner, chunk.attempts + 1
        chunk.lease_until = owners.now() + dt.timedelta(seconds=lease_seconds)
        items = [
            Item(row.id, row.kind, row.cell, row.position, row.prefix, row.input, row.member, tuple(row.warnings or ()))
            for row in session.scalars(
                select(BatchItem).where(BatchItem.chunk_id == chunk_id).order_by(BatchItem.cell, BatchItem.position)
            )
        ]
        return Claim(chunk.id, chunk.job_id, chunk.seq, items, exhausted)


def record(
    database: Database, claimed: Claim, results: list[dict[str, Any]], fragment: str | None, fragment_size: int = 0
) -> Outcome:
    """Store what rendering the chunk gave: each item's result, the chunk done, the job's progress."""
    with database.write() as session:
        chunk = session.get(BatchChunk, claimed.chunk_id, with_for_update=True)
        job = session.get(BatchJob, claimed.job_id, with_for_update=True)
        if chunk.status in ("done", "failed"):
            return Outcome(job.id, False)
        if results:
            session.execute(update(BatchItem), results)
        failed = sum(result["status"] == "failed" for result in results)
        chunk.status = "failed" if results and failed == len(results) else "done"
        chunk.fragment, chunk.fragment_size, chunk.owner, chunk.lease_until = fragment, fragment_size, None, None
        jobs.count(job, len(results) - failed, failed)
        return Outcome(job.id, jobs.maybe_complete(session, job))


def fail(database: Database, claimed: Claim, reason: str) -> Outcome:
    """The chunk could not be made at all: every item fails with the reason, the rest of the job goes on."""
    results = [{"id": item.id, "status": "failed", "error": reason} for item in claimed.items]
    return record(database, claimed, results, None)


def redo(database: Database, job_id: int, chunk_ids: list[int]) -> None:
    """Make chunks again whose fragments were lost (a machine crash before they reached the disk): their
    items and the job's progress go back to before they were recorded, and the job back to running."""
    with database.write() as session:
        job = session.get(BatchJob, job_id, with_for_update=True)
        items = session.execute(
            select(BatchItem.status, func.count()).where(BatchItem.chunk_id.in_(chunk_ids)).group_by(BatchItem.status)
        ).all()
        counts = dict(items)
        jobs.count(job, -counts.get("done", 0), -counts.get("failed", 0))
        session.execute(
            update(BatchItem)
            .where(BatchItem.chunk_id.in_(chunk_ids))
            .values(status="pending", error=None, path=None, sha256=None, size=None, crc32=None, offset=None)
        )
        session.execute(
            update(BatchChunk)
            .where(BatchChunk.id.in_(chunk_ids))
            .values(status="pending", fragment=None, fragment_size=None, owner=None, lease_until=None)
        )
        if job.status == "packaging":
            job.status, job.owner, job.lease_until = "running", None, None


def unfinished(database: Database, job_id: int) -> list[int]:
    """The job's chunks not yet done or failed, in order."""
    with database.read() as session:
        return list(
            session.scalars(
                select(BatchChunk.id)
                .where(BatchChunk.job_id == job_id, BatchChunk.status.in_(("pending", "running")))
                .order_by(BatchChunk.seq)
            )
        )


def abandoned(database: Database, job_id: int) -> bool:
    """Whether the job is unfinished and no live process holds any of its work: the process that ran it
    ended (the service restarted, the command was stopped). Handing it to a runner again is safe whenever:
    chunks are claimed, and recorded once."""
    with database.read() as session:
        job = session.get(BatchJob, job_id)
        if job is None or job.status not in (*ACTIVE, "packaging"):
            return False
        if job.status == "packaging":
            return not owners.holds(job.owner, job.lease_until, None)
        claims = session.execute(
            select(BatchChunk.owner, BatchChunk.lease_until).where(
                BatchChunk.job_id == job_id, BatchChunk.status.in_(("pending", "running"))
            )
        ).all()
    return not any(owners.holds(owner, lease, None) for owner, lease in claims)


def orphaned(database: Database) -> tuple[list[tuple[int, int]], list[int]]:
    """Work nobody alive is doing: chunks of active jobs not claimed or held by a dead process, and jobs
    waiting to be packaged by nobody alive. For a worker starting up, to pick up what a killed one left."""
    me = owners.owner_id()
    with database.read() as session:
        chunks = session.execute(
            select(BatchChunk.job_id, BatchChunk.id, BatchChunk.owner, BatchChunk.lease_until)
            .join(BatchJob)
            .where(BatchJob.status.in_(ACTIVE), BatchChunk.status.in_(("pending", "running")))
            .order_by(BatchChunk.job_id, BatchChunk.seq)
        ).all()
        packaging = session.execute(
            select(BatchJob.id, BatchJob.owner, BatchJob.lease_until)
            .where(BatchJob.status == "packaging")
            .order_by(BatchJob.id)
        ).all()
    return (
        [(job_id, chunk_id) for job_id, chunk_id, owner, lease in chunks if not owners.holds(owner, lease, me)],
        [job_id for job_id, owner, lease in packaging if not owners.holds(owner, lease, me)],
    )
