"""/api/v1/batches: year-end batches over HTTP — start one from a roster file, a JSON roster or the rosters
kept in the store (202 + Location), follow its progress, download its ZIP, cancel it, resume it.

A job belongs to the organization of the key that started it; other keys get 404 as for a job that does not
exist. Rows are all checked before anything starts: a roster with any wrong row gets 422 with every problem
(row and column for a file, a JSON pointer for JSON) and starts nothing.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, request, send_file, url_for

from service.api.auth import caller
from service.api.errors import ApiError
from service.api.openapi import REF, model_schema, operation, query_parameter
from service.api.views import read_json
from service.delivery import content_disposition
from service.batch.launch import Batches, QueueUnavailable, get_batches
from service.batch.progress import jobs
from service.batch.roster import (
    WRONG_TYPE,
    BatchMember,
    BatchOptions,
    RosterUnreadable,
    Rows,
    from_json,
    from_organizations,
    from_upload,
)
from service.findings import Finding, InputInvalid
from service.kinds.base import parse
from service.store.errors import StoreError

bp = Blueprint("batches", __name__, url_prefix="/api/v1")
ZIP_MEDIA_TYPE = "application/zip"
MAX_LISTED = 100

JOB_SCHEMA = {
    "type": "object",
    "required": ["id", "status", "total", "done", "failed"],
    "properties": {
        "id": {"type": "integer"},
        "status": {"enum": ["queued", "running", "packaging", "done", "failed", "cancelled"]},
        "runner": {"enum": ["local", "celery"]},
        "year": {"type": "integer"},
        "source": {"type": "string"},
        "options": {"type": "object"},
        "total": {"type": "integer", "description": "Documents planned, books included."},
        "done": {"type": "integer"},
        "failed": {"type": "integer"},
        "rate": {"type": ["number", "null"], "description": "Documents per second since the start."},
        "eta_seconds": {"type": ["number", "null"]},
        "error": {"type": ["string", "null"]},
        "output_size": {"type": ["integer", "null"]},
        "output_sha256": {"type": ["string", "null"]},
        "created_at": {"type": "string"},
        "started_at": {"type": ["string", "null"]},
        "finished_at": {"type": ["string", "null"]},
        "failures": {
            "type": "array",
            "description": "The first failed documents, with the reason (Vietnamese).",
            "items": {"type": "object"},
        },
        "links": {"type": "object", "description": "self, download (once done), cancel, resume (when its runner stopped)."},
        "report": {
            "type": ["object", "null"],
            "description": "The roster's check report: members, cells, reviewed, "
            "the first warnings and guessed forms, their totals.",
        },
        "warnings": {
            "type": "array",
            "description": "The first documents their checks warned about (Vietnamese).",
            "items": {"type": "object"},
        },
        "warnings_total": {"type": "integer"},
    },
}
JOB = {"content": {"application/json": {"schema": JOB_SCHEMA}}}
# The batch's options as its model says (year, regime, date, place), then the roster: a file, or in JSON the
# members themselves or the organizations whose kept rosters to use.
_OPTIONS = BatchOptions.model_json_schema(ref_template=REF)["properties"]
START_BODY = {
    "required": True,
    "description": "A roster file (multipart: file, year and the options) or JSON: {year, members: [...]} or "
    "{year, organization_ids: [...]}. Options: regime, date (of the review meeting), place, and "
    "what the roster cannot know about the meeting (start, end, location, chair, secretary, guests): "
    "left out, the minutes print a blank to fill in by hand.",
    "content": {
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "required": ["file", "year"],
                "properties": {
                    "file": {"type": "string", "format": "binary", "description": "XLSX or CSV, Vietnamese headers"},
                    **_OPTIONS,
                },
            }
        },
        "application/json": {
            "schema": {
                "type": "object",
                "required": ["year"],
                "additionalProperties": False,
                "oneOf": [{"required": ["members"]}, {"required": ["organization_ids"]}],
                "properties": {
                    **_OPTIONS,
                    "members": {"type": "array", "minItems": 1, "items": model_schema(BatchMember)},
                    "organization_ids": {
                        "type": "array",
                        "minItems": 1,
                        "items": {"type": "integer", "minimum": 1, "maximum": 2**31 - 1},
                    },
                },
            }
        },
    },
}


def _batches() -> Batches:
    return get_batches(current_app)


def _store_error(error: StoreError) -> ApiError:
    return ApiError(error.status, error.code, {404: "Not Found", 409: "Conflict"}.get(error.status, "Error"), error.message)


def _invalid(invalid: InputInvalid) -> ApiError:
    return ApiError(
        422,
        "roster_invalid",
        "Unprocessable Content",
        "Danh sách chưa hợp lệ; không có văn bản nào được tạo. Xem danh sách lỗi.",
        invalid.errors,
    )


def _described(job: dict[str, Any]) -> dict[str, Any]:
    links = {
        "self": url_for("batches.show_batch", batch_id=job["id"]),
        "cancel": url_for("batches.cancel_batch", batch_id=job["id"]),
    }
    if job["status"] == "done":
        links["download"] = url_for("batches.download_batch", batch_id=job["id"])
    elif job["status"] in ("queued", "running", "packaging") and _batches().resumable(job["id"]):
        links["resume"] = url_for("batches.resume_batch", batch_id=job["id"])
    return {**job, "links": links}


@bp.post("/batches")
@operation(
    "Start a year-end batch from a roster: every member's self-review and each chi bộ's documents",
    tags=("batches",),
    request_body=START_BODY,
    responses={202: JOB},
    errors=(400, 415, 422, 503),
)
def start_batch():
    batches = _batches()
    if request.mimetype == "multipart/form-data":
        # A province's roster is larger than a document's JSON: the upload has its own limit.
        request.max_content_length = batches.settings.max_upload
        values = request.form.to_dict()
        if "guests" in request.form:  # a field sent once per guest
            values["guests"] = request.form.getlist("guests")
        options = _options(values, text=True)
        source, rows = _uploaded_rows(batches, options)
    else:
        data = read_json()
        if not isinstance(data, dict):
            raise _invalid(InputInvalid([Finding("", "not_an_object", "Dữ liệu gửi lên phải là một đối tượng JSON.")]))
        options = _options({key: data[key] for key in BatchOptions.model_fields if key in data})
        source, rows = _json_rows(batches, data, options)
    try:
        job_id = batches.start(rows, options, source=source, organization_id=caller().organization_id)
    except InputInvalid as invalid:
        raise _invalid(invalid) from None
    except QueueUnavailable:
        raise ApiError(
            503,
            "batch_queue_unavailable",
            "Service Unavailable",
            "Không gửi được việc tới hàng đợi xử lý (Redis); hãy thử lại sau hoặc báo quản trị.",
        ) from None
    job = _described(jobs.describe(batches.database, job_id))
    return job, 202, {"Location": job["links"]["self"]}


def _options(values: dict[str, Any], *, text: bool = False) -> BatchOptions:
    """The batch's options from JSON, or (`text`) from multipart fields, which are all text."""
    options, errors = parse(
        BatchOptions, {key: value for key, value in values.items() if value not in ("", None)}, text=text
    )
    if options is None:
        raise _invalid(InputInvalid(errors))
    return options


