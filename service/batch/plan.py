"""A job from a valid roster: every document as an item with its pipeline input and its place in the ZIP,
grouped in chunks of whole cells up to BATCH_CHUNK_DOCUMENTS documents (a larger cell is split), all in one
transaction, with the roster's check report (service/batch/examine.py).
The caller queues the job only after that transaction commits.

Per reviewed member: the self-review (form by the roster's "Mẫu" or the member's positions), in the order of the
minutes' table. Per cell: the collective report (a draft until the register numbers it), the voting slips (one per
official member), the review-meeting minutes with the results table filled from the roster, and the printable
book of them all. Per đảng bộ: the summary of the review's results (DOCX and XLSX). What neither the roster nor
the batch's options say (the meeting's hours, place, attendance, minute-taker) is left blank to fill in by hand.
"""

from __future__ import annotations

import functools
from typing import Any, Iterator

from sqlalchemy import insert, update

from service.batch import roles
from service.batch.examine import Cell, Examined, Placement, examine
from service.batch.package import safe_name
from service.batch.progress.models import BatchChunk, BatchItem, BatchJob
from service.batch.report import report_summary, report_text
from service.batch.roster import BatchMember, BatchOptions, Rows
from service.findings import Finding, InputInvalid
from service.kinds.common import superior_committee
from service.kinds.review_parts import form_fields
from service.rules.reviews import all_review_rules
from service.store.db import Database

SELF_REVIEW, COLLECTIVE = "ban-kiem-diem-ca-nhan", "bao-cao-kiem-diem-tap-the"
MINUTES, BALLOT, BOOK = "bien-ban-xep-loai", "phieu-xep-loai", "book"
SUMMARY, SUMMARY_XLSX = "tong-hop-xep-loai", "summary-xlsx"
INSERT_BATCH = 1000


def plan(
    database: Database,
    rows: Rows,
    options: BatchOptions,
    *,
    runner: str,
    source: str,
    chunk_documents: int,
    organization_id: int | None = None,
    examined: Examined | None = None,
) -> int:
    """Record the job, its items and chunks; returns the job's id (the job is queued, not started)."""
    examined = examined or examine(rows, options)
    if not examined.cells:
        raise InputInvalid([Finding("", "roster_no_active_members", "Danh sách không có đảng viên nào đang sinh hoạt.")])
    with database.write() as session:
        job = BatchJob(
            runner=runner,
            year=options.year,
            source=source,
            status="queued",
            organization_id=organization_id,
            total=0,
            done=0,
            failed=0,
            options=options.model_dump(mode="json", exclude_none=True),
            report=report_summary(examined),
            report_text=report_text(examined, options),
        )
        session.add(job)
        session.flush()
        _personal_items(session, job.id, rows, examined, options)
        items: list[dict[str, Any]] = []
        units = []
        for cell in examined.cells:
            units.append((cell.number, _cell_items(job.id, cell, options, items)))
            if len(items) >= INSERT_BATCH:  # a province's minutes and slips are not all held at once
                _insert(session, items)
                items.clear()
        units += _summary_items(job.id, examined, options, items)
        _insert(session, items)
        job.total = sum(documents for _, documents in units)
        _chunks(session, job.id, units, chunk_documents)
        return job.id


def _personal_items(session, job_id: int, rows: Rows, examined: Examined, options: BatchOptions) -> None:
    """Insert every reviewed member's self-review as its row is read again, at its place in the book."""
    cells = {cell.number: cell for cell in examined.cells}
    active = (member for _, member, _ in rows.records() if member.active)
    batch: list[dict[str, Any]] = []
    for member, placement in zip(active, examined.placements, strict=True):
        if placement.position is None:
            continue
        cell = cells[placement.cell]
        batch.append(
            {
                "job_id": job_id,
                "cell": cell.number,
                "position": placement.position,
                "kind": SELF_REVIEW,
                "member": placement.shown,
                "form": placement.letter,
                "guessed": placement.guessed,
                "warnings": list(placement.warnings) or None,
                "status": "pending",
                "prefix": f"{cell.folder}/{_personal_folder()}/{placement.position:03d} - ",
                "input": _self_review(member, placement, cell, options),
            }
        )
        if len(batch) >= INSERT_BATCH:
            _insert(session, batch)
            batch.clear()
    _insert(session, batch)


def _insert(session, items: list[dict[str, Any]]) -> None:
    """Items INSERT_BATCH rows per statement, as plain table rows: the ORM's bulk insert would only add its
    bookkeeping to each row."""
    for start in range(0, len(items), INSERT_BATCH):
        session.execute(BatchItem.__table__.insert(), items[start : start + INSERT_BATCH])


