"""Issuing into the archive, the same way from every door: pipeline.issue with the store's and the custom
templates' plug-ins, in the store's one write transaction.

Below the doors (api, web, cli) and above the store and custom templates, which only provide plug-ins: the
store records, it never calls the pipeline.
"""
from __future__ import annotations

from typing import Any

from service import pipeline
from service.store import archive
from service.store.db import Database
from service.store.models import ArchivedDocument
from service.store.storage import Storage
from service.templates_byo import choice


def chooser(filing: archive.Filing) -> pipeline.Chooser:
    """The organization's own template when it has chosen one for the kind (service/templates_byo)."""
    return choice.chooser(filing.session, filing.storage, filing.owner_id)


def plugins(filing: archive.Filing) -> dict[str, Any]:
    return {"resolve": filing.resolve, "choose": chooser(filing), "record": filing.record}


def into_archive(database: Database, storage: Storage, kind_id: str, data: Any, *, creator: str,
                 profile_id: str | None = None, text: bool = False, draft: bool = False,
                 **options: Any) -> archive.Issued:
    """Issue one document and record it; InputInvalid and the register's refusals pass through with nothing
    recorded. `options`: see archive.Filing."""
    with archive.filing(database, storage, creator, text=text, draft=draft, **options) as filing:
        issued = pipeline.issue(kind_id, data, profile_id=profile_id, text=text, draft=draft, **plugins(filing))
        return archive.Issued(issued.record, issued.document)


def regenerate(database: Database, storage: Storage, document_id: int,
               organization_id: int | None = None) -> tuple[ArchivedDocument, pipeline.Document]:
    """Render the archived input again with the archived template and profile; the archived input is checked
    again because the code may have changed since (InputInvalid then says what no longer passes)."""
    record = archive.get_document(database, document_id, organization_id)
    prepared = pipeline.check(record.kind, record.input, profile_id=record.profile_id)
    return record, pipeline.render(prepared, template=storage.get(record.template_sha256),
                                   engine=choice.engine_for(record.template_version_id))
