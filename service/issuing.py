"""Issuing into the archive, the same way from every door: pipeline.issue with the store's and the custom
templates' plug-ins, in the store's one write transaction.

Below the doors (api, web, cli) and above the store and custom templates, which only provide plug-ins: the
store records, it never calls the pipeline.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Collection

from service import pipeline
from service.findings import Finding, InputInvalid
from service.store import archive, idempotency
from service.kinds import get_kind
from service.store.db import Database
from service.store.errors import NotFound
from service.store.models import ArchivedDocument
from service.render.package import same_content
from service.store.storage import MissingFile, Storage
from service.custom_templates import choice


def chooser(filing: archive.Filing) -> pipeline.Chooser:
    """The organization's own template when it has chosen one for the kind (service/custom_templates)."""
    if filing.storage is None:
        # A preview's filing keeps nothing, so it has no storage to read a custom template from.
        raise ValueError("a filing that issues documents needs the storage")
    return choice.chooser(filing.session, filing.storage, filing.owner_id)


def plugins(filing: archive.Filing) -> dict[str, Any]:
    return {"resolve": filing.resolve, "choose": chooser(filing), "record": filing.record}


def into_archive(
    database: Database,
    storage: Storage,
    kind_id: str,
    data: Any,
    *,
    creator: str,
    profile_id: str | None = None,
    text: bool = False,
    draft: bool = False,
    **options: Any,
) -> archive.Issued:
    """Issue one document and record it; InputInvalid and the register's refusals pass through with nothing
    recorded. `options`: see archive.Filing."""
    with archive.filing(database, storage, creator, text=text, draft=draft, **options) as filing:
        issued = pipeline.issue(kind_id, data, profile_id=profile_id, text=text, draft=draft, **plugins(filing))
        return archive.Issued(issued.record, issued.document)


def issue_drafts(
    database: Database, storage: Storage, document_ids: list[int], *, creator: str, organization_id: int | None
) -> list[archive.Issued]:
    """ "Ban hành": the drafts become final documents, numbered by the register, in one transaction; the drafts
    are removed with it (the final document keeps their input; an Idempotency-Key that made a draft now names
    its final document). Numbered kinds go first, in the drafts' order.
    InputInvalid and the register's refusals pass through with nothing changed."""
    with archive.filing(database, storage, creator, organization_id=organization_id) as filing:
        drafts = archive.take_drafts(filing.session, document_ids)
        if any(draft.organization_id != organization_id for draft in drafts):
            raise NotFound("document_not_found", "Không tìm thấy bản dự thảo này trong kho lưu trữ.")
        drafts.sort(key=lambda draft: get_kind(draft.kind).number_field is None)
        issued = []
        for draft in drafts:
            # Kinds that know drafts carry the flag in their input; the final text is no draft.
            data = {**draft.input, "draft": False} if "draft" in draft.input else draft.input
            done = pipeline.issue(draft.kind, data, profile_id=draft.profile_id, **plugins(filing))
            issued.append(archive.Issued(done.record, done.document))
            idempotency.moved(filing.session, draft.id, done.record.id)
            filing.session.delete(draft)
        return issued


MAX_REASON = 500


def correct(
    database: Database,
    storage: Storage,
    document_id: int,
    data: Any,
    *,
    reason: str,
    creator: str,
    text: bool = False,
    replace: bool = False,
    within: Collection[int] | None = None,
) -> archive.Issued:
    """A new revision of an issued document under its number, with the reason recorded; the earlier revision
    stays. With `replace`: a document already sent out is replaced by a new one with a new number that names
    it. InputInvalid and the store's refusals pass through with nothing recorded."""
    reason = " ".join(str(reason or "").split())
    if not reason or len(reason) > MAX_REASON:
        what = "thay thế" if replace else "sửa"
        raise InputInvalid([Finding("/reason", "reason_invalid", f"Lý do {what}: bắt buộc, tối đa {MAX_REASON} ký tự.")])
    # `within` also bounds an organization_id the new input names: a key cannot move a document out of reach.
    with archive.filing(database, storage, creator, text=text, within=within) as filing:
        earlier = (archive.replaceable if replace else archive.correctable)(filing.session, document_id, within=within)
        filing.revise(earlier, reason, replace=replace)
        issued = pipeline.issue(earlier.kind, data, profile_id=earlier.profile_id, text=text, **plugins(filing))
        return archive.Issued(issued.record, issued.document)


@dataclass(frozen=True)
class Rebuilt:
    record: ArchivedDocument
    document: pipeline.Document
    identical: bool  # the very bytes issued
    same_content: bool  # every part of the package the same once inflated (deflated elsewhere, differently)


def regenerate(database: Database, storage: Storage, document_id: int, organization_id: int | None = None) -> Rebuilt:
    """Render the archived input again with the archived template and profile, and compare it with the file
    issued; the archived input is checked again because the code may have changed since (InputInvalid then
    says what no longer passes). A rebuild on another kind of machine may deflate the same parts differently:
    `same_content` says whether only that differs."""
    record = archive.get_document(database, document_id, organization_id)
    prepared = pipeline.check(record.kind, record.input, profile_id=record.profile_id, draft=record.status == "draft")
    document = pipeline.render(
        prepared, template=storage.get(record.template_sha256), engine=choice.engine_for(record.template_version_id)
    )
    identical = document.sha256 == record.output_sha256
    return Rebuilt(record, document, identical, identical or _same_as_issued(storage, record, document))


def _same_as_issued(storage: Storage, record: ArchivedDocument, document: pipeline.Document) -> bool:
    try:
        issued = storage.get(record.output_sha256)
    except MissingFile:
        return False  # nothing left to compare with: the rebuild stands in for the lost file
    return same_content(issued, document.content)
