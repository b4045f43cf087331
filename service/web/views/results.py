"""The page after "Tạo văn bản": the warnings, the pages as images, and the downloads of what was issued."""

from __future__ import annotations

from flask import abort, redirect, render_template, url_for

from service.formats.profiles import all_profiles
from service import issuing
from service.findings import InputInvalid
from service.store import archive
from service.store.db import get_database
from service.store.errors import NotFound, StoreError
from service.store.storage import MissingFile, get_storage
from service.web import organization, preview
from service.web.blueprint import bp, results_store
from service.web.forms import FormState, get_form
from service.web.auth import creator
from service.web.results import Result
from service.web.views.archive import previews
from service.web.views.documents import form_or_404, produced, render_form


def _result_or_404(token: str) -> Result:
    result = results_store().load(token)
    if result is None or not organization.visible(result.organization_id):
        abort(404)
    return result


@bp.get("/results/<token>")
def show_result(token: str):
    return _page(_result_or_404(token))


def _page(result: Result, refusal: list[str] | None = None, status: int = 200):
    if preview.pdf_available():
        _start_previews(result)
    return render_template(
        "result.html",
        result=result,
        form=get_form(result.form_id),
        refusal=refusal or [],
        pdf=preview.pdf_available(),
        profile_names={p.id: p.name for p in all_profiles()},
    ), status


@bp.post("/results/<token>/issue")
def issue_result(token: str):
    """ "Ban hành": the drafts of this result become final documents with the register's numbers; the page
    of the final documents follows. A refusal (a number typed in that is taken meanwhile, a date outside the
    recorded terms) is shown on the drafts' page, and nothing is issued."""
    result = _result_or_404(token)
    if not result.draft:
        return redirect(url_for("web.show_result", token=token), 303)
    try:
        issued = issuing.issue_drafts(
            get_database(),
            get_storage(),
            [d.document_id for d in result.documents],
            creator=creator(),
            organization_id=result.organization_id,
        )
    except InputInvalid as invalid:
        return _page(result, [finding.message for finding in invalid.errors], 422)
    except StoreError as refused:
        return _page(result, [refused.message], refused.status)
    final = [produced(one.record, one.document) for one in issued]
    order = [d.kind for d in result.documents]
    final.sort(key=lambda document: order.index(document.kind))
    token = results_store().save(result.form_id, result.input, final, result.organization_id)
    return redirect(url_for("web.show_result", token=token), 303)


def _start_previews(result: Result) -> None:
    """Convert while the page and its script travel: the previews the page then asks for are under way."""
    for document in result.documents:
        try:
            record = archive.get_document(get_database(), document.document_id)
            previews().start(get_storage().get(record.output_sha256))
        except (NotFound, MissingFile):
            pass  # nothing left to preview: its own request answers 404


@bp.get("/results/<token>/edit")
def edit_result(token: str):
    """The form again, exactly as it was typed, to correct it and produce the documents anew."""
    result = _result_or_404(token)
    return render_form(
        form_or_404(result.form_id),
        FormState(result.input),
        chosen=[d.kind for d in result.documents],
        example=result.example,
    )
