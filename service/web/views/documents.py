"""The document forms: show one, check it as it is typed, and produce its documents."""
from __future__ import annotations

import datetime as dt
import json
from typing import Any

from flask import abort, current_app, redirect, render_template, request, url_for

from service import pipeline
from service.api.views import SAMPLES
from service.findings import Finding, InputInvalid
from service.formats.profiles import all_profiles
from service.kinds.meeting_parts import FORMS, VOTE_METHODS
from service.web import csrf
from service.web.blueprint import bp, results_store
from service.web.formdata import FormTooDeep, parse_form
from service.web.forms import DocumentForm, FormState, get_form
from service.web.schema_form import options

CHOSEN = "_kinds"
ACTION = "_action"


def _form_or_404(form_id: str) -> DocumentForm:
    form = get_form(form_id)
    if form is None:
        abort(404)
    return form


def render_form(form: DocumentForm, state: FormState, *, status: int = 200, fresh: bool = False,
                notice: str | None = None, chosen: list[str] | None = None):
    page = render_template(form.template, form=form, state=state, fresh=fresh, notice=notice,
                           chosen=chosen if chosen is not None else [k.id for k in form.kinds],
                           profile_options=[(p.id, p.name) for p in all_profiles()],
                           meeting_forms=options(FORMS), vote_methods=options(VOTE_METHODS))
    return page, status


@bp.get("/forms/<form_id>")
def show_form(form_id: str):
    """A new form with today's date and the defaults; `?sample=1` shows it filled with the kind's example."""
    form = _form_or_404(form_id)
    if request.args.get("sample"):
        sample = json.loads((SAMPLES / form.kinds[0].sample).read_text(encoding="utf-8"))
        return render_form(form, FormState(sample), fresh=True)
    return render_form(form, FormState(form.starting_data(dt.date.today())), fresh=True)


def _submitted() -> dict[str, Any]:
    try:
        return parse_form(request.form, max_depth=current_app.config["MAX_JSON_DEPTH"])
    except (FormTooDeep, ValueError):
        abort(400)


def _chosen(form: DocumentForm) -> list[str]:
    """The kinds ticked on the form (all of them when the form offers no choice)."""
    if CHOSEN not in request.form:
        return [k.id for k in form.kinds]
    ticked = set(request.form.getlist(CHOSEN))
    return [k.id for k in form.kinds if k.id in ticked]


def check_all(kind_ids: list[str], data: dict) -> tuple[list[pipeline.Prepared], list[Finding], list[Finding]]:
    """Prepare every chosen kind; the findings of kinds that share checks are reported once."""
    prepared, errors, warnings = [], {}, {}
    for kind_id in kind_ids:
        try:
            ready = pipeline.prepare(kind_id, data)
            prepared.append(ready)
            found, warned = [], ready.warnings
        except InputInvalid as invalid:
            found, warned = invalid.errors, invalid.warnings
        for finding in found:
            errors.setdefault((finding.pointer, finding.code, finding.message), finding)
        for finding in warned:
            warnings.setdefault((finding.pointer, finding.code, finding.message), finding)
    return prepared, list(errors.values()), list(warnings.values())


_NOTHING_CHOSEN = Finding("", "no_document_chosen", "Văn bản cần soạn: hãy chọn ít nhất một văn bản.")
_EXPIRED = ("Phiên làm việc đã hết hạn nên văn bản chưa được tạo. Mọi nội dung đã nhập vẫn còn nguyên: "
            "hãy kiểm tra lại và bấm “Tạo văn bản” một lần nữa.")


@bp.post("/forms/<form_id>")
def submit_form(form_id: str):
    form = _form_or_404(form_id)
    data, chosen = _submitted(), _chosen(form)
    if not csrf.valid():
        # An expired session must not cost what was typed: show it all again with a fresh token.
        return render_form(form, FormState(data), status=400, notice=_EXPIRED, chosen=chosen)
    if request.form.get(ACTION) == "restore":
        return render_form(form, FormState(data), chosen=chosen,
                           notice="Đã khôi phục bản nháp lưu trên máy này.")
    if not chosen:
        return render_form(form, FormState(data, [_NOTHING_CHOSEN]), status=422, chosen=chosen)
    prepared, errors, warnings = check_all(chosen, data)
    if errors:
        return render_form(form, FormState(data, errors, warnings), status=422, chosen=chosen)
    documents = [(ready.kind.title, pipeline.render(ready)) for ready in prepared]
    token = results_store().save(form.id, data, documents, owner=None)
    return redirect(url_for("web.show_result", token=token), 303)


@bp.post("/forms/<form_id>/check")
def check_form(form_id: str):
    """The findings for the form as typed so far, for the live messages next to the fields."""
    form = _form_or_404(form_id)
    if not csrf.valid():
        return {"code": "csrf_failed", "errors": [], "warnings": []}, 400
    _, errors, warnings = check_all(_chosen(form), _submitted())
    return {"errors": [f.as_dict() for f in errors], "warnings": [f.as_dict() for f in warnings]}
