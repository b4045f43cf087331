"""Routes of /api/v1: create a document of any kind, list the kinds with their schemas."""

from __future__ import annotations

import base64
import json
from typing import Any

from flask import Blueprint, Response, current_app, request

from service import pipeline
from service.api import auth, headers, idempotency, limits
from service.api.errors import ApiError
from service.api.openapi import json_response, operation, query_parameter
from service.findings import InputInvalid, UnknownKind
from service.formats.profiles import all_profiles
from service.kinds import all_kinds, get_kind
from service.render import pdf
from service.store import archive
from service.store.db import get_database
from service.delivery import content_disposition, pdf_failure, sample

bp = Blueprint("api", __name__, url_prefix="/api/v1")


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


def read_json() -> Any:
    """The request body as JSON, refusing what the standard forbids but Python accepts (NaN, Infinity)."""
    if request.mimetype != "application/json":
        raise ApiError(
            415,
            "unsupported_media_type",
            "Unsupported Media Type",
            "Dữ liệu phải được gửi với Content-Type: application/json.",
        )
    raw = request.get_data(cache=True)
    try:
        data = json.loads(raw.decode("utf-8"), parse_constant=_reject_constant)
    except UnicodeDecodeError:
        raise ApiError(400, "invalid_utf8", "Bad Request", "Dữ liệu gửi lên không phải văn bản UTF-8 hợp lệ.")
    except (ValueError, RecursionError):
        raise ApiError(400, "invalid_json", "Bad Request", "Dữ liệu gửi lên không phải JSON hợp lệ.")
    limits.check_json(data)
    return data


def flag(name: str) -> bool:
    """A boolean query parameter: true or false (absent: false)."""
    value = request.args.get(name, "false")
    if value not in ("true", "false"):
        raise ApiError(400, "invalid_parameter", "Bad Request", f"Tham số “{name}” chỉ nhận true hoặc false.")
    return value == "true"


OFFERS = {pipeline.DOCX_MEDIA_TYPE: "docx", "application/json": "json", "application/pdf": "pdf"}


def _wants() -> str:
    """ "docx", "json", "pdf" or "unknown", from ?format= or else the Accept header (DOCX by default)."""
    if "format" in request.args:
        requested = request.args["format"]
        return requested if requested in OFFERS.values() else "unknown"
    if not request.accept_mimetypes.provided:
        return "docx"
    return OFFERS.get(request.accept_mimetypes.best_match(list(OFFERS)), "unknown")


DOCUMENT_RESPONSES = {
    200: {
        "content": {
            pipeline.DOCX_MEDIA_TYPE: {"schema": {"type": "string", "format": "binary"}},
            "application/json": {"schema": {"$ref": "#/components/schemas/DocumentMetadata"}},
            pdf.PDF_MEDIA_TYPE: {"schema": {"type": "string", "format": "binary"}},
        },
        "headers": {
            "Content-Disposition": {"schema": {"type": "string"}, "description": "Vietnamese file name in filename*."},
            "X-Document-Warnings": {
                "schema": {"type": "string"},
                "description": (
                    "JSON list (ASCII-escaped) of the first warnings that fit in 4 KB; the full list is in "
                    "the JSON form of the answer (Accept: application/json, or ?format=json)."
                ),
            },
            "X-Document-Warnings-Total": {
                "schema": {"type": "integer", "minimum": 0},
                "description": "How many warnings the document has.",
            },
            "X-Document-SHA256": {"schema": {"type": "string", "pattern": "^[0-9a-f]{64}$"}},
            "X-Document-Id": {
                "schema": {"type": "string", "pattern": "^[0-9]+$"},
                "description": "The archive's record (GET /api/v1/documents/{id}).",
            },
            "Idempotent-Replayed": {
                "schema": {"const": "true"},
                "description": "The document made for the first request with this Idempotency-Key.",
            },
        },
    },
}
DOCUMENT_QUERY = (
    query_parameter(
        "format",
        {"enum": list(OFFERS.values())},
        "What to answer (else the Accept header; DOCX by default); pdf needs LibreOffice on the server.",
    ),
    query_parameter(
        "profile", {"enum": [profile.id for profile in all_profiles()]}, "Format profile (default: by the document's date)."
    ),
    query_parameter(
        "draft",
        {"type": "boolean"},
        'true: archive a draft ("Dự thảo" printed, "(dự thảo)" in the file name, no register number; '
        "POST /api/v1/documents/{id}/issue issues it); default false: the final document, numbered.",
    ),
)


