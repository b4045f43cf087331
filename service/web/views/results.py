"""A produced result: its warnings, its pages as images, and its DOCX and PDF downloads."""
from __future__ import annotations

from pathlib import Path

from flask import Response, abort, render_template, request

from service import pipeline
from service.formats.profiles import all_profiles
from service.api.views import content_disposition
from service.web import preview
from service.web.blueprint import bp, results_store
from service.web.forms import FormState, get_form
from service.web.results import Produced, Result, write_atomically
from service.web.views.documents import render_form

PDF_MEDIA_TYPE = "application/pdf"


def _result_or_404(token: str) -> Result:
    result = results_store().load(token)
    if result is None:
        abort(404)
    return result


def _document_or_404(result: Result, kind_id: str) -> Produced:
    document = result.document(kind_id)
    if document is None:
        abort(404)
    return document


@bp.get("/results/<token>")
def show_result(token: str):
    result = _result_or_404(token)
    form = get_form(result.form_id)
    return render_template("result.html", result=result, form=form, pdf=preview.pdf_available(),
                           profile_names={p.id: p.name for p in all_profiles()})


@bp.get("/results/<token>/edit")
def edit_result(token: str):
    """The form again, filled with what produced this result, to correct and produce anew."""
    result = _result_or_404(token)
    form = get_form(result.form_id)
    if form is None:
        abort(404)
    return render_form(form, FormState(result.input), chosen=[d.kind for d in result.documents])


def _download(content: bytes, media_type: str, filename: str) -> Response:
    response = Response(content, mimetype=media_type)
    response.headers["Content-Disposition"] = content_disposition(filename)
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.get("/results/<token>/<kind_id>.docx")
def download_docx(token: str, kind_id: str):
    result = _result_or_404(token)
    document = _document_or_404(result, kind_id)
    return _download(result.path(f"{kind_id}.docx").read_bytes(), pipeline.DOCX_MEDIA_TYPE, document.filename)


def _pdf(result: Result, kind_id: str) -> bytes:
    """The document's PDF, converted on first request and kept with the result."""
    path = result.path(f"{kind_id}.pdf")
    if not path.exists():
        write_atomically(path, preview.docx_to_pdf(result.path(f"{kind_id}.docx").read_bytes()))
    return path.read_bytes()


@bp.get("/results/<token>/<kind_id>.pdf")
def download_pdf(token: str, kind_id: str):
    result = _result_or_404(token)
    document = _document_or_404(result, kind_id)
    try:
        content = _pdf(result, kind_id)
    except preview.PreviewUnavailable as unavailable:
        return render_template("no_pdf.html", result=result, reason=str(unavailable)), 503
    return _download(content, PDF_MEDIA_TYPE, Path(document.filename).with_suffix(".pdf").name)


def _pages(result: Result, kind_id: str) -> int:
    """How many pages the document prints on; their images are made on first request."""
    marker = result.path(f"{kind_id}.pages")
    if not marker.exists():
        images = preview.page_images(_pdf(result, kind_id))
        for number, image in enumerate(images, start=1):
            write_atomically(result.path(f"{kind_id}-{number}.png"), image)
        write_atomically(marker, str(len(images)).encode())
    return int(marker.read_text())


@bp.get("/results/<token>/<kind_id>/preview")
def show_preview(token: str, kind_id: str):
    result = _result_or_404(token)
    document = _document_or_404(result, kind_id)
    template = "preview_pages.html" if request.args.get("fragment") else "preview.html"
    try:
        pages = _pages(result, kind_id)
    except preview.PreviewUnavailable as unavailable:
        return render_template(template, result=result, document=document, pages=0, reason=str(unavailable)), 503
    return render_template(template, result=result, document=document, pages=pages, reason=None)


@bp.get("/results/<token>/<kind_id>/page-<int:number>.png")
def page_image(token: str, kind_id: str, number: int):
    result = _result_or_404(token)
    _document_or_404(result, kind_id)
    path = result.path(f"{kind_id}-{number}.png")
    if not path.is_file():
        abort(404)
    return Response(path.read_bytes(), mimetype="image/png", headers={"Cache-Control": "private, max-age=86400"})
