"""Year-end batches from the browser: upload a roster (or use the chi bộ's), watch the progress, download the ZIP.

Like the API, the page only hands the roster to service.batch and reads the job's row; the browser polls
the status as JSON to move its progress bar.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import abort, current_app, redirect, render_template, request, send_file, url_for

from service.delivery import SAMPLES, content_disposition
from service.batch.launch import Batches, get_batches
from service.batch.progress import jobs
from service.batch.roster import BatchOptions, RosterUnreadable, Rows, from_organizations, from_upload
from service.findings import Finding, InputInvalid
from service.kinds.base import parse
from service.rules.reviews import all_review_rules
from service.store.errors import StoreError
from service.web import organization
from service.web.blueprint import bp, body_limit
from service.web.forms import FormState

ZIP_MEDIA_TYPE = "application/zip"
BATCH_TEMPLATE = SAMPLES / "batch-roster-template.xlsx"
LISTED = 20
# Where the roster comes from: a file the person uploads, or the members kept for the chi bộ.
FROM_FILE, FROM_PROFILE = "file", "profile"
STATUS_WORDS = {
    "queued": "đang chờ",
    "running": "đang tạo văn bản",
    "packaging": "đang đóng gói",
    "done": "đã xong",
    "failed": "bị lỗi",
    "cancelled": "đã hủy",
}


def _batches() -> Batches:
    return get_batches(current_app)


def _page(state: FormState | None = None, status: int = 200):
    year = dt.date.today().year
    page = render_template(
        "batches.html",
        state=state or FormState({"year": str(year), "source": FROM_FILE}),
        jobs=jobs.list_jobs(_batches().database, LISTED, within=organization.reach()),
        regimes=[(r.id, r.name) for r in all_review_rules()],
        status_words=STATUS_WORDS,
        has_profile=organization.current_organization_id() is not None,
    )
    return page, status


@bp.get("/batches")
def list_batches():
    return _page()


@bp.get("/batches/roster-template.xlsx")
def batch_roster_template():
    return send_file(BATCH_TEMPLATE, as_attachment=True, download_name="Danh sách kiểm điểm (mẫu).xlsx")


@bp.post("/batches")
# A whole đảng bộ's roster is larger than a document form: the upload has the batch's own limit.
@body_limit(lambda: _batches().settings.max_upload)
def start_batch():
    batches = _batches()
    typed = {key: value for key in TYPED if (value := request.form.get(f"/{key}", "").strip())}
    typed["source"] = request.form.get("source", FROM_FILE)
    if "true" in request.form.getlist("/no_guests"):
        typed["no_guests"] = "true"
    options, errors = parse(BatchOptions, _options(typed), text=True)
    if options is None:
        return _page(FormState(typed, errors), 422)
    try:
        source, rows = _rows(batches, typed["source"], options)
    except InputInvalid as invalid:
        return _page(FormState(typed, invalid.errors), 422)
    except RosterUnreadable as unreadable:
        return _page(FormState(typed, [Finding("/file", unreadable.code, unreadable.message)]), 422)
    job_id = batches.start(rows, options, source=source, organization_id=organization.current_organization_id())
    return redirect(url_for("web.show_batch", batch_id=job_id), 303)


# The batch's options as the form names them: what the roster cannot know about the meeting is optional.
TYPED = ("year", "regime", "date", "place", "start", "end", "location", "chair", "secretary", "guests", "summary_upper")


def _options(typed: dict[str, str]) -> dict:
    """Guests one a line; none typed is a blank to fill in by hand, unless "no guests" is ticked."""
    options = {key: value for key, value in typed.items() if key not in ("source", "guests", "no_guests")}
    guests = [line.strip() for line in typed.get("guests", "").splitlines() if line.strip()]
    if guests or typed.get("no_guests"):
        options["guests"] = guests
    return options


def _rows(batches: Batches, source: str, options: BatchOptions) -> tuple[str, Rows]:
    max_rows = batches.settings.max_rows
    if source == FROM_PROFILE:
        organization_id = organization.current_organization_id()
        if organization_id is None:
            raise InputInvalid([Finding("/source", "profile_missing", "Chưa có hồ sơ chi bộ: hãy chọn tệp danh sách.")])
        return "organizations", from_organizations(
            batches.database, [organization_id], options, max_rows, within=organization.reach()
        )
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        raise InputInvalid([Finding("/file", "file_missing", "Tệp danh sách: hãy chọn tệp Excel (.xlsx) hoặc CSV.")])
    return from_upload(upload, options, max_rows, max_errors=batches.settings.max_errors)


def _job_or_404(batch_id: int) -> dict[str, Any]:
    try:
        return jobs.describe(_batches().database, batch_id, within=organization.reach())
    except StoreError:
        abort(404)


@bp.get("/batches/<id:batch_id>")
def show_batch(batch_id: int):
    job = _job_or_404(batch_id)
    stopped = job["status"] in ("queued", "running", "packaging") and _batches().resumable(batch_id)
    return render_template("batch.html", job=job, status_words=STATUS_WORDS, stopped=stopped)


@bp.get("/batches/<id:batch_id>/status")
def batch_status(batch_id: int):
    """The job's row as JSON, for the progress bar."""
    job = _job_or_404(batch_id)
    return {
        **job,
        "status_words": STATUS_WORDS[job["status"]],
        "download": url_for("web.download_batch", batch_id=batch_id) if job["status"] == "done" else None,
    }


@bp.get("/batches/<id:batch_id>.zip")
def download_batch(batch_id: int):
    batches = _batches()
    try:
        job = jobs.output(batches.database, batch_id, within=organization.reach())
    except StoreError:
        abort(404)
    response = send_file(
        batches.settings.batch_dir / job.output, mimetype=ZIP_MEDIA_TYPE, conditional=True, etag=job.output_sha256
    )
    response.headers["Content-Disposition"] = content_disposition(f"Kiểm điểm năm {job.year} - đợt {job.id}.zip")
    return response


@bp.post("/batches/<id:batch_id>/resume")
def resume_batch(batch_id: int):
    """Hand a job whose runner stopped to this service: it makes what is missing, and keeps what was made."""
    try:
        _batches().resume(batch_id, within=organization.reach())
    except StoreError as refused:
        if refused.status == 404:
            abort(404)
        # Finished meanwhile, or someone works on it again: the page shows which.
    return redirect(url_for("web.show_batch", batch_id=batch_id), 303)


@bp.post("/batches/<id:batch_id>/cancel")
def cancel_batch(batch_id: int):
    try:
        jobs.cancel(_batches().database, batch_id, within=organization.reach())
    except StoreError as refused:
        if refused.status == 404:
            abort(404)
    return redirect(url_for("web.show_batch", batch_id=batch_id), 303)
