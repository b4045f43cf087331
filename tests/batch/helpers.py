"""Running a planned job inside the test process (the chunk function and packaging, no pool), and reading
its ZIP."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from sqlalchemy import select

from service.batch.assemble import assemble
from service.batch.chunk import Worker, run_chunk
from service.batch.progress import chunks, owners
from service.batch.progress.models import BatchChunk
from service.store.db import Database


def worker(database: Database, batch_dir: Path) -> Worker:
    return Worker(database, batch_dir, owners.owner_id(), 600)


def run_here(database: Database, batch_dir: Path, job_id: int) -> bytes:
    """Every chunk, then the ZIP, in this process; returns the ZIP's bytes."""
    for chunk_id in chunks.unfinished(database, job_id):
        run_chunk(worker(database, batch_dir), chunk_id)
    assert assemble(database, batch_dir, job_id, owners.owner_id(), 600)
    return (batch_dir / "jobs" / str(job_id) / "ket-qua.zip").read_bytes()


def chunk_ids(database: Database, job_id: int) -> list[int]:
    with database.read() as session:
        return list(session.scalars(select(BatchChunk.id).where(BatchChunk.job_id == job_id).order_by(BatchChunk.seq)))


def entries(zip_bytes: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(zip_bytes)) as package:
        assert package.testzip() is None
        names = package.namelist()
        assert len(names) == len(set(names)), "an entry is in the ZIP twice"
        return {name: package.read(name) for name in names}
