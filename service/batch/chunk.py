"""The chunk function, the one unit of work both runners run: claim a chunk, render its documents through the
pipeline, merge the cell's book, write them as ZIP entries to the chunk's fragment file and record the result.

Rendering is deterministic and the fragment's path depends only on the job and the chunk, so running a
chunk twice (its first process was killed, or a message was delivered twice) writes the same bytes to the
same place and records them once. A document its input or template refuses fails alone, with its reason;
the rest of the chunk and of the job goes on.
"""

from __future__ import annotations

import gc
import hashlib
import logging
import os
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from service import pipeline
from service.batch import book
from service.batch.package import safe_name
from service.batch.plan import BOOK, SUMMARY_XLSX
from service.batch.summary import summary_of, workbook_bytes
from service.batch.progress import chunks
from service.batch.progress.chunks import Claim, Item, Outcome
from service.findings import InputInvalid
from service.render.engine import get_compiled
from service.render.errors import RenderError
from service.render.package import Member, local_record, write_members
from service.store.db import Database

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Worker:
    """What a process running chunks needs; one per process."""

    database: Database
    batch_dir: Path
    owner: str
    lease_seconds: int


@dataclass(frozen=True)
class Made:
    item: Item
    path: str | None = None
    content: bytes | None = None
    error: str | None = None
    members: list[Member] | None = None  # the rendered DOCX's members, for the cell's book
    warnings: tuple[str, ...] = ()  # what its checks warned about, as a single render shows them

    @property
    def all_warnings(self) -> list[str] | None:
        """The roster check's warnings about the item and its own, each once."""
        return list(dict.fromkeys((*self.item.warnings, *self.warnings))) or None


def tune_collector() -> None:
    """For a process that runs chunks, once it has imported what it needs (a pool's worker process).

    What is imported and compiled by then lives as long as the process: frozen, the cyclic collector never
    walks it again (nor writes to its pages, shared with the process it was forked from). A chunk makes
    hundreds of thousands of short-lived objects; collecting the young ones every 10,000 allocations
    instead of 700, and the old ones far less often, takes 7% off a chunk's CPU time
    (`python -m benchmarks batch` shows that the memory of a job stays flat)."""
    gc.freeze()
    gc.set_threshold(10_000, 50, 100)


def run_chunk(worker: Worker, chunk_id: int) -> Outcome | None:
    """Do the chunk unless it is finished or someone alive is doing it; None when there was nothing to do."""
    claim = chunks.claim(worker.database, chunk_id, worker.owner, worker.lease_seconds)
    if claim is None:
        return None
    if claim.exhausted:
        return chunks.fail(worker.database, claim, "Không tạo được: tiến trình xử lý bị dừng đột ngột nhiều lần.")
    try:
        made = [render(item) for item in claim.items if item.kind not in (BOOK, SUMMARY_XLSX)]
        by_cell: dict[int, list[Made]] = {}
        for m in sorted(made, key=lambda m: m.item.position):
            by_cell.setdefault(m.item.cell, []).append(m)
        made += [make_book(item, by_cell.get(item.cell, [])) for item in claim.items if item.kind == BOOK]
        made += [make_workbook(item) for item in claim.items if item.kind == SUMMARY_XLSX]
        fragment, size, results = write_fragment(worker.batch_dir, claim, made)
    except Exception as exc:  # a fault of the service, not of the data: this chunk fails, the job goes on
        log.exception("batch %s: chunk %s failed", claim.job_id, claim.seq)
        return chunks.fail(worker.database, claim, f"Lỗi của hệ thống khi tạo văn bản ({type(exc).__name__}).")
    return chunks.record(worker.database, claim, results, fragment, size)


def render(item: Item) -> Made:
    rendered: list[list[Member]] = []

    def engine(template: bytes, context: dict[str, Any], *, name: str) -> bytes:
        # The members are kept so that the cell's book reads this document without unzipping it again.
        rendered.append(get_compiled(template, name=name).render_members(context))
        return write_members(rendered[-1])

    def choose(prepared: pipeline.Prepared) -> pipeline.Template:
        return replace(pipeline.built_template(prepared), engine=engine)

    try:
        document = pipeline.issue(item.kind, item.input, choose=choose).document
    except InputInvalid as invalid:
        return Made(
            item,
            error="; ".join(error.message for error in invalid.errors),
            warnings=tuple(warning.message for warning in invalid.warnings),
        )
    except RenderError as error:
        return Made(item, error=f"Không tạo được văn bản từ mẫu: {error}")
    return Made(
        item,
        item.prefix + safe_name(document.filename.removesuffix(".docx"), ".docx"),
        document.content,
        members=rendered[-1],
        warnings=tuple(warning.message for warning in document.warnings),
    )


def make_workbook(item: Item) -> Made:
    """The đảng bộ's summary as a workbook, from the same input (and numbers) as its report."""
    try:
        model, summary = summary_of(item.input)
    except InputInvalid as invalid:
        return Made(item, error="; ".join(error.message for error in invalid.errors))
    name = safe_name(f"Tổng hợp xếp loại đảng viên năm {model.year}", ".xlsx")
    return Made(item, item.prefix + name, workbook_bytes(model, summary))


def make_book(item: Item, made: list[Made]) -> Made:
    """The cell's documents (`made`, in the book's order) rendered without error, as one DOCX."""
    documents = [m.members for m in made if m.members is not None]
    if not documents:
        return Made(item, error="Không có văn bản nào của chi bộ để ghép thành tập in.")
    try:
        title = item.input["title"]
        return Made(item, item.prefix + safe_name(title, ".docx"), book.merge(documents, title))
    except book.BookError as error:
        return Made(item, error=str(error))


def write_fragment(batch_dir: Path, claim: Claim, made: list[Made]) -> tuple[str | None, int, list[dict[str, Any]]]:
    """The documents as consecutive ZIP entries in the chunk's own file, its size, and each item's result."""
    relative = f"jobs/{claim.job_id}/chunks/{claim.seq:06d}.zipfrag"
    records, results, offset = [], [], 0
    for m in sorted(made, key=lambda m: (m.item.cell, m.item.position)):
        if m.content is None:
            results.append({"id": m.item.id, "status": "failed", "error": m.error, "warnings": m.all_warnings})
            continue
        record, entry = local_record(m.path, m.content, offset)
        records.append(record)
        results.append(
            {
                "id": m.item.id,
                "status": "done",
                "error": None,
                "path": m.path,
                "warnings": m.all_warnings,
                "sha256": hashlib.sha256(m.content).hexdigest(),
                "size": entry.size,
                "crc32": entry.crc32,
                "offset": offset,
            }
        )
        offset += len(record)
    if not records:
        return None, 0, results
    _write_atomically(batch_dir / relative, records)
    return relative, offset, results


def _write_atomically(target: Path, records: list[bytes]) -> None:
    """Readers see the whole file or none of it: a temporary file renamed into place. It is not synced to
    disk (a sync per chunk cost a third of a batch's time); packaging checks every fragment's size and has
    a chunk lost to a machine crash made again."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.writelines(records)
        os.replace(temporary, target)
    except BaseException:
        os.unlink(temporary)
        raise
