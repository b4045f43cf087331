"""A finished job's ZIP: the chunks' fragments one after another, the books of cells too big for one chunk,
both manifests, then the central directory — written to a temporary file, renamed into place, recorded.

Everything is read from the database and the fragments in a fixed order, so the ZIP of a job is the same
bytes however its chunks were run, interrupted or repeated.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from sqlalchemy import Row, select

from service.batch import book
from service.batch.package import MANIFEST_CSV, MANIFEST_JSON, ManifestLine, ManifestWriter, safe_name
from service.batch.plan import BOOK, SUMMARY_XLSX
from service.batch.report import REPORT_NAME
from service.batch.progress import jobs
from service.batch.progress.models import BatchChunk, BatchItem
from service.batch.roster import BatchOptions
from service.kinds import get_kind
from service.render.package import STORED, Entry, ZipWriter, data_start
from service.store.db import Database

OUTPUT = "ket-qua.zip"
BOOK_TITLE = "Tập in của chi bộ"
WORKBOOK_TITLE = "Bảng tổng hợp xếp loại đảng viên (Excel)"
ROWS_PER_FETCH = 1000


@dataclass(frozen=True)
class _Loose:
    """A book of a split cell: made while packaging, its entry known only here."""

    item_id: int
    entry: Entry | None
    sha256: str | None
    error: str | None


class FragmentLost(Exception):
    """Chunks recorded as done whose fragment is missing or cut short: a crash came before the disk had them.
    The runner makes them again (chunks.redo) and packages after."""

    def __init__(self, chunk_ids: list[int]):
        super().__init__(f"fragments of chunks {chunk_ids} are missing or incomplete")
        self.chunk_ids = chunk_ids


def assemble(database: Database, batch_dir: Path, job_id: int, owner: str, lease_seconds: int) -> bool:
    """Package the job if it waits for it and nobody alive is doing it; True when this call made the ZIP."""
    if not jobs.claim_packaging(database, job_id, owner, lease_seconds):
        return False
    fragments = _fragments(database, job_id)
    lost = [chunk_id for chunk_id, fragment, size in fragments if not _intact(batch_dir / fragment, size)]
    if lost:
        raise FragmentLost(lost)
    folder = batch_dir / "jobs" / str(job_id)
    folder.mkdir(parents=True, exist_ok=True)
    temporary = folder / f".{OUTPUT}.{os.getpid()}.tmp"
    with database.read() as session:
        job = jobs.get(session, job_id)
        header = {"year": job.year, "regime": BatchOptions.model_validate(job.options).rules.id, "check": job.report}
        report = job.report_text
    with temporary.open("wb") as stream:
        writer = ZipWriter(stream)
        bases = {chunk_id: writer.copy(batch_dir / fragment) for chunk_id, fragment, _ in fragments}
        loose = [_add_book(writer, database, batch_dir, job_id, item) for item in _split_books(database, job_id)]
        manifests = _manifests(writer, database, job_id, folder, header, loose)
        if report:
            manifests.append(writer.add(REPORT_NAME, report.encode("utf-8")))
        sha256 = writer.finish(_directory(database, job_id, bases, loose, manifests))
        size = writer.offset
        stream.flush()
        os.fsync(stream.fileno())
    os.replace(temporary, folder / OUTPUT)
    books = [
        {
            "id": book.item_id,
            "status": "failed" if book.entry is None else "done",
            "error": book.error,
            "path": book.entry and book.entry.name,
            "sha256": book.sha256,
            "size": book.entry and book.entry.size,
            "crc32": book.entry and book.entry.crc32,
        }
        for book in loose
    ]
    jobs.finish(database, job_id, f"jobs/{job_id}/{OUTPUT}", size, sha256, books)
    for _, fragment, _ in fragments:
        (batch_dir / fragment).unlink(missing_ok=True)
    return True


def _fragments(database: Database, job_id: int) -> list[tuple[int, str, int]]:
    with database.read() as session:
        return session.execute(
            select(BatchChunk.id, BatchChunk.fragment, BatchChunk.fragment_size)
            .where(BatchChunk.job_id == job_id, BatchChunk.fragment.is_not(None))
            .order_by(BatchChunk.seq)
        ).all()


def _intact(path: Path, size: int) -> bool:
    try:
        return path.stat().st_size == size
    except FileNotFoundError:
        return False


# What packaging reads of an item: not its input, which is the bulk of the row.
_LISTED = (
    BatchItem.id,
    BatchItem.chunk_id,
    BatchItem.cell,
    BatchItem.prefix,
    BatchItem.path,
    BatchItem.kind,
    BatchItem.member,
    BatchItem.form,
    BatchItem.guessed,
    BatchItem.warnings,
    BatchItem.status,
    BatchItem.error,
    BatchItem.sha256,
    BatchItem.size,
    BatchItem.crc32,
    BatchItem.offset,
)


def _items(database: Database, job_id: int, *conditions) -> Iterator[Row]:
    """The job's items in book order, fetched a thousand at a time."""
    with database.read() as session:
        query = (
            select(*_LISTED)
            .where(BatchItem.job_id == job_id, *conditions)
            .order_by(BatchItem.cell, BatchItem.position)
            .execution_options(yield_per=ROWS_PER_FETCH)
        )
        yield from session.execute(query)


