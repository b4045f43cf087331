"""A job from a valid roster: every document as an item with its pipeline input and its place in the ZIP,
grouped in chunks of whole cells up to BATCH_CHUNK_DOCUMENTS documents (a larger cell is split), all in one
transaction.
The caller queues the job only after that transaction commits.

Per member: the self-review (form by the roster's "Mẫu" or the member's positions). Per cell: the collective
report (a draft until the register numbers it), the review-meeting minutes with the results table filled
from the roster, the voting slips (one per official member present), and the printable book of them all.
What a roster cannot know (signatures, the meeting's secretary) is left as a line to fill in by hand.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import insert, update

from service.batch import roles
from service.batch.package import safe_name
from service.batch.progress.models import BatchChunk, BatchItem, BatchJob
from service.batch.roster import BatchMember, BatchOptions, Rows
from service.findings import Finding, InputInvalid
from service.store.db import Database

SELF_REVIEW, COLLECTIVE = "ban-kiem-diem-ca-nhan", "bao-cao-kiem-diem-tap-the"
MINUTES, BALLOT, BOOK = "bien-ban-xep-loai", "phieu-xep-loai", "book"
FOLDER_LENGTH = 60            # folder names short enough that extracted paths stay under Windows' 260
INSERT_BATCH = 1000


@dataclass
class _Cell:
    """What the cell's own documents need from its rows."""
    number: int
    organization: dict[str, str]
    folder: str
    members: list[dict[str, Any]] = field(default_factory=list)    # reviewed: name, probationary, rating
    official: int = 0
    probationary: int = 0
    exempt: int = 0
    exempt_official: int = 0
    secretary: BatchMember | None = None
    deputy: BatchMember | None = None

    @property
    def documents(self) -> int:
        """Its self-reviews, report, slips, minutes and book."""
        return len(self.members) + 4

    def count(self, member: BatchMember) -> None:
        official = member.status == "official"
        self.official += official
        self.probationary += not official
        if member.exempt:
            self.exempt += 1
            self.exempt_official += official
        position = (member.party_position or "").casefold()
        if position.startswith("phó bí thư"):
            self.deputy = self.deputy or member
        elif position.startswith("bí thư"):
            self.secretary = self.secretary or member


def plan(database: Database, rows: Rows, options: BatchOptions, *, runner: str, source: str,
         chunk_documents: int, organization_id: int | None = None) -> int:
    """Record the job, its items and chunks; returns the job's id (the job is queued, not started)."""
    with database.write() as session:
        job = BatchJob(runner=runner, year=options.year, source=source, status="queued",
                       organization_id=organization_id, total=0, done=0, failed=0,
                       options=options.model_dump(mode="json", exclude_none=True))
        session.add(job)
        session.flush()
        cells = _personal_items(session, job.id, rows, options)
        if not cells:
            raise InputInvalid([Finding("", "roster_no_active_members",
                                        "Danh sách không có đảng viên nào đang sinh hoạt.")])
        _insert(session, [item for cell in cells for item in _cell_items(job.id, cell, options)])
        job.total = sum(cell.documents for cell in cells)
        _chunks(session, job.id, cells, chunk_documents)
        return job.id


def _personal_items(session, job_id: int, rows: Rows, options: BatchOptions) -> list[_Cell]:
    """Insert every member's self-review as it is read; returns the cells in the roster's order."""
    cells: dict[tuple[str, str], _Cell] = {}
    batch: list[dict[str, Any]] = []
    rules = options.rules
    for member in rows:
        if not member.active:
            continue
        cell = cells.get(member.cell_key)
        if cell is None:
            cell = cells[member.cell_key] = _new_cell(len(cells) + 1, member, options)
        cell.count(member)
        if member.exempt:
            continue
        cell.members.append({"name": member.full_name, "probationary": member.status == "probationary",
                             **({"self_rating": member.self_rating} if member.self_rating else {})})
        role, letter = roles.personal_form(member.form, member, rules)
        position = len(cell.members)
        batch.append({"job_id": job_id, "cell": cell.number, "position": position, "kind": SELF_REVIEW,
                      "member": member.full_name, "form": letter, "status": "pending",
                      "prefix": f"{cell.folder}/{_personal_folder()}/{position:03d} - ",
                      "input": _self_review(member, role, cell, options)})
        if len(batch) >= INSERT_BATCH:
            _insert(session, batch)
            batch.clear()
    _insert(session, batch)
    return list(cells.values())


def _insert(session, items: list[dict[str, Any]]) -> None:
    """Items INSERT_BATCH rows per statement, as plain table rows: the ORM's bulk insert would only add its
    bookkeeping to each row."""
    for start in range(0, len(items), INSERT_BATCH):
        session.execute(BatchItem.__table__.insert(), items[start:start + INSERT_BATCH])


def _personal_folder() -> str:
    return safe_name(roles.batch_data()["names"]["personal"])


