"""The tables of batch work: a job, its chunks (units of work a runner hands out) and its items (one document
each). The job row is what the API, the CLI progress bar and the web page read.

They have a metadata of their own, apart from the store's: a batch is transient work, not a record to back
up (`db export` leaves it out) and nothing in the store refers to it. The schema is migration 0004.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, BigInteger, Boolean, DateTime, Float, ForeignKey, Index, Integer, MetaData, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from service.batch.progress.owners import now
from service.store.models import NAMING

JOB_STATUSES = ("queued", "running", "packaging", "done", "failed", "cancelled")
FINISHED = ("done", "failed", "cancelled")
CHUNK_STATUSES = ("pending", "running", "done", "failed")
ITEM_STATUSES = ("pending", "done", "failed")


class BatchBase(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class BatchJob(BatchBase):
    __tablename__ = "batch_jobs"

    id: Mapped[int] = mapped_column(primary_key=True)
    status: Mapped[str] = mapped_column(String(20), default="queued")
    runner: Mapped[str] = mapped_column(String(20))
    year: Mapped[int] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(String(300))  # the roster's file name, "json" or "organizations"
    # The organization of the API key that asked for it: only keys reaching it see the job. None: the CLI's.
    organization_id: Mapped[int | None] = mapped_column(Integer, index=True)
    options: Mapped[Any] = mapped_column(JSON)
    total: Mapped[int] = mapped_column(Integer, default=0)  # documents planned, books included
    done: Mapped[int] = mapped_column(Integer, default=0)
    failed: Mapped[int] = mapped_column(Integer, default=0)
    rate: Mapped[float | None] = mapped_column(Float)  # documents per second since the start
    eta_seconds: Mapped[float | None] = mapped_column(Float)
    error: Mapped[str | None] = mapped_column(Text)
    output: Mapped[str | None] = mapped_column(String(500))  # the ZIP, relative to BATCH_DIR
    output_size: Mapped[int | None] = mapped_column(BigInteger)
    output_sha256: Mapped[str | None] = mapped_column(String(64))
    # The roster's check report (service/batch/examine.py): counts and the first warnings and guesses, which the
    # API and the pages show; and the whole report as text, which goes into the ZIP (read only when packaging).
    report: Mapped[Any] = mapped_column(JSON(none_as_null=True), nullable=True)
    report_text: Mapped[str | None] = mapped_column(Text, deferred=True)
    # The process packaging the job (host:pid) and until when its claim holds.
    owner: Mapped[str | None] = mapped_column(String(100))
    lease_until: Mapped[dt.datetime | None] = mapped_column(DateTime)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now)
    started_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class BatchChunk(BatchBase):
    """A cell's documents (or up to BATCH_CHUNK_DOCUMENTS of them): rendered by one call of the chunk function."""

    __tablename__ = "batch_chunks"
    __table_args__ = (Index("ix_batch_chunks_job_id_seq", "job_id", "seq", unique=True),)

    id: Mapped[int] = mapped_column(primary_key=True)
    job_id: Mapped[int] = mapped_column(ForeignKey("batch_jobs.id", ondelete="CASCADE"))
    seq: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(20), default="pending")
    documents: Mapped[int] = mapped_column(Integer)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    owner: Mapped[str | None] = mapped_column(String(100))
    lease_until: Mapped[dt.datetime | None] = mapped_column(DateTime)
    error: Mapped[str | None] = mapped_column(Text)
    fragment: Mapped[str | None] = mapped_column(String(300))  # its documents as ZIP entries, relative to BATCH_DIR
    fragment_size: Mapped[int | None] = mapped_column(BigInteger)


class BatchItem(BatchBase):
    """One document of a job: its input, where it goes in the ZIP, and what rendering it gave."""

    __tablename__ = "batch_items"
    __table_args__ = (Index("ix_batch_items_job_id_cell_position", "job_id", "cell", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    job_id: Mapped[int] = mapped_column(ForeignKey("batch_jobs.id", ondelete="CASCADE"))
    chunk_id: Mapped[int | None] = mapped_column(ForeignKey("batch_chunks.id", ondelete="CASCADE"), index=True)
    cell: Mapped[int] = mapped_column(Integer)  # the chi bộ's number in the job
    position: Mapped[int] = mapped_column(Integer)  # order in the cell's book
    kind: Mapped[str] = mapped_column(String(50))  # a document kind, or "book"
    member: Mapped[str | None] = mapped_column(String(300))
    form: Mapped[str | None] = mapped_column(String(20))  # the personal form's letter (2A, 02B…)
    guessed: Mapped[bool] = mapped_column(Boolean, default=False)  # the form was guessed from the positions
    # What the document's checks warned about (Vietnamese messages); for a cell's book, the cell's warnings.
    warnings: Mapped[Any] = mapped_column(JSON(none_as_null=True), nullable=True)
    prefix: Mapped[str] = mapped_column(String(1000))  # its folder and number in the ZIP, planned
    path: Mapped[str | None] = mapped_column(String(1000))  # the prefix and the document's name, once made
    input: Mapped[Any] = mapped_column(JSON, nullable=True)  # none for a book
    status: Mapped[str] = mapped_column(String(20), default="pending")
    error: Mapped[str | None] = mapped_column(Text)
    sha256: Mapped[str | None] = mapped_column(String(64))
    size: Mapped[int | None] = mapped_column(BigInteger)
    crc32: Mapped[int | None] = mapped_column(BigInteger)
    offset: Mapped[int | None] = mapped_column(BigInteger)  # of its ZIP entry in the chunk's fragment