@bp.post("/documents/<kind_id>")
@operation(
    "Create a document",
    tags=("documents",),
    per_kind=True,
    responses=DOCUMENT_RESPONSES,
    errors=(400, 404, 406, 409, 415, 422, 503),
    idempotent=True,
    query=DOCUMENT_QUERY,
)
def create_document(kind_id: str):
    try:
        get_kind(kind_id)
    except UnknownKind:
        raise ApiError(404, "unknown_kind", "Not Found", f"Loại văn bản “{kind_id}” không tồn tại.")
    wants = _wants()
    pool = pdf.pool_for(current_app) if wants == "pdf" else None
    if wants == "unknown" or (wants == "pdf" and pool is None):
        offers = "DOCX (mặc định), PDF" if pdf.enabled(current_app) else "DOCX (mặc định)"
        raise ApiError(406, "not_acceptable", "Not Acceptable", f"Hiện chỉ hỗ trợ tải về {offers} hoặc thông tin JSON.")
    data = read_json()
    try:
        # Every document is archived under the key's organization; with "organization_id" in the
        # input (that organization or one below it) it belongs there and is numbered (service/store).
        issued = idempotency.issue(kind_id, data, request.args.get("profile"), draft=flag("draft"))
    except InputInvalid as invalid:
        raise ApiError(
            422,
            "validation_failed",
            "Unprocessable Content",
            "Dữ liệu chưa hợp lệ; xem danh sách lỗi theo từng trường.",
            invalid.errors,
            invalid.warnings,
        )
    document = issued.document
    replayed = {idempotency.REPLAYED_HEADER: "true"} if issued.replayed else {}
    if wants == "json":
        return {**_metadata(document), "id": issued.record.id}, 200, replayed
    content, media_type, filename = (
        _as_pdf(pool, document) if pool is not None else (document.content, pipeline.DOCX_MEDIA_TYPE, document.filename)
    )
    response = Response(content, mimetype=media_type, headers=replayed)
    response.headers["Content-Disposition"] = content_disposition(filename)
    response.headers["X-Document-Warnings"] = headers.listed([w.as_dict() for w in document.warnings])
    response.headers["X-Document-Warnings-Total"] = str(len(document.warnings))
    response.headers["X-Document-SHA256"] = document.sha256
    response.headers["X-Document-Id"] = str(issued.record.id)
    return response


def _as_pdf(pool: pdf.PdfPool, document: pipeline.Document) -> tuple[bytes, str, str]:
    """The document as PDF: content, media type, file name."""
    try:
        content = pool.convert(document.content)
    except (pdf.PoolBusy, pdf.ConversionFailed) as failed:
        code, message = pdf_failure(failed)
        raise ApiError(503, code, "Service Unavailable", f"{message} Có thể tải bản DOCX.") from None
    return content, pdf.PDF_MEDIA_TYPE, document.filename.removesuffix(".docx") + ".pdf"


TITLES_RESPONSES = {200: {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/TitlesPreview"}}}}}


@bp.post("/documents/<kind_id>/titles")
@auth.read_only
@operation(
    "Preview what a document will be called, without issuing it",
    tags=("documents",),
    errors=(400, 404, 413, 415, 422),
    per_kind=True,
    responses=TITLES_RESPONSES,
)
def preview_titles(kind_id: str):
    """The titles and months the input gives (a monthly sitting: the minutes' month, the resolution's, the month
    evaluated), with the warnings, for a person to see before issuing: nothing is recorded, and the number shown
    is the one the register would give now, not taken."""
    try:
        get_kind(kind_id)
    except UnknownKind:
        raise ApiError(404, "unknown_kind", "Not Found", f"Loại văn bản “{kind_id}” không tồn tại.")
    data = read_json()
    caller = auth.caller()
    try:
        with archive.looking(get_database(), within=caller.organizations, owner_id=caller.organization_id) as store:
            prepared = pipeline.check(kind_id, data, profile_id=request.args.get("profile"), resolve=store.resolve)
    except InputInvalid as invalid:
        raise ApiError(
            422,
            "validation_failed",
            "Unprocessable Content",
            "Dữ liệu chưa hợp lệ; xem danh sách lỗi theo từng trường.",
            invalid.errors,
            invalid.warnings,
        )
    return {
        "kind": kind_id,
        "profile": prepared.profile.id,
        "number": prepared.kind.number(prepared.model),
        "titles": pipeline.titles(prepared),
        "warnings": [w.as_dict() for w in prepared.warnings],
    }


def _metadata(document: pipeline.Document) -> dict:
    return {
        "kind": document.kind,
        "profile": document.profile,
        "number": document.number,
        "titles": document.titles,
        "filename": document.filename,
        "media_type": pipeline.DOCX_MEDIA_TYPE,
        "sha256": document.sha256,
        "template_sha256": document.template_sha256,
        "warnings": [w.as_dict() for w in document.warnings],
        "content_base64": base64.b64encode(document.content).decode("ascii"),
    }


KIND = {
    "type": "object",
    "required": ["id", "title", "document_type", "schema", "sample"],
    "properties": {
        "id": {"type": "string"},
        "title": {"type": "string"},
        "document_type": {"type": "string"},
        "schema": {"type": "object", "description": "The kind's input model (JSON Schema)."},
        "sample": {"type": "object"},
    },
}


def kind_description(kind) -> dict:
    return {
        "id": kind.id,
        "title": kind.title,
        "document_type": kind.layout.doc_type,
        "schema": kind.input_model.model_json_schema(),
        "sample": sample(kind),
    }


@bp.get("/kinds")
@operation(
    "Document kinds with their JSON Schema and a sample input",
    tags=("kinds",),
    responses={
        200: json_response(
            {"type": "object", "required": ["kinds"], "properties": {"kinds": {"type": "array", "items": KIND}}}
        )
    },
)
def list_kinds():
    return {"kinds": [kind_description(kind) for kind in all_kinds()]}


@bp.get("/kinds/<kind_id>")
@operation(
    "One document kind with its JSON Schema and a sample input", tags=("kinds",), responses={200: json_response(KIND)}
)
def show_kind(kind_id: str):
    try:
        return kind_description(get_kind(kind_id))
    except UnknownKind:
        raise ApiError(404, "unknown_kind", "Not Found", f"Loại văn bản “{kind_id}” không tồn tại.")