def _split_books(database: Database, job_id: int) -> list[BatchItem]:
    with database.read() as session:
        return list(
            session.scalars(
                select(BatchItem)
                .where(BatchItem.job_id == job_id, BatchItem.kind == BOOK, BatchItem.chunk_id.is_(None))
                .order_by(BatchItem.cell)
            )
        )


def _add_book(writer: ZipWriter, database: Database, batch_dir: Path, job_id: int, item: BatchItem) -> _Loose:
    """A split cell's book, from its documents' entries in the fragments."""
    with database.read() as session:
        parts = session.execute(
            select(BatchItem.offset, BatchItem.path, BatchItem.crc32, BatchItem.size, BatchChunk.fragment)
            .join(BatchChunk)
            .where(
                BatchItem.job_id == job_id, BatchItem.cell == item.cell, BatchItem.status == "done", BatchItem.kind != BOOK
            )
            .order_by(BatchItem.position)
        ).all()
    documents = []
    for offset, path, crc, size, fragment in parts:
        with (batch_dir / fragment).open("rb") as stream:
            stream.seek(data_start(Entry(path, crc, size, size, STORED, offset)))
            documents.append(stream.read(size))
    try:
        content = book.merge(documents, item.input["title"]) if documents else None
    except book.BookError as error:
        return _Loose(item.id, None, None, str(error))
    if content is None:
        return _Loose(item.id, None, None, "Không có văn bản nào của chi bộ để ghép thành tập in.")
    name = item.prefix + safe_name(item.input["title"], ".docx")
    return _Loose(item.id, writer.add(name, content), hashlib.sha256(content).hexdigest(), None)


def _manifests(
    writer: ZipWriter, database: Database, job_id: int, folder: Path, header: dict, loose: list[_Loose]
) -> list[Entry]:
    made = {book.item_id: book for book in loose}
    manifest = ManifestWriter(folder, header)
    try:
        for item in _items(database, job_id):
            manifest.add(_line(item, made.get(item.id)))
            if item.kind == BOOK:
                manifest.add_cell(item.prefix.rstrip("/"), item.warnings or [])
    finally:
        manifest.close()
    entries = [writer.add_file(MANIFEST_CSV, manifest.csv_path), writer.add_file(MANIFEST_JSON, manifest.json_path)]
    manifest.csv_path.unlink()
    manifest.json_path.unlink()
    return entries


def _line(item: Row, loose: _Loose | None) -> ManifestLine:
    title = {BOOK: BOOK_TITLE, SUMMARY_XLSX: WORKBOOK_TITLE}.get(item.kind) or get_kind(item.kind).title
    warnings = tuple(item.warnings or ())
    if loose is not None:
        ok = loose.entry is not None
        return ManifestLine(
            loose.entry.name if ok else None,
            item.kind,
            title,
            None,
            None,
            loose.sha256,
            loose.entry.size if ok else None,
            "done" if ok else "failed",
            loose.error,
            warnings=warnings,
        )
    done = item.status == "done"
    return ManifestLine(
        item.path if done else None,
        item.kind,
        title,
        item.member,
        item.form,
        item.sha256,
        item.size,
        item.status,
        item.error,
        item.guessed,
        warnings,
    )


def _directory(
    database: Database, job_id: int, bases: dict[int, int], loose: list[_Loose], manifests: list[Entry]
) -> Iterator[Entry]:
    for item in _items(database, job_id, BatchItem.status == "done", BatchItem.chunk_id.is_not(None)):
        yield Entry(item.path, item.crc32, item.size, item.size, STORED, item.offset).moved(bases[item.chunk_id])
    yield from (book.entry for book in loose if book.entry is not None)
    yield from manifests
