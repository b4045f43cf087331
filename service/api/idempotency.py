"""`Idempotency-Key` on the POST that creates a document: a retry gets the same document and number.

The first request with a key issues the document and records the key with a
fingerprint of the request (kind, profile, body as canonical JSON, so key order
and spacing do not matter). A later request with the same key from the same
organization, within IDEMPOTENCY_KEY_HOURS, gets that document again, in the
format it asks for now, marked `Idempotent-Replayed: true`; with a different
request it gets 409. A request refused (422 and the like) records nothing, so
the key can be sent again with corrected data.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass
from typing import Any

from flask import current_app, request
from sqlalchemy.exc import IntegrityError

from service import pipeline
from service.api import auth
from service.api.errors import ApiError
from service import issuing
from service.store import archive
from service.store import idempotency as records
from service.store.db import get_database
from service.store.models import ArchivedDocument, utcnow
from service.store.storage import MissingFile, get_storage

HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
_VALID_KEY = re.compile(rf"^[\x21-\x7e]{{1,{records.MAX_KEY_LENGTH}}}$")


@dataclass(frozen=True)
class Outcome:
    record: ArchivedDocument
    document: pipeline.Document
    replayed: bool


def issue(kind_id: str, data: Any, profile_id: str | None, *, draft: bool = False) -> Outcome:
    """Issue the document (or its draft) for the caller's key, once per Idempotency-Key; InputInvalid passes
    through."""
    caller, database = auth.caller(), get_database()
    options = {
        "creator": auth.creator(),
        "profile_id": profile_id,
        "within": caller.organizations,
        "owner_id": caller.organization_id,
        "draft": draft,
    }
    key = _key()
    if key is None:
        issued = issuing.into_archive(database, get_storage(), kind_id, data, **options)
        return Outcome(issued.record, issued.document, replayed=False)
    fingerprint = _fingerprint(kind_id, profile_id, data, draft)
    since = utcnow() - dt.timedelta(hours=current_app.config["IDEMPOTENCY_KEY_HOURS"])

    def remember(session, issued: archive.Issued) -> None:
        records.remember(
            session, caller.organization_id, key, fingerprint, issued.record.id, issued.document.warnings, since=since
        )

    remembered = records.find(database, caller.organization_id, key, since=since)
    if remembered is None:
        try:
            issued = issuing.into_archive(database, get_storage(), kind_id, data, on_record=remember, **options)
            return Outcome(issued.record, issued.document, replayed=False)
        except IntegrityError:
            # Another request with this key committed first; this one's document and number rolled back.
            remembered = records.find(database, caller.organization_id, key, since=since)
            if remembered is None:
                raise
    if remembered.request_sha256 != fingerprint:
        raise ApiError(
            409,
            "idempotency_key_reused",
            "Conflict",
            f"Khóa {HEADER} này đã được dùng cho một yêu cầu khác; hãy dùng khóa mới cho văn bản mới.",
        )
    return _replay(remembered)


def _key() -> str | None:
    key = request.headers.get(HEADER)
    if key is None:
        return None
    if not _VALID_KEY.match(key):
        raise ApiError(
            400,
            "invalid_idempotency_key",
            "Bad Request",
            f"Tiêu đề {HEADER} phải gồm 1 đến {records.MAX_KEY_LENGTH} ký tự ASCII in được, "
            "không có khoảng trắng (ví dụ một UUID).",
        )
    return key


def _fingerprint(kind_id: str, profile_id: str | None, data: Any, draft: bool) -> str:
    # A draft's request is not the final one's: the same key cannot give both.
    canonical = json.dumps(
        [kind_id, profile_id, data, *(["draft"] if draft else [])], sort_keys=True, ensure_ascii=False, separators=(",", ":")
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _replay(remembered: records.Remembered) -> Outcome:
    record = archive.get_document(get_database(), remembered.document_id)
    try:
        content = get_storage().get(record.output_sha256)
    except MissingFile:
        raise ApiError(
            409, "archive_file_missing", "Conflict", f"Văn bản đã tạo với khóa {HEADER} này không còn tệp trong kho lưu trữ."
        ) from None
    document = pipeline.Document(
        content=content,
        filename=record.filename,
        kind=record.kind,
        profile=record.profile_id,
        number=record.number,
        template_sha256=record.template_sha256,
        warnings=remembered.warnings,
        titled=lambda: _titles(record),
    )
    return Outcome(record, document, replayed=True)


def _titles(record: ArchivedDocument) -> dict:
    """The titles of the document first issued, from its archived input (which is valid: it was issued)."""
    return pipeline.titles(
        pipeline.check(record.kind, record.input, profile_id=record.profile_id, draft=record.status == "draft")
    )
