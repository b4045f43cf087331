"""Routes of /api/v1 for an organization's own templates: upload, lint, preview, versions, activate, roll back.

Every route is under /organizations/<org_id>/templates, so the API key's reach
applies to it like to the organization's other data. An upload is multipart
(field "file", optional "profile" and "activate"); what the template may do
while rendering is bounded by the sandbox (service/custom_templates).
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, current_app, request

from service import pipeline
from service.api import auth
from service.api.errors import ApiError
from service.api.openapi import component, json_response, operation, query_parameter, row_schema
from service.api.uploads import refused, uploaded_file
from service.delivery import content_disposition, pdf_failure
from service.findings import InputInvalid, UnknownKind
from service.kinds import all_kinds, get_kind
from service.render import pdf
from service.safety.packages import UnsafePackage
from service.store.db import get_database
from service.store.models import TemplateVersion
from service.store.storage import MissingFile, get_storage
from service.custom_templates import intake, versions
from service.custom_templates.errors import SandboxBusy, TemplateFailed
from service.custom_templates.pool import current_pool

bp = Blueprint("templates", __name__, url_prefix="/api/v1/organizations/<id:org_id>/templates")

UPLOAD_BODY = {
    "required": True,
    "content": {
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "required": ["file"],
                "properties": {
                    "file": {"type": "string", "format": "binary", "description": "The DOCX template (docxtpl tags)."},
                    "profile": {
                        "type": "string",
                        "description": "Format profile to check the preview against (default: by the sample's date).",
                    },
                    "activate": {"type": "boolean", "description": "Use it for the organization's documents now."},
                },
            }
        }
    },
}
DOCX_RESPONSE = {
    200: {
        "content": {
            pipeline.DOCX_MEDIA_TYPE: {"schema": {"type": "string", "format": "binary"}},
            pdf.PDF_MEDIA_TYPE: {"schema": {"type": "string", "format": "binary"}},
        }
    }
}
TRUE = ("1", "true", "yes", "on")
_VERSION = row_schema(TemplateVersion, active={"type": "boolean"})
VERSION_WITH_REPORT = component("TemplateVersionWithReport", _VERSION)
VERSION = component(
    "TemplateVersion",
    {
        **_VERSION,
        "required": [k for k in _VERSION["required"] if k != "report"],
        "properties": {k: v for k, v in _VERSION["properties"].items() if k != "report"},
    },
)
UPLOADED = json_response(
    {
        "type": "object",
        "required": ["created", "version"],
        "properties": {
            "created": {"type": "boolean", "description": "false: the same file was kept already."},
            "version": VERSION_WITH_REPORT,
        },
    }
)
INSPECTION = {"type": "object", "required": ["ok"], "properties": {"ok": {"type": "boolean"}}}
PREVIEW_FORMAT = query_parameter("format", {"enum": ["docx", "pdf"]}, "pdf needs LibreOffice on the server.")


@bp.get("")
@operation(
    "Each kind's active template for the organization: its own version or the built one",
    tags=("templates",),
    responses={
        200: json_response(
            {
                "type": "object",
                "required": ["kinds"],
                "properties": {
                    "kinds": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["kind", "title", "versions", "active"],
                            "properties": {
                                "kind": {"type": "string"},
                                "title": {"type": "string"},
                                "versions": {"type": "integer"},
                                "active": {"anyOf": [VERSION, {"type": "null"}]},
                            },
                        },
                    }
                },
            }
        )
    },
)
def list_templates(org_id: int):
    with get_database().read() as session:
        versions.require_organization(session, org_id)
        kept = versions.versions(session, org_id)
        actives = {kind.id: versions.active(session, org_id, kind.id) for kind in all_kinds()}
    return {
        "kinds": [
            {
                "kind": kind.id,
                "title": kind.title,
                "versions": sum(v.kind == kind.id for v in kept),
                "active": _active_dict(actives[kind.id]),
            }
            for kind in all_kinds()
        ]
    }


def _active_dict(version: TemplateVersion | None) -> dict | None:
    return versions.as_dict(version, version.id) if version is not None else None


@bp.get("/<kind_id>")
@operation(
    "The organization's template versions of a kind, newest first",
    tags=("templates",),
    responses={
        200: json_response(
            {
                "type": "object",
                "required": ["kind", "active_id", "versions"],
                "properties": {
                    "kind": {"type": "string"},
                    "active_id": {"type": ["integer", "null"]},
                    "versions": {"type": "array", "items": VERSION},
                },
            }
        )
    },
)
def list_versions(org_id: int, kind_id: str):
    kind = _kind(kind_id)
    with get_database().read() as session:
        versions.require_organization(session, org_id)
        active = versions.active(session, org_id, kind.id)
        kept = versions.versions(session, org_id, kind.id)
    active_id = active.id if active else None
    return {"kind": kind.id, "active_id": active_id, "versions": [versions.as_dict(v, active_id) for v in kept]}


@bp.post("/<kind_id>")
@operation(
    "Upload a template: lint, preview with the kind's sample, conformance check, keep by content",
    tags=("templates",),
    request_body=UPLOAD_BODY,
    responses={200: UPLOADED, 201: UPLOADED},
    errors=(400, 415, 422, 503),
)
def upload_template(org_id: int, kind_id: str):
    kind = _kind(kind_id)
    upload = uploaded_file("Thiếu tệp mẫu văn bản (DOCX) trong trường “file”.")
    activate = (request.form.get("activate") or "").lower() in TRUE
    version, created = _sandboxed(
        intake.upload,
        get_database(),
        get_storage(),
        current_pool(),
        org_id,
        kind.id,
        upload.read(),
        filename=upload.filename or "",
        uploaded_by=auth.creator(),
        profile_id=_profile(),
        activate=activate,
    )
    with get_database().read() as session:
        active = versions.active(session, org_id, kind.id)
    return (
        {"created": created, "version": versions.as_dict(version, active.id if active else None, with_report=True)},
        201 if created else 200,
    )


@bp.post("/<kind_id>/lint")
@operation(
    "Lint and preview a template without keeping it (200 with ok=false when it has errors)",
    tags=("templates",),
    request_body=UPLOAD_BODY,
    errors=(400, 415, 422, 503),
    responses={200: json_response(INSPECTION)},
)
@auth.read_only
def lint_template(org_id: int, kind_id: str):
    kind = _kind(kind_id)
    upload = uploaded_file("Thiếu tệp mẫu văn bản (DOCX) trong trường “file”.")
    with get_database().read() as session:
        versions.require_organization(session, org_id)
    return _sandboxed(intake.inspect, current_pool(), kind.id, upload.read(), profile_id=_profile()).report()


@bp.get("/<kind_id>/versions/<id:version_id>")
@operation(
    "One template version with its lint and conformance report",
    tags=("templates",),
    responses={200: json_response(VERSION_WITH_REPORT)},
)
def show_version(org_id: int, kind_id: str, version_id: int):
    version, active_id = _version(org_id, kind_id, version_id)
    return versions.as_dict(version, active_id, with_report=True)


@bp.get("/<kind_id>/versions/<id:version_id>/preview")
@operation(
    "The kind's sample rendered with the version (DOCX, or PDF with ?format=pdf)",
    tags=("templates",),
    responses=DOCX_RESPONSE,
    errors=(406, 409, 503),
    query=(PREVIEW_FORMAT,),
)
def preview(org_id: int, kind_id: str, version_id: int):
    version, _ = _version(org_id, kind_id, version_id)
    content, name = _stored(version.preview_sha256), f"xem-truoc-{version.kind}-{version.id}.docx"
    wanted = request.args.get("format", "docx")
    if wanted not in ("docx", "pdf"):
        raise ApiError(406, "not_acceptable", "Not Acceptable", "Tham số “format” chỉ nhận docx hoặc pdf.")
    if wanted == "pdf":
        return _pdf(content, name)
    return _file(content, name)


@bp.get("/<kind_id>/versions/<id:version_id>/file")
@operation(
    "The template file of a version, to open in Word and change", tags=("templates",), responses=DOCX_RESPONSE, errors=(409,)
)
def template_file(org_id: int, kind_id: str, version_id: int):
    version, _ = _version(org_id, kind_id, version_id)
    return _file(_stored(version.sha256), version.filename)


@bp.post("/<kind_id>/versions/<id:version_id>/activate")
@operation(
    "Make a version the one the organization's documents of the kind are made with (rollback: an earlier one)",
    tags=("templates",),
    responses={200: json_response(VERSION)},
)
def activate(org_id: int, kind_id: str, version_id: int):
    with get_database().write() as session:
        version = _owned(session, org_id, kind_id, version_id)
        versions.activate(session, version, auth.creator())
        return versions.as_dict(version, version.id)


@bp.delete("/<kind_id>/active")
@operation("Go back to the service's built template for the kind", tags=("templates",), responses={204: {}})
def deactivate(org_id: int, kind_id: str):
    kind = _kind(kind_id)
    with get_database().write() as session:
        versions.require_organization(session, org_id)
        versions.deactivate(session, org_id, kind.id)
    return "", 204


def _kind(kind_id: str):
    try:
        return get_kind(kind_id)
    except UnknownKind:
        raise ApiError(404, "unknown_kind", "Not Found", f"Loại văn bản “{kind_id}” không tồn tại.") from None


def _profile() -> str | None:
    return request.form.get("profile") or request.args.get("profile") or None


def _sandboxed(function, *args: Any, **kwargs: Any) -> Any:
    """Call into the intake; whatever the file or the template did becomes a problem answer."""
    try:
        return function(*args, **kwargs)
    except UnsafePackage as refusal:
        raise refused(refusal) from None
    except InputInvalid as invalid:
        raise ApiError(
            422, "validation_failed", "Unprocessable Content", "Tham số chưa hợp lệ; xem danh sách lỗi.", invalid.errors
        ) from None
    except intake.TemplateRejected as rejected:
        raise ApiError(
            422,
            "template_invalid",
            "Unprocessable Content",
            "Mẫu văn bản có lỗi nên chưa được lưu; xem danh sách lỗi.",
            rejected.inspection.errors(),
        ) from None
    except TemplateFailed as failed:
        raise ApiError(422, failed.code, "Unprocessable Content", failed.message) from None
    except SandboxBusy:
        raise ApiError(
            503, "templates_busy", "Service Unavailable", "Bộ xử lý mẫu văn bản đang bận; hãy thử lại sau ít phút."
        ) from None


def _owned(session, org_id: int, kind_id: str, version_id: int) -> TemplateVersion:
    versions.require_organization(session, org_id)
    version = versions.get(session, org_id, version_id)
    if version.kind != _kind(kind_id).id:
        raise ApiError(
            404,
            "template_version_not_found",
            "Not Found",
            f"Phiên bản mẫu mã số {version_id} không thuộc loại văn bản “{kind_id}”.",
        )
    return version


def _version(org_id: int, kind_id: str, version_id: int) -> tuple[TemplateVersion, int | None]:
    with get_database().read() as session:
        version = _owned(session, org_id, kind_id, version_id)
        active = versions.active(session, org_id, version.kind)
    return version, active.id if active else None


def _stored(sha256: str) -> bytes:
    try:
        return get_storage().get(sha256)
    except MissingFile:
        raise ApiError(
            409, "archive_file_missing", "Conflict", "Không tìm thấy tệp của phiên bản mẫu này trong kho lưu trữ."
        ) from None


def _file(content: bytes, filename: str, media_type: str = pipeline.DOCX_MEDIA_TYPE) -> Response:
    response = Response(content, mimetype=media_type)
    response.headers["Content-Disposition"] = content_disposition(filename)
    return response


def _pdf(content: bytes, filename: str) -> Response:
    pool = pdf.pool_for(current_app)
    if pool is None:
        raise ApiError(406, "not_acceptable", "Not Acceptable", "Máy chủ chưa cài LibreOffice nên chỉ có bản DOCX.")
    try:
        converted = pool.convert(content)
    except (pdf.PoolBusy, pdf.ConversionFailed) as failed:
        code, message = pdf_failure(failed)
        raise ApiError(503, code, "Service Unavailable", f"{message} Có thể tải bản DOCX.") from None
    return _file(converted, filename.removesuffix(".docx") + ".pdf", pdf.PDF_MEDIA_TYPE)
