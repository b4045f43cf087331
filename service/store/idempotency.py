"""Idempotency records: a client's Idempotency-Key remembered with the document it created.

A client that lost the answer to a POST sends it again with the same key and
gets the same document and number back instead of a second document with the
next number. The record is written in the transaction that archives the
document (archive.issue's `on_record`), so a document never exists without its
record or the reverse. Two requests racing with one key meet at the unique
constraint: the second one's transaction, number included, rolls back, and it
answers with the first one's document.

Records are kept per organization for a configured time, then forgotten; the
table has its own metadata so that exports carry only documents and rosters.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import JSON, DateTime, Integer, MetaData, String, UniqueConstraint, delete, select, update
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from service.findings import Finding
from service.store.db import Database
from service.store.models import utcnow

# Stripe, the IETF draft and most clients send a UUID; anything longer is not a key but a mistake.
MAX_KEY_LENGTH = 255


class _Base(DeclarativeBase):
    metadata = MetaData()


class IdempotencyRecord(_Base):
    __tablename__ = "idempotency_records"
    __table_args__ = (UniqueConstraint("organization_id", "key", name="uq_idempotency_records_organization_id_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(Integer)
    key: Mapped[str] = mapped_column(String(MAX_KEY_LENGTH))
    request_sha256: Mapped[str] = mapped_column(String(64))
    document_id: Mapped[int] = mapped_column(Integer)
    warnings: Mapped[Any] = mapped_column(JSON)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


@dataclass(frozen=True)
class Remembered:
    request_sha256: str
    document_id: int
    warnings: list[Finding]


def find(database: Database, organization_id: int, key: str, *, since: dt.datetime) -> Remembered | None:
    """The document created with `key` by the organization since `since` (older records are forgotten)."""
    with database.read() as session:
        record = session.scalars(
            select(IdempotencyRecord).where(
                IdempotencyRecord.organization_id == organization_id,
                IdempotencyRecord.key == key,
                IdempotencyRecord.created_at >= since,
            )
        ).one_or_none()
        if record is None:
            return None
        return Remembered(record.request_sha256, record.document_id, [Finding(**w) for w in record.warnings])


def remember(
    session: Session,
    organization_id: int,
    key: str,
    request_sha256: str,
    document_id: int,
    warnings: list[Finding],
    *,
    since: dt.datetime,
) -> None:
    """Record `key` in the caller's transaction; raises IntegrityError if another request recorded it first."""
    # Forgetting the organization's old records here keeps the table at one period's worth of
    # requests, and frees an expired record's key for this one.
    session.execute(
        delete(IdempotencyRecord).where(
            IdempotencyRecord.organization_id == organization_id, IdempotencyRecord.created_at < since
        )
    )
    session.add(
        IdempotencyRecord(
            organization_id=organization_id,
            key=key,
            request_sha256=request_sha256,
            document_id=document_id,
            warnings=[w.as_dict() for w in warnings],
        )
    )
    session.flush()


def moved(session: Session, document_id: int, to_document_id: int) -> None:
    """A draft issued as a final document (in the caller's transaction): a retry of the request that made the
    draft answers with the document it became, not with a draft that no longer exists."""
    session.execute(
        update(IdempotencyRecord).where(IdempotencyRecord.document_id == document_id).values(document_id=to_document_id)
    )