def _personal_folder() -> str:
    return safe_name(roles.batch_data()["names"]["personal"])


def _common(cell: Cell, options: BatchOptions) -> dict[str, Any]:
    return {
        "organization": cell.organization,
        "year": options.year,
        **({"regime": options.regime} if options.regime else {}),
    }


def _self_review(member: BatchMember, placement: Placement, cell: Cell, options: BatchOptions) -> dict[str, Any]:
    positions = ", ".join(p for p in (member.government_position, member.mass_position) if p)
    printed = _printed(options.rules.id, placement.role)
    values = {
        "birth_date": member.birth_date and member.birth_date.isoformat(),
        "party_position": member.party_position,
        "government_position": positions or None,
        "unit": member.unit,
        "self_rating": member.self_rating,
        "score_general": member.score_general,
        "score_tasks": member.score_tasks,
    }
    return {
        **_common(cell, options),
        "role": placement.role,
        "name": member.full_name,
        **({"distinction": placement.distinction} if placement.distinction else {}),
        **{k: v for k, v in values.items() if v is not None and (k in printed or k.startswith("score"))},
    }


@functools.cache
def _printed(rules_id: str, role: str) -> frozenset[str]:
    """The fields the form of this regime and role prints: the roster's other columns stay out of its input
    (a leader's positions on a form that has no line for them would only be warned about)."""
    rules = next(rules for rules in all_review_rules() if rules.id == rules_id)
    return frozenset(form_fields((*rules.personal.identity, *rules.personal.section), role)) | {"self_rating"}


def _cell_items(job_id: int, cell: Cell, options: BatchOptions, items: list[dict[str, Any]]) -> int:
    """The cell's own documents, added to `items`: report first, then (after the self-reviews) slips, minutes
    and the book; returns how many documents the cell has in all. A cell where nobody reviews has no slips and no
    minutes."""
    last = len(cell.reviewed)
    book = roles.batch_data()["names"]["book"].format(year=options.year, cell=cell.name)
    documents = [(0, COLLECTIVE, _collective(cell, options))]
    if cell.reviewed:
        documents += [(last + 1, BALLOT, _ballot(cell, options)), (last + 2, MINUTES, _minutes(cell, options))]
    documents.append((last + 3, BOOK, {"title": book}))
    items += [
        {
            "job_id": job_id,
            "cell": cell.number,
            "position": position,
            "kind": kind,
            "member": None,
            "form": None,
            "guessed": False,
            "status": "pending",
            "prefix": f"{cell.folder}/",
            "input": data,
            "warnings": (cell.warnings or None) if kind == BOOK else None,
        }
        for position, kind, data in documents
    ]
    return len(documents) + last


def _signer(cell: Cell, blank: str) -> dict[str, str]:
    if cell.secretary is not None:
        return {"name": cell.secretary[0], "title": "BÍ THƯ"}
    if cell.deputy is not None:
        return {"name": cell.deputy[0], "title": "PHÓ BÍ THƯ"}
    return {"name": blank, "title": "BÍ THƯ"}


def _dated(options: BatchOptions) -> dict[str, str]:
    return {"date": options.date.isoformat()} if options.date else {}


def _collective(cell: Cell, options: BatchOptions) -> dict[str, Any]:
    return {**_common(cell, options), **_dated(options), "draft": True, "signer": _signer(cell, options.rules.blank_value)}


def _people(cell: Cell) -> list[dict[str, Any]]:
    return [
        {"name": member.name, **({"distinction": member.distinction} if member.distinction else {})}
        for member in cell.reviewed
    ]


def _ballot(cell: Cell, options: BatchOptions) -> dict[str, Any]:
    return {
        **_common(cell, options),
        **_dated(options),
        "members": _people(cell),
        "copies": max(cell.official - cell.exempt_official, 1),
    }


