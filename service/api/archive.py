"""Routes of /api/v1/documents/<id> and the listing: the archive, and a document's workflow (issue a draft,
correct, mark sent, replace, remove a draft, regenerate, verify)."""

from __future__ import annotations

import base64
import hashlib

from flask import Response, request

from service import issuing, pipeline
from service.api import auth
from service.api.errors import ApiError
from service.api.openapi import json_body, json_response, operation, query_parameter
from service.api.resources import (
    ARCHIVED,
    ARCHIVED_WITH_INPUT,
    COUNT,
    DOCX_CONTENT,
    FILE_FORMAT,
    MAX_PAGE,
    PERIOD_PATTERN,
    bp,
    call,
    int_arg,
    invalid_input,
    period,
)
from service.api.views import read_json
from service.delivery import comparison_headers, content_disposition
from service.findings import InputInvalid
from service.store import archive
from service.store.db import get_database
from service.store.models import ArchivedDocument, row_dict
from service.store.schemas import RevisionIn, parse_valid
from service.store.storage import MissingFile, get_storage


def document_metadata(record: ArchivedDocument, *, with_input: bool = False) -> dict:
    data = row_dict(record)
    if not with_input:
        data.pop("input")
    return data


@bp.get("/documents")
@operation(
    "Archived documents, newest first (filters: kind, organization_id, period, q, number, status)",
    tags=("archive",),
    errors=(400,),
    query=(
        query_parameter("kind", {"type": "string"}, "Only documents of this kind."),
        query_parameter("organization_id", COUNT, "Only this organization's documents."),
        query_parameter(
            "period",
            {"type": "string", "pattern": PERIOD_PATTERN},
            "A year (2026) or a month (2026-11) of the document date.",
        ),
        query_parameter("q", {"type": "string", "maxLength": 200}, "Text found in the file name or the recorded input."),
        query_parameter("number", COUNT, "Only documents with this number."),
        query_parameter("status", {"enum": ["draft", "issued", "sent"]}, "Only documents in this state."),
        query_parameter("limit", COUNT, f"At most this many (default 50, never more than {MAX_PAGE})."),
        query_parameter("offset", COUNT, "Skip this many first."),
    ),
    responses={
        200: json_response(
            {"type": "object", "required": ["documents"], "properties": {"documents": {"type": "array", "items": ARCHIVED}}}
        )
    },
)
def list_documents():
    start, end = period(request.args.get("period"))
    limit = min(int_arg("limit") or 50, MAX_PAGE)
    records = archive.find_documents(
        get_database(),
        organization_id=int_arg("organization_id"),
        kind=request.args.get("kind"),
        start=start,
        end=end,
        limit=limit,
        offset=int_arg("offset") or 0,
        within=auth.caller().organizations,
        text=_text_arg("q"),
        number=int_arg("number"),
        status=_status_arg(),
    )
    return {"documents": [document_metadata(record) for record in records]}


@bp.get("/documents/<id:document_id>")
@operation(
    "An archived document: metadata and input as JSON, or the DOCX file (405: an id that is not a number "
    "names the route that creates documents)",
    tags=("archive",),
    errors=(405, 406, 409),
    query=(FILE_FORMAT,),
    responses={200: {"content": {"application/json": {"schema": ARCHIVED_WITH_INPUT}, **DOCX_CONTENT}}},
)
def show_document(document_id: int):
    record = archive.get_document(get_database(), document_id)
    if not _wants_file():
        return document_metadata(record, with_input=True)
    return _file(record, _stored(record.output_sha256))


@bp.post("/documents/<id:document_id>/issue")
@operation(
    'Issue a draft ("Ban hành"): the final document, numbered by the register; the draft is removed',
    tags=("archive",),
    errors=(409, 422),
    responses={201: json_response(ARCHIVED)},
)
def issue_draft(document_id: int):
    record = archive.get_document(get_database(), document_id)
    try:
        (issued,) = issuing.issue_drafts(
            get_database(), get_storage(), [document_id], creator=auth.creator(), organization_id=record.organization_id
        )
    except InputInvalid as invalid:
        raise invalid_input(invalid) from None
    return document_metadata(issued.record), 201


def _revision(document_id: int, *, replace: bool):
    body = read_json()
    reason = call(parse_valid, RevisionIn, body).reason
    try:
        issued = issuing.correct(
            get_database(),
            get_storage(),
            document_id,
            body["input"],
            reason=reason,
            creator=auth.creator(),
            replace=replace,
            within=auth.caller().organizations,
        )
    except InputInvalid as invalid:
        raise invalid_input(invalid) from None
    return document_metadata(issued.record), 201


@bp.post("/documents/<id:document_id>/corrections")
@operation(
    "Correct an issued document not yet sent: a new revision under the same number, with its reason; "
    "the earlier revision stays",
    tags=("archive",),
    errors=(400, 409, 415, 422),
    request_body=json_body(RevisionIn),
    responses={201: json_response(ARCHIVED)},
)
def correct_document(document_id: int):
    return _revision(document_id, replace=False)


@bp.post("/documents/<id:document_id>/replacements")
@operation(
    "Replace a document already sent: a new document with a new number that names the one it replaces",
    tags=("archive",),
    errors=(400, 409, 415, 422),
    request_body=json_body(RevisionIn),
    responses={201: json_response(ARCHIVED)},
)
def replace_document(document_id: int):
    return _revision(document_id, replace=True)


@bp.post("/documents/<id:document_id>/sent")
@operation(
    'Mark an issued document as sent ("đã gửi"): from then on only a replacement may follow',
    tags=("archive",),
    errors=(409,),
    responses={200: json_response(ARCHIVED)},
)
def mark_sent(document_id: int):
    return document_metadata(archive.mark_sent(get_database(), document_id, within=auth.caller().organizations))