def _uploaded_rows(batches: Batches, options: BatchOptions) -> tuple[str, Rows]:
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        raise ApiError(400, "file_missing", "Bad Request", "Thiếu tệp danh sách đảng viên trong trường “file”.")
    try:
        return from_upload(upload, options, batches.settings.max_rows, max_errors=batches.settings.max_errors)
    except InputInvalid as invalid:
        raise _invalid(invalid) from None
    except RosterUnreadable as unreadable:
        status, title = (
            (415, "Unsupported Media Type")
            if unreadable.code == WRONG_TYPE
            else (413, "Payload Too Large")
            if unreadable.too_large
            else (422, "Unprocessable Content")
        )
        raise ApiError(status, unreadable.code, title, unreadable.message) from None


def _json_rows(batches: Batches, data: dict[str, Any], options: BatchOptions) -> tuple[str, Rows]:
    max_rows = batches.settings.max_rows
    try:
        if "organization_ids" in data:
            return "organizations", from_organizations(
                batches.database, data["organization_ids"], options, max_rows, within=caller().organizations
            )
        return "json", from_json(data.get("members"), options, max_rows)
    except InputInvalid as invalid:
        raise _invalid(invalid) from None


@bp.get("/batches")
@operation(
    "The newest batches of the key's organizations",
    tags=("batches",),
    errors=(400,),
    query=(query_parameter("limit", {"type": "integer", "minimum": 1, "maximum": MAX_LISTED}, "How many (default 20)."),),
    responses={
        200: {
            "content": {
                "application/json": {
                    "schema": {"type": "object", "properties": {"batches": {"type": "array", "items": JOB_SCHEMA}}}
                }
            }
        }
    },
)
def list_batches():
    limit = request.args.get("limit", "20")
    if not (limit.isascii() and limit.isdigit() and len(limit) <= 3 and 1 <= int(limit) <= MAX_LISTED):
        raise ApiError(400, "invalid_limit", "Bad Request", f"Tham số limit phải là số từ 1 đến {MAX_LISTED}.")
    listed = jobs.list_jobs(_batches().database, int(limit), within=caller().organizations)
    return {"batches": [_described({**job, "failures": []}) for job in listed]}


