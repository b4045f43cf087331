"""The archive: the store's plug-ins that resolve and record a document being issued, and its records.

A door issues through pipeline.issue with a Filing's `resolve` (member ids →
names, the organization's recorded names, the register number) and `record`
(template and output kept by hash, the archive's row), all inside one write
transaction (`filing`): bad input raises before anything commits, so it
leaves no number used and no row. The store never calls the pipeline.

A record keeps the validated input (with defaults filled in, so later changes
to defaults do not change it), the profile, the rule-set in force and the
SHA-256 of the template and the output; the template itself is kept in
storage by hash, so a document can be rebuilt byte for byte after
templates_docx/ has changed. Rebuilding also needs the same code: a release
that changes a kind's wording changes what regenerate produces, and the
recorded output hash shows it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import unicodedata
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Callable, Collection, Iterator

from sqlalchemy import String, cast, or_, select
from sqlalchemy.orm import Session

from service import pipeline
from service.findings import Finding, InputInvalid
from service.kinds import Kind
from service.kinds.base import parse
from service.kinds.common import Organization as OrganizationInput
from service.store import register
from service.store.db import Database
from service.store.errors import Conflict, NotFound
from service.store.members import resolve_members
from service.store.models import MAX_ID, ArchivedDocument, Member, Organization, RegisterEntry
from service.store.storage import Storage

ORGANIZATION_KEY = "organization_id"


@dataclass(frozen=True)
class Issued:
    record: ArchivedDocument
    document: pipeline.Document


class Filing:
    """The store's plug-ins for documents issued in one transaction: `resolve` (organization, members,
    number) and `record` (files and archive row). The pipeline calls them; they never call the pipeline.

    `within` are the organizations the caller may name (an API key's), `owner` the one a
    document belongs to when its input names none: it finds the members but gives no number.
    `numbered`: take the number from the register (issuing); otherwise show the number it would give
    (a preview). `draft`: a draft of an organization with a register has no number, even one typed in.
    `example`: a draft made from a kind's sample ("Xem ví dụ điền sẵn"), never issued, never listed.
    `on_record` runs in the transaction that records the document, so what it writes commits with
    the document or not at all.
    """

    def __init__(
        self,
        session: Session,
        storage: Storage | None,
        creator: str,
        *,
        organization_id: int | None = None,
        within: Collection[int] | None = None,
        owner_id: int | None = None,
        numbered: bool = True,
        draft: bool = False,
        example: bool = False,
        text: bool = False,
        on_record: Callable[[Session, Issued], None] | None = None,
    ):
        self.session, self.storage, self.creator, self.within = session, storage, creator, within
        self.numbered, self.draft, self.text, self.on_record = numbered, draft or example, text, on_record
        self.status = "example" if example else "draft" if draft else "issued"
        self.organization: Organization | None = (
            _organization(session, organization_id) if organization_id is not None else None
        )
        self.owner: Organization | None = _organization(session, owner_id) if owner_id is not None else None
        self.entries: dict[str, RegisterEntry] = {}
        self.corrects: ArchivedDocument | None = None
        self.replaces: ArchivedDocument | None = None
        self.reason: str | None = None

    def revise(self, earlier: ArchivedDocument, reason: str, *, replace: bool = False) -> None:
        """Record the next document as a correction of `earlier` (same number, next revision), or with `replace`
        as its replacement (a new number). `earlier` comes from correctable() or replaceable()."""
        self.organization = _organization(self.session, earlier.organization_id) if earlier.organization_id else None
        self.corrects, self.replaces = (None, earlier) if replace else (earlier, None)
        self.reason = reason

    def owner_id(self) -> int | None:
        """The organization the documents belong to, once their input is resolved."""
        owner = self.organization or self.owner
        return owner.id if owner else None

    def resolve(self, kind: Kind, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        data = dict(data)
        if ORGANIZATION_KEY in data:
            self.organization = self._named_organization(data.pop(ORGANIZATION_KEY))
        if self.organization is not None:
            data = self._with_organization(kind, data)
        data, findings = resolve_members(kind.input_model, data, self._member)
        if findings:
            raise InputInvalid(findings)
        if self.corrects is not None and kind.number_field:
            # A correction keeps the number it corrects, whatever the input says; the register is not asked.
            return {**data, kind.number_field: self.corrects.number}
        if self.organization is not None and kind.number_field:
            if self.draft or self.replaces is not None:
                # A draft has no number until it is issued; a replacement takes a new one.
                data = {**data, kind.number_field: None}
            if self.draft:
                return data
            data = self._with_number(kind, data) if self.numbered else self._next_number(kind, data)
        return data

    def record(
        self, prepared: pipeline.Prepared, document: pipeline.Document, template: pipeline.Template
    ) -> ArchivedDocument:
        """Keep the template and the output by hash and write the archive's row."""
        self.storage.put(template.content)
        self.storage.put(document.content)
        entry = self.entries.get(prepared.kind.id)
        record = ArchivedDocument(
            kind=document.kind,
            organization_id=self.owner_id(),
            register_entry_id=entry.id if entry else None,
            number=document.number,
            document_date=prepared.document_date,
            profile_id=document.profile,
            ruleset_id=prepared.kind.ruleset(prepared.model) or "",
            template_sha256=document.template_sha256,
            template_version_id=template.version_id,
            output_sha256=document.sha256,
            size=len(document.content),
            filename=document.filename,
            input=prepared.model.model_dump(mode="json"),
            creator=self.creator,
            status=self.status,
            reason=self.reason,
            replaces_id=self.replaces.id if self.replaces else None,
        )
        if self.corrects is not None:
            record.register_entry_id = self.corrects.register_entry_id
            record.revision, record.corrects_id = self.corrects.revision + 1, self.corrects.id
        self.session.add(record)
        self.session.flush()
        if self.on_record is not None:
            self.on_record(self.session, Issued(record, document))
        return record

    def _next_number(self, kind: Kind, data: dict) -> dict:
        """For a preview: the number the register would give, shown but not taken."""
        model, _ = parse(kind.input_model, data)
        if model is None or getattr(model, kind.number_field) is not None:
            return data
        number = register.next_number(self.session, self.organization.id, kind.layout.doc_type, kind.document_date(model))
        return data if number is None else {**data, kind.number_field: number}

    def _named_organization(self, value: Any) -> Organization:
        if isinstance(value, bool) or not isinstance(value, int):
            raise InputInvalid(
                [Finding("/organization_id", "organization_id_invalid", "Mã tổ chức đảng: phải là số nguyên.")]
            )
        reachable = 1 <= value <= MAX_ID and (self.within is None or value in self.within)
        organization = self.session.get(Organization, value) if reachable else None
        if organization is None:
            raise InputInvalid(
                [Finding("/organization_id", "organization_not_found", f"Mã tổ chức đảng {value}: không tồn tại.")]
            )
        return organization

    def _with_organization(self, kind: Kind, data: dict) -> dict:
        """The organization's recorded names when the input leaves them out: typed once, not per meeting."""
        field = kind.input_model.model_fields.get("organization")
        if field is None or field.annotation is not OrganizationInput or "organization" in data:
            return data
        org = self.organization
        known = {"upper": org.upper, "name": org.name, "abbreviation": org.abbreviation, "place": org.place}
        return {**data, "organization": {key: value for key, value in known.items() if value is not None}}

    def _member(self, member_id: int) -> Member | None:
        """Members of the organization or of the levels above it (guests from the đảng ủy)."""
        member = self.session.get(Member, member_id)
        org = self.organization or self.owner
        if member is None or org is None:
            return member
        allowed = set()
        while org is not None:
            allowed.add(org.id)
            org = org.parent
        return member if member.organization_id in allowed else None

    def _with_number(self, kind: Kind, data: dict) -> dict:
        model, _ = parse(kind.input_model, data, text=self.text)
        if model is None:
            return data  # the pipeline reports the errors; nothing is allocated for invalid input
        number, day = getattr(model, kind.number_field), pipeline.derived(kind.document_date, model)
        # A draft holds its number as a reservation until the final version is issued with it.
        reserve = bool(getattr(model, "draft", False))
        doc_type, org_id = kind.layout.doc_type, self.organization.id
        if number is None:
            entry = self.entries[kind.id] = register.allocate(
                self.session, org_id, doc_type, day, creator=self.creator, reserve=reserve
            )
            return {**data, kind.number_field: entry.number}
        self.entries[kind.id] = register.claim(
            self.session, org_id, doc_type, day, number, creator=self.creator, reserve=reserve
        )
        return data


def _organization(session: Session, organization_id: int) -> Organization:
    organization = session.get(Organization, organization_id)
    if organization is None:
        raise NotFound("organization_not_found", f"Không tìm thấy tổ chức đảng mã số {organization_id}.")
    return organization


@contextmanager
def filing(database: Database, storage: Storage, creator: str, **options: Any) -> Iterator[Filing]:
    """One write transaction for issuing: bad input raises before anything commits, so it leaves no number
    used and no row. `options`: see Filing."""
    with database.write() as session:
        yield Filing(session, storage, creator, **options)


def take_drafts(session: Session, document_ids: list[int]) -> list[ArchivedDocument]:
    """The drafts to issue, locked for this transaction: a draft issued twice at once gives one final
    document. A document that is no longer a draft is refused."""
    drafts = list(
        session.scalars(
            select(ArchivedDocument)
            .where(ArchivedDocument.id.in_(document_ids))
            .order_by(ArchivedDocument.id)
            .with_for_update()
        )
    )
    if len(drafts) != len(set(document_ids)):
        raise NotFound("document_not_found", "Không tìm thấy bản dự thảo này trong kho lưu trữ; có thể đã bị xóa.")
    if any(draft.status == "example" for draft in drafts):
        raise Conflict(
            "example_not_issued", "Văn bản ví dụ không ban hành được; hãy soạn văn bản của chi bộ từ biểu mẫu trống."
        )
    issued = [draft for draft in drafts if draft.status != "draft"]
    if issued:
        raise Conflict(
            "already_issued",
            f"Văn bản “{issued[0].filename.removesuffix('.docx')}” đã được ban hành; không ban hành lại bản dự thảo.",
        )
    return drafts


def correctable(session: Session, document_id: int, *, within: Collection[int] | None = None) -> ArchivedDocument:
    """The document to correct, locked: issued, not sent, its latest revision."""
    record = _reachable(session, document_id, within)
    if record.status == "draft":
        raise Conflict("not_issued", "Bản dự thảo chưa có số: hãy sửa nội dung rồi tạo bản dự thảo mới.")
    if record.status == "sent":
        raise Conflict(
            "already_sent",
            "Văn bản đã gửi đi nên không sửa dưới số cũ được nữa; hãy ban hành văn bản "
            "thay thế (số mới, ghi rõ văn bản bị thay thế).",
        )
    later = session.scalars(select(ArchivedDocument).where(ArchivedDocument.corrects_id == record.id)).first()
    if later is not None:
        raise Conflict(
            "superseded",
            f"Văn bản này đã được sửa (bản sửa lần {later.revision - 1}, mã {later.id}); hãy sửa từ bản mới nhất.",
        )
    return record


def replaceable(session: Session, document_id: int, *, within: Collection[int] | None = None) -> ArchivedDocument:
    """The document sent out that a new one replaces, locked; one not sent yet is corrected instead."""
    record = _reachable(session, document_id, within)
    if record.status != "sent":
        raise Conflict("not_sent", "Chỉ thay thế văn bản đã gửi đi; văn bản chưa gửi thì sửa dưới số cũ.")
    return record


def mark_sent(database: Database, document_id: int, *, within: Collection[int] | None = None) -> ArchivedDocument:
    """ "Đã gửi": from now on the document is only replaced, never corrected under its number."""
    with database.write() as session:
        record = correctable(session, document_id, within=within)
        record.status = "sent"
        session.flush()
        return record


def revisions(database: Database, record: ArchivedDocument) -> list[ArchivedDocument]:
    """Every revision of the document `record` belongs to, first to latest (just `record` if never corrected)."""
    with database.read() as session:
        chain = [record]
        while chain[0].corrects_id is not None:
            chain.insert(0, session.get(ArchivedDocument, chain[0].corrects_id))
        while (
            later := session.scalars(select(ArchivedDocument).where(ArchivedDocument.corrects_id == chain[-1].id)).first()
        ) is not None:
            chain.append(later)
        return chain


def replacement_of(database: Database, record: ArchivedDocument) -> ArchivedDocument | None:
    with database.read() as session:
        return session.scalars(select(ArchivedDocument).where(ArchivedDocument.replaces_id == record.id)).first()


def _reachable(session: Session, document_id: int, within: Collection[int] | None) -> ArchivedDocument:
    record = session.scalars(
        select(ArchivedDocument).where(ArchivedDocument.id == document_id).with_for_update()
    ).one_or_none()
    if record is None or (within is not None and record.organization_id not in within):
        raise NotFound("document_not_found", f"Không tìm thấy văn bản mã số {document_id} trong kho lưu trữ.")
    return record


def remove_draft(database: Database, document_id: int, *, within: Collection[int] | None = None) -> None:
    """Delete a draft; documents issued are kept for good (refused)."""
    with database.write() as session:
        record = session.get(ArchivedDocument, document_id)
        if record is None or (within is not None and record.organization_id not in within):
            raise NotFound("document_not_found", f"Không tìm thấy văn bản mã số {document_id} trong kho lưu trữ.")
        if record.status != "draft":
            raise Conflict("not_a_draft", "Chỉ xóa được bản dự thảo; văn bản đã ban hành được lưu giữ lâu dài.")
        session.delete(record)


@contextmanager
def looking(database: Database, **options: Any) -> Iterator[Filing]:
    """The store's resolve step, read-only: organization names and members, the number the register would give;
    nothing taken, nothing recorded."""
    with database.read() as session:
        yield Filing(session, None, "preview", numbered=False, **options)


def get_document(
    database: Database, document_id: int, organization_id: int | None = None, *, within: Collection[int] | None = None
) -> ArchivedDocument:
    """`within`: the organizations the caller may see; their documents only, the rest are not found."""
    with database.read() as session:
        record = session.get(ArchivedDocument, document_id)
    if (
        record is None
        or (organization_id is not None and record.organization_id != organization_id)
        or (within is not None and record.organization_id not in within)
    ):
        raise NotFound("document_not_found", f"Không tìm thấy văn bản mã số {document_id} trong kho lưu trữ.")
    return record


def find_documents(
    database: Database,
    *,
    organization_id: int | None = None,
    kind: str | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    limit: int = 50,
    offset: int = 0,
    within: Collection[int] | None = None,
    text: str | None = None,
    number: int | None = None,
    status: str | None = None,
) -> list[ArchivedDocument]:
    """Newest first; `start`/`end` bound the document date, both inclusive; `within` as for get_document;
    `text` is looked for in the file name and the recorded input, in any case (_text_conditions)."""
    # Examples are kept only for the page that shows them, never listed with the organization's documents.
    query = select(ArchivedDocument).where(ArchivedDocument.status != "example")
    if organization_id is not None:
        query = query.where(ArchivedDocument.organization_id == organization_id)
    if within is not None:
        query = query.where(ArchivedDocument.organization_id.in_(within))
    if kind:
        query = query.where(ArchivedDocument.kind == kind)
    if start:
        query = query.where(ArchivedDocument.document_date >= start)
    if end:
        query = query.where(ArchivedDocument.document_date <= end)
    if number is not None:
        query = query.where(ArchivedDocument.number == number)
    if status:
        query = query.where(ArchivedDocument.status == status)
    if text and text.strip():
        query = query.where(or_(*_text_conditions(unicodedata.normalize("NFC", text.strip()))))
    query = query.order_by(ArchivedDocument.id.desc()).limit(limit).offset(offset)
    with database.read() as session:
        return list(session.scalars(query))


def _text_conditions(wanted: str) -> list:
    """The text in the file name or the recorded input, whatever the case of its letters as people write them:
    ILIKE folds only Latin letters on SQLite, and the input column holds JSON as serialized, non-ASCII letters
    as \\uXXXX escapes (“hương” and “Hương” share them, “HƯƠNG” does not). So the text is looked for as typed, in
    lower and upper case, capitalised word by word and as a sentence — the ways a name or a title is written."""
    variants = dict.fromkeys((wanted, wanted.lower(), wanted.upper(), wanted.title(), wanted.capitalize()))
    conditions = []
    for variant in variants:
        conditions.append(ArchivedDocument.filename.ilike(_contains(variant), escape="!"))
        escaped = json.dumps(variant)[1:-1]
        conditions.append(cast(ArchivedDocument.input, String).ilike(_contains(escaped), escape="!"))
    return conditions


def _contains(text: str) -> str:
    return "%" + text.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%"


def issued_as(database: Database, content: bytes) -> list[ArchivedDocument]:
    """The records of documents whose output is exactly `content` (none: not issued here)."""
    sha256 = hashlib.sha256(content).hexdigest()
    with database.read() as session:
        return list(
            session.scalars(
                select(ArchivedDocument).where(ArchivedDocument.output_sha256 == sha256).order_by(ArchivedDocument.id)
            )
        )
