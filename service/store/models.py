"""The tables: organizations with their cấp ủy terms and rosters, the number register, the archive.

Every schema change is a migration in migrations/versions; these classes are
what the code reads and writes.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Date, DateTime, ForeignKey, Integer, MetaData, String, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

# Stable constraint names let migrations drop or alter constraints on both databases.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s",
    "pk": "pk_%(table_name)s",
}

LEVELS = ("dang_bo", "chi_bo")
GENDERS = ("male", "female")
MEMBER_STATUSES = ("official", "probationary")
ENTRY_STATUSES = ("reserved", "confirmed", "cancelled")
# The largest id an integer column holds on both databases: larger ids in requests name nothing.
MAX_ID = 2**31 - 1


def utcnow() -> dt.datetime:
    # Naive UTC: SQLite keeps no time zone, so both databases store the same value.
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None, microsecond=0)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


def row_dict(row: Base) -> dict[str, Any]:
    """A row's columns as JSON values: dates and times as ISO text, the rest as stored."""
    return {column.key: json_value(getattr(row, column.key)) for column in row.__table__.columns}


def json_value(value: Any) -> Any:
    return value.isoformat() if isinstance(value, (dt.date, dt.datetime)) else value


class Organization(Base):
    __tablename__ = "organizations"

    id: Mapped[int] = mapped_column(primary_key=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("organizations.id"), index=True)
    level: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(300))
    # The level above by name, for a chi bộ whose đảng bộ is not recorded here.
    upper_name: Mapped[str | None] = mapped_column(String(300))
    abbreviation: Mapped[str] = mapped_column(String(20))
    place: Mapped[str] = mapped_column(String(300))
    created_on: Mapped[dt.date] = mapped_column(Date)

    parent: Mapped[Organization | None] = relationship(remote_side=[id])
    terms: Mapped[list[Term]] = relationship(
        back_populates="organization", order_by="Term.start_on", cascade="all, delete-orphan"
    )

    @property
    def upper(self) -> str | None:
        """The name printed on the header's first line: the recorded parent's, else the one typed."""
        return self.parent.name if self.parent is not None else self.upper_name


class Term(Base):
    """A cấp ủy term (nhiệm kỳ): document numbers restart with each one (spec §2)."""

    __tablename__ = "terms"

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    start_on: Mapped[dt.date] = mapped_column(Date)
    end_on: Mapped[dt.date | None] = mapped_column(Date)

    organization: Mapped[Organization] = relationship(back_populates="terms")

    def covers(self, day: dt.date) -> bool:
        return self.start_on <= day and (self.end_on is None or day <= self.end_on)


class Member(Base):
    __tablename__ = "members"

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    full_name: Mapped[str] = mapped_column(String(300))
    birth_date: Mapped[dt.date | None] = mapped_column(Date)
    gender: Mapped[str | None] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(20))
    admitted_on: Mapped[dt.date | None] = mapped_column(Date)
    official_on: Mapped[dt.date | None] = mapped_column(Date)
    party_position: Mapped[str | None] = mapped_column(String(300))
    government_position: Mapped[str | None] = mapped_column(String(300))
    mass_position: Mapped[str | None] = mapped_column(String(300))
    unit: Mapped[str | None] = mapped_column(String(300))
    exempt: Mapped[bool] = mapped_column(default=False)
    active: Mapped[bool] = mapped_column(default=True)


class MemberReview(Base):
    """A member's year-end ratings: their own proposal, the cell's proposal, and the level the competent level
    decided, each once known (the đảng bộ's summary counts them)."""

    __tablename__ = "member_reviews"
    __table_args__ = (UniqueConstraint("member_id", "year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    year: Mapped[int] = mapped_column(Integer)
    self_rating: Mapped[str | None] = mapped_column(String(10))
    proposed: Mapped[str | None] = mapped_column(String(10))
    decided: Mapped[str | None] = mapped_column(String(10))
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)


class NumberCounter(Base):
    """The next free number of one document type in one term: the row writers lock to allocate."""

    __tablename__ = "number_counters"

    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), primary_key=True)
    doc_type: Mapped[str] = mapped_column(String(10), primary_key=True)
    term_id: Mapped[int] = mapped_column(ForeignKey("terms.id"), primary_key=True)
    next_number: Mapped[int] = mapped_column(Integer)


class RegisterEntry(Base):
    """One number handed out; cancelled numbers stay so that nobody issues them again."""

    __tablename__ = "register_entries"
    __table_args__ = (UniqueConstraint("organization_id", "doc_type", "term_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    doc_type: Mapped[str] = mapped_column(String(10))
    term_id: Mapped[int] = mapped_column(ForeignKey("terms.id"))
    number: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(20))
    document_date: Mapped[dt.date] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(String(300))
    creator: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)


class TemplateVersion(Base):
    """An organization's own DOCX template for a document kind, one row per content; the bytes, and
    those of its preview, are in storage under their SHA-256 (service/custom_templates)."""

    __tablename__ = "template_versions"
    __table_args__ = (UniqueConstraint("organization_id", "kind", "sha256"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(50))
    # The profile its preview was checked against.
    profile_id: Mapped[str] = mapped_column(String(50))
    sha256: Mapped[str] = mapped_column(String(64))
    filename: Mapped[str] = mapped_column(String(300))
    size: Mapped[int] = mapped_column(Integer)
    preview_sha256: Mapped[str] = mapped_column(String(64))
    # Lint issues and the conformance report of the preview, as shown when it was uploaded.
    report: Mapped[Any] = mapped_column(JSON)
    uploaded_by: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class ActiveTemplate(Base):
    """Which version an organization's documents of a kind are made with; no row: the built template."""

    __tablename__ = "active_templates"

    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"), primary_key=True)
    kind: Mapped[str] = mapped_column(String(50), primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("template_versions.id", ondelete="CASCADE"))
    activated_by: Mapped[str] = mapped_column(String(100))
    activated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)


class ArchivedDocument(Base):
    """Everything needed to prove a document later and to rebuild it byte for byte."""

    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(50), index=True)
    organization_id: Mapped[int | None] = mapped_column(ForeignKey("organizations.id"), index=True)
    register_entry_id: Mapped[int | None] = mapped_column(ForeignKey("register_entries.id"))
    number: Mapped[int | None] = mapped_column(Integer)
    document_date: Mapped[dt.date] = mapped_column(Date, index=True)
    profile_id: Mapped[str] = mapped_column(String(50))
    ruleset_id: Mapped[str] = mapped_column(String(50))
    template_sha256: Mapped[str] = mapped_column(String(64))
    # The organization's own template that made it; None for the service's built template.
    template_version_id: Mapped[int | None] = mapped_column(ForeignKey("template_versions.id"))
    output_sha256: Mapped[str] = mapped_column(String(64), index=True)
    size: Mapped[int] = mapped_column(Integer)
    filename: Mapped[str] = mapped_column(String(300))
    input: Mapped[Any] = mapped_column(JSON)
    creator: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    # "draft": no number, removable; "issued": numbered and final, correctable under its number;
    # "sent": gone out to its recipients, only a replacement with a new number may follow (issue 19).
    status: Mapped[str] = mapped_column(String(10), default="issued", server_default="issued")
    # Corrections of an issued document are revisions 2, 3, … under the same number; each names the one it
    # corrects and says why. The earlier revisions stay, downloadable.
    revision: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    corrects_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))
    # A document sent out is replaced by a new one with a new number that names it.
    replaces_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))
    reason: Mapped[str | None] = mapped_column(String(500))
