"""The document-number register: "Số 05-NQ/CB" per organization × document type × cấp ủy term.

Numbers start at 01 in each term and run on without gaps (spec §2); a number
once handed out is never handed out again, even when it is cancelled.
Allocation locks the organization's row for the rest of the transaction, so
concurrent writers queue there: PostgreSQL by SELECT … FOR UPDATE, SQLite by
the BEGIN IMMEDIATE every write session starts with (db.py). The caller's
transaction decides: if the document cannot be produced, the rollback takes
the number back as if it had never been allocated.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.formats.profiles import profile_for
from service.store.errors import Conflict, NotFound, StoreError
from service.store.models import NumberCounter, Organization, RegisterEntry, Term
from service.vietnamese.dates import slash_date

DEFAULT_TERM_NAME = "Nhiệm kỳ hiện tại"


def number_label(org: Organization, doc_type: str, number: int, day: dt.date) -> str:
    return profile_for(day).number_line(number, doc_type, org.abbreviation)


def lock_organization(session: Session, organization_id: int) -> Organization:
    org = session.scalars(select(Organization).where(Organization.id == organization_id).with_for_update()).one_or_none()
    if org is None:
        raise NotFound("organization_not_found", f"Không tìm thấy tổ chức đảng mã số {organization_id}.")
    return org


def term_for(session: Session, org: Organization, day: dt.date) -> Term:
    """The cấp ủy term containing `day`.

    An organization with no term recorded gets one open term from the day it was
    recorded, so a new cell can number documents at once; once terms are recorded,
    a date outside all of them is refused rather than numbered in a guessed term.
    """
    if not org.terms:
        term = Term(organization=org, name=DEFAULT_TERM_NAME, start_on=org.created_on, end_on=None)
        session.add(term)
        session.flush()
    for term in org.terms:
        if term.covers(day):
            return term
    raise StoreError(
        "term_missing",
        f"{org.name} chưa ghi nhiệm kỳ cấp ủy nào chứa ngày {slash_date(day)}; "
        "hãy ghi nhiệm kỳ (ngày bắt đầu, ngày kết thúc) trước khi cấp số văn bản.",
    )


def _counter(session: Session, org: Organization, doc_type: str, term: Term) -> NumberCounter:
    counter = session.get(NumberCounter, (org.id, doc_type, term.id))
    if counter is None:
        counter = NumberCounter(organization_id=org.id, doc_type=doc_type, term_id=term.id, next_number=1)
        session.add(counter)
    return counter


def next_number(session: Session, organization_id: int, doc_type: str, day: dt.date) -> int | None:
    """The number allocate() would give now, without taking it (a form's suggestion, a preview); None when no
    recorded term contains `day`. The register decides when the document is issued."""
    org = session.get(Organization, organization_id)
    if org is None:
        return None
    if not org.terms:
        return 1
    term = next((t for t in org.terms if t.covers(day)), None)
    if term is None:
        return None
    counter = session.get(NumberCounter, (org.id, doc_type, term.id))
    return counter.next_number if counter else 1


def allocate(
    session: Session,
    organization_id: int,
    doc_type: str,
    day: dt.date,
    *,
    creator: str,
    reserve: bool = False,
    note: str | None = None,
) -> RegisterEntry:
    """The next number of the term containing `day`: confirmed at once, or reserved for a draft."""
    org = lock_organization(session, organization_id)
    term = term_for(session, org, day)
    counter = _counter(session, org, doc_type, term)
    number = counter.next_number
    counter.next_number = number + 1
    entry = RegisterEntry(
        organization_id=org.id,
        doc_type=doc_type,
        term_id=term.id,
        number=number,
        status="reserved" if reserve else "confirmed",
        document_date=day,
        note=note,
        creator=creator,
    )
    session.add(entry)
    session.flush()
    return entry


def claim(
    session: Session, organization_id: int, doc_type: str, day: dt.date, number: int, *, creator: str, reserve: bool = False
) -> RegisterEntry:
    """Record a number the author chose: takes up its reservation, or takes it if nobody has.

    A draft (`reserve`) keeps the number reserved; the final version confirms it.
    Automatic numbering then continues after the highest number recorded, so it
    never hands out a number somebody typed in.
    """
    org = lock_organization(session, organization_id)
    term = term_for(session, org, day)
    entry = session.scalars(
        select(RegisterEntry).where(
            RegisterEntry.organization_id == org.id,
            RegisterEntry.doc_type == doc_type,
            RegisterEntry.term_id == term.id,
            RegisterEntry.number == number,
        )
    ).one_or_none()
    if entry is not None:
        if entry.status != "reserved":
            raise Conflict(
                "number_taken",
                f"{number_label(org, doc_type, number, day)} đã được cấp trong "
                f"{term.name.lower()} (trạng thái: {STATUS_WORDS[entry.status]}).",
            )
        entry.status = "reserved" if reserve else "confirmed"
        return entry
    counter = _counter(session, org, doc_type, term)
    counter.next_number = max(counter.next_number, number + 1)
    entry = RegisterEntry(
        organization_id=org.id,
        doc_type=doc_type,
        term_id=term.id,
        number=number,
        status="reserved" if reserve else "confirmed",
        document_date=day,
        creator=creator,
    )
    session.add(entry)
    session.flush()
    return entry


STATUS_WORDS = {"reserved": "đã giữ chỗ", "confirmed": "đã ban hành", "cancelled": "đã hủy"}


def settle(session: Session, organization_id: int, entry_id: int, status: str) -> RegisterEntry:
    """Confirm or cancel a reserved number; a cancelled number stays in the register, unused."""
    org = lock_organization(session, organization_id)
    entry = session.get(RegisterEntry, entry_id)
    if entry is None or entry.organization_id != organization_id:
        raise NotFound("register_entry_not_found", f"Không tìm thấy số đăng ký mã {entry_id}.")
    if entry.status != "reserved":
        label = number_label(org, entry.doc_type, entry.number, entry.document_date)
        raise Conflict("register_entry_settled", f"{label} {STATUS_WORDS[entry.status]}, không thể đổi trạng thái nữa.")
    entry.status = status
    return entry


def entries(session: Session, organization_id: int, doc_type: str | None = None) -> list[RegisterEntry]:
    query = select(RegisterEntry).where(RegisterEntry.organization_id == organization_id)
    if doc_type:
        query = query.where(RegisterEntry.doc_type == doc_type)
    return list(session.scalars(query.order_by(RegisterEntry.term_id, RegisterEntry.doc_type, RegisterEntry.number)))