@bp.get("/batches/<id:batch_id>")
@operation(
    "A batch's status and progress (done, failed, total, rate, ETA) and its first failures",
    tags=("batches",),
    responses={200: JOB},
)
def show_batch(batch_id: int):
    try:
        return _described(jobs.describe(_batches().database, batch_id, within=caller().organizations))
    except StoreError as error:
        raise _store_error(error) from None


@bp.get("/batches/<id:batch_id>/download")
@operation(
    "The batch's ZIP: documents in đảng bộ/chi bộ folders, a book per chi bộ, manifest.csv and .json",
    tags=("batches",),
    errors=(409,),
    responses={200: {"content": {ZIP_MEDIA_TYPE: {"schema": {"type": "string", "format": "binary"}}}}},
)
def download_batch(batch_id: int):
    batches = _batches()
    try:
        job = jobs.output(batches.database, batch_id, within=caller().organizations)
    except StoreError as error:
        raise _store_error(error) from None
    path = batches.settings.batch_dir / job.output
    if not path.is_file():
        raise ApiError(
            404,
            "batch_output_missing",
            "Not Found",
            f"Tệp kết quả của đợt {batch_id} không còn trên máy chủ; hãy tạo lại đợt.",
        )
    response = send_file(path, mimetype=ZIP_MEDIA_TYPE, conditional=True, etag=job.output_sha256)
    response.headers["Content-Disposition"] = content_disposition(f"Kiểm điểm năm {job.year} - đợt {job.id}.zip")
    return response


@bp.post("/batches/<id:batch_id>/resume")
@operation(
    "Finish a batch whose runner stopped (the service restarted): what is missing is made, what was made "
    "is kept; 409 when it is finished or being run",
    tags=("batches",),
    errors=(409,),
    responses={202: JOB},
)
def resume_batch(batch_id: int):
    batches = _batches()
    try:
        batches.resume(batch_id, within=caller().organizations)
    except StoreError as error:
        raise _store_error(error) from None
    job = _described(jobs.describe(batches.database, batch_id))
    return job, 202, {"Location": job["links"]["self"]}


@bp.post("/batches/<id:batch_id>/cancel")
@operation("Cancel a batch that has not finished", tags=("batches",), errors=(409,), responses={200: JOB})
def cancel_batch(batch_id: int):
    batches = _batches()
    try:
        jobs.cancel(batches.database, batch_id, within=caller().organizations)
        return _described(jobs.describe(batches.database, batch_id))
    except StoreError as error:
        raise _store_error(error) from None