def _minutes(cell: Cell, options: BatchOptions) -> dict[str, Any]:
    """The minutes as far as the roster and the batch's options know them: the rest is printed blank."""
    meeting = {
        "date": options.date and options.date.isoformat(),
        "location": options.location,
        "start": options.start and options.start.isoformat(timespec="minutes"),
        "end": options.end and options.end.isoformat(timespec="minutes"),
        "form": None,
    }
    members = [
        {
            **person,
            "probationary": member.probationary,
            **({"self_rating": member.self_rating} if member.self_rating else {}),
            **({"committee_proposal": member.proposed} if member.proposed else {}),
        }
        for person, member in zip(_people(cell), cell.reviewed)
    ]
    return {
        **_common(cell, options),
        "meeting": {key: value for key, value in meeting.items() if value is not None or key == "form"},
        # Whether exempt members come is known only at the meeting: a blank then, none when there are none.
        "attendance": {
            "total": cell.official + cell.probationary,
            "official": cell.official,
            "probationary": cell.probationary,
            "exempt": None if cell.exempt else 0,
            "absent": None,
        },
        "guests": None if options.guests is None else [{"name": guest} for guest in options.guests],
        "chair": {"name": options.chair} if options.chair else None,
        "secretary": {"name": options.secretary} if options.secretary else None,
        "speeches": None,
        "collective_presenter": None,
        "superior": superior_committee(cell.upper),
        "members": members,
    }


def _summary_items(
    job_id: int, examined: Examined, options: BatchOptions, items: list[dict[str, Any]]
) -> list[tuple[int, int]]:
    """One summary per đảng bộ, in its folder: the report (DOCX) and the table (XLSX), from the same input;
    each đảng bộ is a unit of its own after the cells."""
    uppers: dict[str, list[Cell]] = {}
    for cell in examined.cells:
        uppers.setdefault(cell.upper, []).append(cell)
    units = []
    for offset, (upper, cells) in enumerate(uppers.items(), 1):
        number = len(examined.cells) + offset
        data = _summary(upper, cells, options)
        folder = cells[0].folder.rpartition("/")[0]
        items += [
            {
                "job_id": job_id,
                "cell": number,
                "position": position,
                "kind": kind,
                "member": None,
                "form": None,
                "guessed": False,
                "status": "pending",
                "prefix": f"{folder}/",
                "input": data,
                "warnings": None,
            }
            for position, kind in enumerate((SUMMARY, SUMMARY_XLSX))
        ]
        units.append((number, 2))
    return units


def _summary(upper: str, cells: list[Cell], options: BatchOptions) -> dict[str, Any]:
    place = cells[0].organization["place"]
    return {
        "organization": {
            "upper": options.summary_upper or options.rules.blank_value,
            "name": superior_committee(upper),
            "abbreviation": "ĐU",
            "place": place,
        },
        "year": options.year,
        **({"regime": options.regime} if options.regime else {}),
        **_dated(options),
        "cells": [
            {
                "name": cell.name,
                "members": [
                    {
                        "name": member.name,
                        **({"distinction": member.distinction} if member.distinction else {}),
                        **{
                            key: getattr(member, key)
                            for key in ("self_rating", "proposed", "decided")
                            if getattr(member, key)
                        },
                    }
                    for member in cell.reviewed
                ],
                "not_reviewed": [{"name": name, "reason": reason} for name, reason in cell.not_reviewed],
            }
            for cell in cells
        ],
    }


def _chunks(session, job_id: int, units: list[tuple[int, int]], chunk_documents: int) -> None:
    """Whole units (a cell's documents, a đảng bộ's summary), consecutive, as many as fit in a chunk of
    `chunk_documents`; a cell with more documents is split into chunks of its own, and its book is made when
    packaging."""
    group: list[tuple[int, int]] = []
    seq = 0

    def add(first: int, last: int, positions: tuple[int, int] | None, documents: int) -> None:
        nonlocal seq
        seq += 1
        chunk_id = session.scalar(
            insert(BatchChunk)
            .returning(BatchChunk.id)
            .values(job_id=job_id, seq=seq, status="pending", documents=documents, attempts=0)
        )
        where = [BatchItem.job_id == job_id, BatchItem.cell.between(first, last)]
        if positions is not None:
            where.append(BatchItem.position.between(*positions))
        session.execute(update(BatchItem).where(*where).values(chunk_id=chunk_id))

    def flush() -> None:
        if group:
            add(group[0][0], group[-1][0], None, sum(documents for _, documents in group))
            group.clear()

    for number, documents in units:
        if documents > chunk_documents:
            flush()
            for start, end in _split(documents, chunk_documents):
                add(number, number, (start, end), end - start + 1)
            continue
        if sum(d for _, d in group) + documents > chunk_documents:
            flush()
        group.append((number, documents))
    flush()


def _split(documents: int, chunk_documents: int) -> Iterator[tuple[int, int]]:
    # The book's position is the last; it stays out of the chunks.
    last = documents - 2
    for start in range(0, last + 1, chunk_documents):
        yield start, min(start + chunk_documents - 1, last)