@bp.delete("/documents/<id:document_id>")
@operation("Remove a draft; documents issued are kept for good (409)", tags=("archive",), errors=(409,), responses={204: {}})
def delete_draft(document_id: int):
    archive.remove_draft(get_database(), document_id, within=auth.caller().organizations)
    return "", 204


@bp.post("/documents/<id:document_id>/regenerate")
@operation(
    "Rebuild an archived document from its input and template; byte-identical",
    tags=("archive",),
    errors=(406, 409),
    query=(FILE_FORMAT,),
    responses={
        200: {
            "content": {
                "application/json": {
                    "schema": {
                        "type": "object",
                        "required": ["id", "identical", "same_content", "sha256", "content_base64"],
                        "properties": {
                            "id": {"type": "integer"},
                            "identical": {"type": "boolean", "description": "The very bytes issued."},
                            "same_content": {
                                "type": "boolean",
                                "description": "Every part the same once inflated (a rebuild on another kind of "
                                "machine may deflate differently).",
                            },
                            "sha256": {"type": "string"},
                            "content_base64": {"type": "string", "contentEncoding": "base64"},
                        },
                    }
                },
                **DOCX_CONTENT,
            },
            "headers": {
                "X-Document-Identical": {"schema": {"enum": ["true", "false"]}, "description": "With the DOCX file."},
                "X-Document-Same-Content": {"schema": {"enum": ["true", "false"]}, "description": "With the DOCX file."},
            },
        }
    },
)
def regenerate_document(document_id: int):
    """Rebuild from the archived input, profile and template; says whether the bytes are the ones issued."""
    try:
        rebuilt = issuing.regenerate(get_database(), get_storage(), document_id)
    except MissingFile:
        raise ApiError(
            409, "archive_file_missing", "Conflict", "Không tìm thấy tệp mẫu đã lưu của văn bản này trong kho lưu trữ."
        ) from None
    except InputInvalid as invalid:
        raise ApiError(
            409,
            "regenerate_failed",
            "Conflict",
            "Dữ liệu đã lưu không còn hợp lệ theo quy định hiện hành nên không thể tạo lại văn bản.",
            invalid.errors,
            invalid.warnings,
        ) from None
    document = rebuilt.document
    if not _wants_file():
        return {
            "id": rebuilt.record.id,
            "identical": rebuilt.identical,
            "same_content": rebuilt.same_content,
            "sha256": document.sha256,
            "content_base64": base64.b64encode(document.content).decode("ascii"),
        }
    return comparison_headers(_file(rebuilt.record, document.content), rebuilt)


@bp.post("/documents/verify")
@operation(
    "Whether an uploaded DOCX is a document issued here (SHA-256 lookup)",
    tags=("archive",),
    errors=(400,),
    request_body={
        "required": True,
        "description": "The DOCX file itself, byte for byte.",
        "content": {
            "application/octet-stream": {"schema": {"type": "string", "format": "binary"}},
            pipeline.DOCX_MEDIA_TYPE: {"schema": {"type": "string", "format": "binary"}},
        },
    },
    responses={
        200: json_response(
            {
                "type": "object",
                "required": ["issued", "sha256", "documents"],
                "properties": {
                    "issued": {"type": "boolean"},
                    "sha256": {"type": "string"},
                    "documents": {"type": "array", "items": ARCHIVED},
                },
            }
        )
    },
)
@auth.read_only
def verify_document():
    """Whether the uploaded DOCX (the request body, byte for byte) is a document issued here, by the key's
    organization or one below it."""
    content = request.get_data(cache=False)
    if not content:
        raise ApiError(400, "empty_body", "Bad Request", "Hãy gửi tệp DOCX cần kiểm tra trong nội dung yêu cầu.")
    reach = auth.caller().organizations
    records = [record for record in archive.issued_as(get_database(), content) if record.organization_id in reach]
    return {
        "issued": bool(records),
        "sha256": hashlib.sha256(content).hexdigest(),
        "documents": [document_metadata(record) for record in records],
    }


def _stored(sha256: str) -> bytes:
    try:
        return get_storage().get(sha256)
    except MissingFile:
        raise ApiError(
            409, "archive_file_missing", "Conflict", "Không tìm thấy tệp của văn bản này trong kho lưu trữ."
        ) from None


def _file(record: ArchivedDocument, content: bytes) -> Response:
    response = Response(content, mimetype=pipeline.DOCX_MEDIA_TYPE)
    response.headers["Content-Disposition"] = content_disposition(record.filename)
    response.headers["X-Document-SHA256"] = record.output_sha256
    return response


def _wants_file() -> bool:
    """The DOCX itself for ?format=docx or an Accept header preferring it; metadata as JSON otherwise."""
    if "format" in request.args:
        if request.args["format"] not in ("json", "docx"):
            raise ApiError(
                406,
                "not_acceptable",
                "Not Acceptable",
                "Tham số “format” chỉ nhận json (thông tin) hoặc docx (tệp văn bản).",
            )
        return request.args["format"] == "docx"
    return request.accept_mimetypes.best == pipeline.DOCX_MEDIA_TYPE


def _text_arg(name: str) -> str | None:
    value = request.args.get(name)
    if value is not None and len(value) > 200:
        raise ApiError(400, "invalid_parameter", "Bad Request", f"Tham số “{name}” dài quá 200 ký tự.")
    return value


def _status_arg() -> str | None:
    value = request.args.get("status")
    if value is not None and value not in ("draft", "issued", "sent"):
        raise ApiError(
            400,
            "invalid_parameter",
            "Bad Request",
            "Tham số “status” chỉ nhận draft (dự thảo), issued (đã ban hành) hoặc sent (đã gửi).",
        )
    return value
