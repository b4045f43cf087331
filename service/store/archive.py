"""The archive: issue a document (produce it, keep its files, record it) and prove or rebuild it later.

Issuing runs the whole pipeline inside one write transaction: member ids are
resolved and the register number is allocated in the pipeline's resolve step,
then the document is rendered, its files stored and its record written. Bad
input raises before anything commits, so it leaves no number used and no row.

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
from dataclasses import dataclass
from typing import Any, Callable, Collection

from sqlalchemy import select
from sqlalchemy.orm import Session

from service import pipeline
from service.findings import Finding, InputInvalid
from service.kinds import Kind
from service.kinds.base import parse
from service.kinds.common import Organization as OrganizationInput
from service.store import register
from service.store.db import Database
from service.store.errors import NotFound
from service.store.members import resolve_members
from service.store.models import MAX_ID, ArchivedDocument, Member, Organization, RegisterEntry
from service.store.storage import Storage
from service.custom_templates import choice

ORGANIZATION_KEY = "organization_id"


@dataclass(frozen=True)
class Issued:
    record: ArchivedDocument
    document: pipeline.Document


class StoreResolver:
    """The pipeline's resolve step for a document being issued: organization, members, number.

    `within` are the organizations the caller may name (an API key's), `owner` the one a
    document belongs to when its input names none: it finds the members but gives no number.
    """

    def __init__(self, session: Session, organization_id: int | None, creator: str, *,
                 within: Collection[int] | None = None, owner_id: int | None = None, numbered: bool = True,
                 text: bool = False):
        self.session, self.creator, self.within = session, creator, within
        self.numbered, self.text = numbered, text
        self.organization: Organization | None = (_organization(session, organization_id)
                                                  if organization_id is not None else None)
        self.owner: Organization | None = _organization(session, owner_id) if owner_id is not None else None
        self.entry: RegisterEntry | None = None

    def __call__(self, kind: Kind, data: Any) -> Any:
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
        if self.organization is not None and kind.number_field:
            data = self._with_number(kind, data) if self.numbered else self._next_number(kind, data)
        return data

    def _next_number(self, kind: Kind, data: dict) -> dict:
        """For a preview: the number the register would give, shown but not taken."""
        model, _ = parse(kind.input_model, data)
        if model is None or getattr(model, kind.number_field) is not None:
            return data
        number = register.next_number(self.session, self.organization.id, kind.layout.doc_type,
                                      kind.document_date(model))
        return data if number is None else {**data, kind.number_field: number}

    def _named_organization(self, value: Any) -> Organization:
        if isinstance(value, bool) or not isinstance(value, int):
            raise InputInvalid([Finding("/organization_id", "organization_id_invalid",
                                        "Mã tổ chức đảng: phải là số nguyên.")])
        reachable = 1 <= value <= MAX_ID and (self.within is None or value in self.within)
        organization = self.session.get(Organization, value) if reachable else None
        if organization is None:
            raise InputInvalid([Finding("/organization_id", "organization_not_found",
                                        f"Mã tổ chức đảng {value}: không tồn tại.")])
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
            self.entry = register.allocate(self.session, org_id, doc_type, day, creator=self.creator,
                                           reserve=reserve)
            return {**data, kind.number_field: self.entry.number}
        self.entry = register.claim(self.session, org_id, doc_type, day, number, creator=self.creator,
                                    reserve=reserve)
        return data


def _organization(session: Session, organization_id: int) -> Organization:
    organization = session.get(Organization, organization_id)
    if organization is None:
        raise NotFound("organization_not_found", f"Không tìm thấy tổ chức đảng mã số {organization_id}.")
    return organization


def issue(database: Database, storage: Storage, kind_id: str, data: Any, *, creator: str,
          organization_id: int | None = None, profile_id: str | None = None,
          within: Collection[int] | None = None, owner_id: int | None = None,
          on_record: Callable[[Session, Issued], None] | None = None, text: bool = False) -> Issued:
    """`within`, `owner_id`: see StoreResolver. `on_record` runs in the transaction that records the
    document, so what it writes commits with the document or not at all. `text`: see pipeline.prepare."""
    with database.write() as session:
        resolver = StoreResolver(session, organization_id, creator, within=within, owner_id=owner_id, text=text)
        prepared = pipeline.prepare(kind_id, data, profile_id=profile_id, resolve=resolver, text=text)
        owner = resolver.organization or resolver.owner
        # The organization's own template when it has chosen one for this kind (service/custom_templates).
        chosen = choice.choose(session, storage, owner.id if owner else None, prepared)
        document = chosen.render(prepared)
        storage.put(chosen.template)
        storage.put(document.content)
        record = ArchivedDocument(
            kind=document.kind, organization_id=owner.id if owner else None,
            register_entry_id=resolver.entry.id if resolver.entry else None, number=document.number,
            document_date=prepared.document_date, profile_id=document.profile,
            ruleset_id=prepared.kind.ruleset(prepared.model) or "", template_sha256=document.template_sha256,
            template_version_id=chosen.version_id,
            output_sha256=document.sha256, size=len(document.content), filename=document.filename,
            input=prepared.model.model_dump(mode="json"), creator=creator)
        session.add(record)
        session.flush()
        issued = Issued(record, document)
        if on_record is not None:
            on_record(session, issued)
        return issued


def preview(database: Database, kind_id: str, data: Any, *, profile_id: str | None = None,
            within: Collection[int] | None = None, owner_id: int | None = None) -> pipeline.Prepared:
    """The document prepared as issue() would prepare it (organization names and members from the store), but
    read-only: no number taken from the register, nothing recorded. InputInvalid passes through."""
    with database.read() as session:
        resolver = StoreResolver(session, None, "preview", within=within, owner_id=owner_id, numbered=False)
        return pipeline.prepare(kind_id, data, profile_id=profile_id, resolve=resolver)


def get_document(database: Database, document_id: int, organization_id: int | None = None, *,
                 within: Collection[int] | None = None) -> ArchivedDocument:
    """`within`: the organizations the caller may see; their documents only, the rest are not found."""
    with database.read() as session:
        record = session.get(ArchivedDocument, document_id)
    if record is None or (organization_id is not None and record.organization_id != organization_id) \
            or (within is not None and record.organization_id not in within):
        raise NotFound("document_not_found", f"Không tìm thấy văn bản mã số {document_id} trong kho lưu trữ.")
    return record


def regenerate(database: Database, storage: Storage, document_id: int,
               organization_id: int | None = None) -> tuple[ArchivedDocument, pipeline.Document]:
    """Render the archived input again with the archived template and profile."""
    record = get_document(database, document_id, organization_id)
    prepared = pipeline.prepare(record.kind, record.input, profile_id=record.profile_id)
    return record, pipeline.render(prepared, template=storage.get(record.template_sha256),
                                   engine=choice.engine_for(record.template_version_id))


def find_documents(database: Database, *, organization_id: int | None = None, kind: str | None = None,
                   start: dt.date | None = None, end: dt.date | None = None, limit: int = 50,
                   offset: int = 0, within: Collection[int] | None = None) -> list[ArchivedDocument]:
    """Newest first; `start`/`end` bound the document date, both inclusive; `within` as for get_document."""
    query = select(ArchivedDocument)
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
    query = query.order_by(ArchivedDocument.id.desc()).limit(limit).offset(offset)
    with database.read() as session:
        return list(session.scalars(query))


def issued_as(database: Database, content: bytes) -> list[ArchivedDocument]:
    """The records of documents whose output is exactly `content` (none: not issued here)."""
    sha256 = hashlib.sha256(content).hexdigest()
    with database.read() as session:
        return list(session.scalars(select(ArchivedDocument).where(ArchivedDocument.output_sha256 == sha256)
                                    .order_by(ArchivedDocument.id)))
