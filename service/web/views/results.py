"""The page after "Tạo văn bản": the warnings, the pages as images, and the downloads of what was issued."""
from __future__ import annotations

from flask import abort, render_template

from service.formats.profiles import all_profiles
from service.store import archive
from service.store.db import get_database
from service.store.errors import NotFound
from service.store.storage import MissingFile, get_storage
from service.web import organization, preview
from service.web.blueprint import bp, results_store
from service.web.forms import FormState, get_form
from service.web.results import Result
from service.web.views.archive import previews
from service.web.views.documents import form_or_404, render_form


def _result_or_404(token: str) -> Result:
    result = results_store().load(token)
    if result is None or not organization.visible(result.organization_id):
        abort(404)
    return result


@bp.get("/results/<token>")
def show_result(token: str):
    result = _result_or_404(token)
    if preview.pdf_available():
        _start_previews(result)
    return render_template("result.html", result=result, form=get_form(result.form_id),
                           pdf=preview.pdf_available(), profile_names={p.id: p.name for p in all_profiles()})


def _start_previews(result: Result) -> None:
    """Convert while the page and its script travel: the previews the page then asks for are under way."""
    for document in result.documents:
        try:
            record = archive.get_document(get_database(), document.document_id)
            previews().start(get_storage().get(record.output_sha256))
        except (NotFound, MissingFile):
            pass    # nothing left to preview: its own request answers 404


@bp.get("/results/<token>/edit")
def edit_result(token: str):
    """The form again, exactly as it was typed, to correct it and produce the documents anew."""
    result = _result_or_404(token)
    return render_form(form_or_404(result.form_id), FormState(result.input), chosen=[d.kind for d in result.documents])
