"""Finding and killing the processes that render a job's chunks, for the fault tests (Linux /proc)."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

from sqlalchemy import select

from service.batch.progress.models import BatchChunk
from service.batch.progress.owners import HOST


def children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rpartition(")")[2].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def descendants(pid: int) -> list[int]:
    found = children(pid)
    return found + [grandchild for child in found for grandchild in descendants(child)]


def stop_one_holding_a_chunk(database, ancestors: list[int], timeout: float = 60) -> tuple[int, int]:
    """Freeze a process under `ancestors` in the middle of a chunk: (its pid, the chunk). Frozen first, then
    asked, so the chunk cannot finish between the question and the kill that follows."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for child in (child for ancestor in ancestors for child in descendants(ancestor)):
            try:
                os.kill(child, signal.SIGSTOP)
            except ProcessLookupError:
                continue  # it ended between the listing and now
            with database.read() as session:
                chunk = session.scalar(
                    select(BatchChunk.id).where(BatchChunk.owner == f"{HOST}:{child}", BatchChunk.status == "running")
                )
            if chunk is not None:
                return child, chunk
            try:
                os.kill(child, signal.SIGCONT)
            except ProcessLookupError:
                continue  # its parent ended it while it was frozen (a pool shrinking or restarting)
        time.sleep(0.005)
    raise AssertionError(f"no process under {ancestors} held a chunk within {timeout} s")


def attempts(database, chunk_id: int) -> int:
    with database.read() as session:
        return session.get(BatchChunk, chunk_id).attempts