def _new_cell(number: int, member: BatchMember, options: BatchOptions) -> _Cell:
    organization = {"upper": member.upper, "name": member.cell, "abbreviation": member.abbreviation,
                    "place": member.place or options.place}
    folder = f"{safe_name(member.upper, max_length=FOLDER_LENGTH)}/{safe_name(member.cell, max_length=FOLDER_LENGTH)}"
    return _Cell(number, organization, folder)


def _common(cell: _Cell, options: BatchOptions) -> dict[str, Any]:
    return {"organization": cell.organization, "year": options.year,
            **({"regime": options.regime} if options.regime else {})}


def _self_review(member: BatchMember, role: str, cell: _Cell, options: BatchOptions) -> dict[str, Any]:
    positions = ", ".join(p for p in (member.government_position, member.mass_position) if p)
    values = {"name": member.full_name, "birth_date": member.birth_date and member.birth_date.isoformat(),
              "party_position": member.party_position, "government_position": positions or None,
              "unit": member.unit, "self_rating": member.self_rating, "score_general": member.score_general,
              "score_tasks": member.score_tasks}
    return {**_common(cell, options), "role": role, **{k: v for k, v in values.items() if v is not None}}


def _cell_items(job_id: int, cell: _Cell, options: BatchOptions) -> list[dict[str, Any]]:
    """The cell's own documents: report first, then (after the self-reviews) slips, minutes and the book."""
    last = len(cell.members)
    book = roles.batch_data()["names"]["book"].format(year=options.year, cell=cell.organization["name"])
    documents = [(0, COLLECTIVE, _collective(cell, options)), (last + 1, BALLOT, _ballot(cell, options)),
                 (last + 2, MINUTES, _minutes(cell, options))]
    documents.append((last + 3, BOOK, {"title": book}))
    return [{"job_id": job_id, "cell": cell.number, "position": position, "kind": kind, "member": None,
             "form": None, "status": "pending", "prefix": f"{cell.folder}/", "input": data}
            for position, kind, data in documents]


def _signer(cell: _Cell, blank: str) -> dict[str, str]:
    if cell.secretary is not None:
        return {"name": cell.secretary.full_name, "title": "BÍ THƯ"}
    if cell.deputy is not None:
        return {"name": cell.deputy.full_name, "title": "PHÓ BÍ THƯ"}
    return {"name": blank, "title": "BÍ THƯ"}


def _collective(cell: _Cell, options: BatchOptions) -> dict[str, Any]:
    return {**_common(cell, options), "date": options.document_date.isoformat(), "draft": True,
            "signer": _signer(cell, options.rules.blank_value)}


def _ballot(cell: _Cell, options: BatchOptions) -> dict[str, Any]:
    return {**_common(cell, options), "date": options.document_date.isoformat(),
            "members": [{"name": member["name"]} for member in cell.members],
            "copies": cell.official - cell.exempt_official}


def _minutes(cell: _Cell, options: BatchOptions) -> dict[str, Any]:
    blank = options.rules.blank_value
    times = roles.batch_data()["minutes"]
    chair = cell.secretary or cell.deputy
    present = cell.official + cell.probationary - cell.exempt
    return {**_common(cell, options),
            "meeting": {"date": options.document_date.isoformat(), "start": times["start"], "end": times["end"],
                        "location": blank},
            "attendance": {"total": cell.official + cell.probationary, "official": cell.official,
                           "probationary": cell.probationary, "exempt": cell.exempt, "present": present,
                           "present_official": cell.official - cell.exempt_official},
            "chair": ({"name": chair.full_name, "position": chair.party_position} if chair else {"name": blank}),
            "secretary": {"name": blank},
            "members": cell.members}


def _chunks(session, job_id: int, cells: list[_Cell], chunk_documents: int) -> None:
    """Whole cells, consecutive, as many as fit in a chunk of `chunk_documents`; a cell with more documents
    is split into chunks of its own, and its book is made when packaging."""
    group: list[_Cell] = []
    seq = 0

    def add(first_cell: int, last_cell: int, positions: tuple[int, int] | None, documents: int) -> None:
        nonlocal seq
        seq += 1
        chunk_id = session.scalar(insert(BatchChunk).returning(BatchChunk.id).values(
            job_id=job_id, seq=seq, status="pending", documents=documents, attempts=0))
        where = [BatchItem.job_id == job_id, BatchItem.cell.between(first_cell, last_cell)]
        if positions is not None:
            where.append(BatchItem.position.between(*positions))
        session.execute(update(BatchItem).where(*where).values(chunk_id=chunk_id))

    def flush() -> None:
        if group:
            add(group[0].number, group[-1].number, None, sum(cell.documents for cell in group))
            group.clear()

    for cell in cells:
        if cell.documents > chunk_documents:
            flush()
            last = cell.documents - 2            # the book's position is the last; it stays out of the chunks
            for start in range(0, last + 1, chunk_documents):
                end = min(start + chunk_documents - 1, last)
                add(cell.number, cell.number, (start, end), end - start + 1)
            continue
        if sum(c.documents for c in group) + cell.documents > chunk_documents:
            flush()
        group.append(cell)
    flush()
