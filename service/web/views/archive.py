"""The archive of issued documents: find one, see its pages, download it, rebuild it, write the next from it."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from flask import Response, abort, current_app, redirect, render_template, request, url_for

from service import issuing, pipeline
from service.delivery import comparison_headers, content_disposition
from service.findings import InputInvalid
from service.formats.profiles import all_profiles
from service.kinds import all_kinds
from service.store import archive
from service.store.db import get_database
from service.store.errors import NotFound, StoreError
from service.store.models import ArchivedDocument
from service.store.storage import MissingFile, get_storage
from service.web import organization, preview
from service.web.blueprint import bp
from service.web.forms import FormState, get_form
from service.web.views.documents import form_or_404, render_form

PDF_MEDIA_TYPE = "application/pdf"
PAGE_SIZE = 50


def record_or_404(document_id: int) -> ArchivedDocument:
    try:
        record = archive.get_document(get_database(), document_id)
    except NotFound:
        abort(404)
    if not organization.visible(record.organization_id):
        abort(404)
    return record


def stored_docx(record: ArchivedDocument) -> bytes:
    try:
        return get_storage().get(record.output_sha256)
    except MissingFile:
        abort(404)


def download(content: bytes, media_type: str, filename: str) -> Response:
    response = Response(content, mimetype=media_type)
    response.headers["Content-Disposition"] = content_disposition(filename)
    response.headers["Cache-Control"] = "private, no-store"
    return response


def _day(name: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(request.args.get(name, ""))
    except ValueError:
        return None


@bp.get("/archive")
def list_archive():
    """Search by kind, dates or month, number, status and any text of the document; what cannot be read as a
    filter is said next to the form rather than ignored."""
    kinds = {kind.id: kind.title for kind in all_kinds()}
    kind = request.args.get("kind") if request.args.get("kind") in kinds else None
    start, end = _day("from"), _day("to")
    month, number = request.args.get("month", "").strip(), request.args.get("number", "").strip()
    status = request.args.get("status") if request.args.get("status") in STATUSES else None
    problems = []
    if month:
        period = _month(month)
        if period is None:
            problems.append(f"Tháng “{month}” không đọc được: hãy ghi tháng/năm, ví dụ 11/2026.")
        else:
            start, end = period
    if number and not (number.isdigit() and len(number) <= 9):
        problems.append(f"Số “{number}” không đọc được: hãy ghi số văn bản, ví dụ 5 hoặc 05.")
    records = (
        []
        if problems
        else archive.find_documents(
            get_database(),
            organization_id=organization.current_organization_id(),
            kind=kind,
            start=start,
            end=end,
            limit=PAGE_SIZE,
            text=request.args.get("q"),
            number=int(number) if number else None,
            status=status,
        )
    )
    return render_template(
        "archive.html",
        records=[r for r in records if organization.visible(r.organization_id)],
        kinds=kinds,
        kind=kind,
        start=start if not month else None,
        end=end if not month else None,
        month=month,
        number=number,
        status=status,
        q=request.args.get("q", ""),
        statuses=STATUSES,
        problems=problems,
    )


STATUSES = {"draft": "Dự thảo", "issued": "Đã ban hành", "sent": "Đã gửi"}
_MONTH = re.compile(r"(\d{1,2})\s*[/.-]\s*(\d{4})")


def _month(text: str) -> tuple[dt.date, dt.date] | None:
    """ "11/2026" (or 11-2026, 11.2026) as its first and last day."""
    match = _MONTH.fullmatch(text)
    if not match or not 1 <= int(match.group(1)) <= 12 or not dt.MINYEAR < int(match.group(2)) < dt.MAXYEAR:
        return None
    month, year = int(match.group(1)), int(match.group(2))
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return dt.date(year, month, 1), following - dt.timedelta(days=1)


@bp.get("/archive/<id:document_id>")
def show_archived(document_id: int):
    return _archived_page(record_or_404(document_id))


def _archived_page(record: ArchivedDocument, *, refusal: str | None = None, status: int = 200):
    database = get_database()
    chain = archive.revisions(database, record)
    replaced = record.replaces_id and archive.get_document(database, record.replaces_id)
    return render_template(
        "archived.html",
        record=record,
        title=_title(record.kind),
        form=get_form(record.kind),
        revisions=chain,
        latest=chain[-1].id == record.id,
        replaced=replaced,
        replacement=archive.replacement_of(database, record),
        refusal=refusal,
        pdf=preview.pdf_available(),
        profile_names={p.id: p.name for p in all_profiles()},
    ), status


def _title(kind_id: str) -> str:
    return next((k.title for k in all_kinds() if k.id == kind_id), kind_id)


@bp.get("/archive/<id:document_id>.docx")
def archived_docx(document_id: int):
    record = record_or_404(document_id)
    return download(stored_docx(record), pipeline.DOCX_MEDIA_TYPE, record.filename)


@bp.get("/archive/<id:document_id>.pdf")
def archived_pdf(document_id: int):
    record = record_or_404(document_id)
    try:
        content = previews().pdf(stored_docx(record))
    except preview.PreviewUnavailable as unavailable:
        return render_template("no_pdf.html", record=record, reason=str(unavailable)), 503
    return download(content, PDF_MEDIA_TYPE, Path(record.filename).with_suffix(".pdf").name)


@bp.get("/archive/<id:document_id>/preview")
def archived_preview(document_id: int):
    """The printed pages as images: the whole page, or (?fragment=1) just the images for the result page."""
    record = record_or_404(document_id)
    template = "preview_pages.html" if request.args.get("fragment") else "preview.html"
    docx = stored_docx(record)
    try:
        pages, reason = previews().pages(docx), None
        # Drawn before the list goes out: it is the image the browser asks for next, ahead of the others.
        previews().page(docx, 1)
    except preview.PreviewUnavailable as unavailable:
        pages, reason = [], str(unavailable)
    page = render_template(template, record=record, title=_title(record.kind), pages=pages, reason=reason)
    return page, 503 if reason else 200


@bp.get("/archive/<id:document_id>/page-<int:number>.png")
def archived_page(document_id: int, number: int):
    """One printed page, drawn when first asked for: the browser asks for page 1 first."""
    try:
        image = previews().page(stored_docx(record_or_404(document_id)), number)
    except preview.PreviewUnavailable:
        abort(503)
    if image is None:
        abort(404)
    return Response(image, mimetype="image/png", headers={"Cache-Control": "private, max-age=86400"})


@bp.get("/archive/<id:document_id>/regenerated.docx")
def regenerated_docx(document_id: int):
    """The document rebuilt from its archived input and template; the headers say if it is byte-identical, or
    the same once inflated."""
    record = record_or_404(document_id)
    try:
        rebuilt = issuing.regenerate(get_database(), get_storage(), record.id, record.organization_id)
    except (MissingFile, InputInvalid):
        return render_template(
            "error.html",
            title="Không tạo lại được văn bản",
            code=409,
            text="Mẫu văn bản đã lưu không còn, hoặc dữ liệu đã lưu không còn hợp lệ theo "
            "quy định hiện hành. Bản đã lưu vẫn tải về được.",
        ), 409
    return comparison_headers(download(rebuilt.document.content, pipeline.DOCX_MEDIA_TYPE, record.filename), rebuilt)


@bp.get("/archive/<id:document_id>/<any(correct, replace):how>")
def revise_archived(document_id: int, how: str):
    """The form filled with what was recorded, to correct the document under its number or, once sent, to
    replace it with a new one; a reason is asked for."""
    record = record_or_404(document_id)
    replace = how == "replace"
    latest = archive.revisions(get_database(), record)[-1].id == record.id
    if record.status != ("sent" if replace else "issued") or not latest:
        return redirect(url_for("web.show_archived", document_id=record.id), 303)
    return render_form(form_or_404(record.kind), FormState(record.input), chosen=[record.kind], revising=(record, replace))


@bp.post("/archive/<id:document_id>/sent")
def sent_archived(document_id: int):
    """ "Đã gửi": the document went out; from now on it is replaced, not corrected."""
    record = record_or_404(document_id)
    try:
        archive.mark_sent(get_database(), record.id)
    except StoreError as refused:
        return _archived_page(record, refusal=refused.message, status=refused.status)
    return redirect(url_for("web.show_archived", document_id=record.id), 303)


@bp.post("/archive/<id:document_id>/delete")
def delete_archived(document_id: int):
    """A draft removed from the archive; documents issued are kept."""
    record = record_or_404(document_id)
    try:
        archive.remove_draft(get_database(), record.id)
    except StoreError as refused:
        return _archived_page(record, refusal=refused.message, status=refused.status)
    return redirect(url_for("web.list_archive", removed=record.filename.removesuffix(".docx")), 303)


@bp.get("/archive/<id:document_id>/edit")
def edit_archived(document_id: int):
    """A new document written from this one: its form filled with what was recorded."""
    record = record_or_404(document_id)
    return render_form(form_or_404(record.kind), FormState(record.input), chosen=[record.kind])


def previews() -> preview.PreviewCache:
    return current_app.extensions["web.previews"]
