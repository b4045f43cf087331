"""The document forms: show one, check it as it is typed, and produce its documents."""
from __future__ import annotations

import datetime as dt
import json
from typing import Any

from flask import abort, current_app, redirect, render_template, request, url_for

from service import pipeline
from service.api.views import SAMPLES
from service.findings import Finding, InputInvalid, pointer
from service.formats.profiles import all_profiles
from service.kinds import Kind
from service.kinds.meeting_parts import FORMS, VOTE_METHODS
from service.store import archive, organizations
from service.store.db import get_database
from service.store.errors import StoreError
from service.store.storage import get_storage
from service.web import csrf, organization
from service.web.auth import creator
from service.web.blueprint import bp, results_store
from service.web.formdata import FormTooDeep, parse_form
from service.web.forms import DocumentForm, FormState, get_form, live_figures
from service.web.results import Produced
from service.web.schema_form import options

CHOSEN = "_kinds"
ACTION = "_action"


def form_or_404(form_id: str) -> DocumentForm:
    form = get_form(form_id)
    if form is None:
        abort(404)
    return form


def render_form(form: DocumentForm, state: FormState, *, status: int = 200, fresh: bool = False,
                notice: str | None = None, chosen: list[str] | None = None):
    page = render_template(form.template, form=form, state=state, fresh=fresh, notice=notice,
                           chosen=chosen if chosen is not None else [k.id for k in form.kinds],
                           profile_options=[(p.id, p.name) for p in all_profiles()],
                           meeting_forms=options(FORMS), vote_methods=options(VOTE_METHODS), roster=_roster(),
                           has_profile=organization.current_organization_id() is not None)
    return page, status


def starting_data(form: DocumentForm, today: dt.date) -> dict[str, Any]:
    """Today's date and the model's defaults, the chi bộ's profile, and the register's next numbers."""
    data = form.starting_data(today)
    organization_id = organization.current_organization_id()
    if organization_id is None:
        return data
    if "organization" in form.model.model_fields:
        data["organization"] = organization.organization_input(organization_id)
    for kind in form.kinds:
        if kind.number_field:
            number = organization.suggested_number(organization_id, kind, today)
            if number is not None:
                data[kind.number_field] = number
    return data


def _roster() -> list[dict]:
    """The active members of the chi bộ, to pick attendees and names from."""
    organization_id = organization.current_organization_id()
    if organization_id is None:
        return []
    return organizations.list_members(get_database(), organization_id, active=True)


@bp.get("/forms/<form_id>")
def show_form(form_id: str):
    """A new form with its starting values; `?sample=1` shows it filled with the kind's example."""
    form = form_or_404(form_id)
    if request.args.get("sample"):
        sample = json.loads((SAMPLES / form.kinds[0].sample).read_text(encoding="utf-8"))
        return render_form(form, FormState(sample), fresh=True)
    return render_form(form, FormState(starting_data(form, dt.date.today())), fresh=True)


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


def check_all(kind_ids: list[str], data: dict) -> tuple[list[Finding], list[Finding]]:
    """Errors and warnings of every chosen kind; the findings of kinds that share checks are reported once."""
    errors, warnings = {}, {}
    for kind_id in kind_ids:
        try:
            found, warned = [], pipeline.prepare(kind_id, data, text=True).warnings
        except InputInvalid as invalid:
            found, warned = invalid.errors, invalid.warnings
        for finding in found:
            errors.setdefault((finding.pointer, finding.code, finding.message), finding)
        for finding in warned:
            warnings.setdefault((finding.pointer, finding.code, finding.message), finding)
    return list(errors.values()), list(warnings.values())


_NOTHING_CHOSEN = Finding("", "no_document_chosen", "Văn bản cần soạn: hãy chọn ít nhất một văn bản.")
_EXPIRED = ("Phiên làm việc đã hết hạn nên văn bản chưa được tạo. Mọi nội dung đã nhập vẫn còn nguyên: "
            "hãy kiểm tra lại và bấm “Tạo văn bản” một lần nữa.")


def _session_expired(form_id: str):
    """An expired session must not cost what was typed: show it all again with a fresh token."""
    form = form_or_404(form_id)
    return render_form(form, FormState(_submitted()), status=400, notice=_EXPIRED, chosen=_chosen(form))


@bp.post("/forms/<form_id>")
@csrf.refused_with(_session_expired)
def submit_form(form_id: str):
    form = form_or_404(form_id)
    data, chosen = _submitted(), _chosen(form)
    if request.form.get(ACTION) == "restore":
        return render_form(form, FormState(data), chosen=chosen,
                           notice="Đã khôi phục bản nháp lưu trên máy này.")
    if not chosen:
        return render_form(form, FormState(data, [_NOTHING_CHOSEN]), status=422, chosen=chosen)
    errors, warnings = check_all(chosen, data)
    if errors:
        return render_form(form, FormState(data, errors, warnings), status=422, chosen=chosen)
    try:
        produced = issue_all(form, chosen, data)
    except InputInvalid as invalid:
        return render_form(form, FormState(data, invalid.errors, invalid.warnings), status=422, chosen=chosen)
    token = results_store().save(form.id, data, produced, organization.current_organization_id())
    return redirect(url_for("web.show_result", token=token), 303)


def issue_all(form: DocumentForm, chosen: list[str], data: dict) -> list[Produced]:
    """Issue every chosen document into the archive, numbered ones first so that a number the register
    refuses stops the submission before anything else is issued."""
    organization_id = organization.current_organization_id()
    kinds = sorted((k for k in form.kinds if k.id in chosen), key=lambda k: k.number_field is None)
    produced = []
    for kind in kinds:
        try:
            issued = archive.issue(get_database(), get_storage(), kind.id, data, creator=creator(),
                                   organization_id=organization_id, text=True)
        except StoreError as refused:
            raise InputInvalid([_refusal(refused, kind, data, organization_id)]) from None
        document = issued.document
        produced.append(Produced(issued.record.id, kind.id, kind.title, document.filename, document.profile,
                                 document.number, document.warnings))
    order = [k.id for k in form.kinds]
    return sorted(produced, key=lambda p: order.index(p.kind))


def _refusal(refused: StoreError, kind: Kind, data: dict, organization_id: int | None) -> Finding:
    """The register's refusal as a finding; a number already issued is shown at its field with a free one."""
    if refused.code != "number_taken" or not kind.number_field or organization_id is None:
        return Finding("", refused.code, refused.message)
    day = pipeline.prepare(kind.id, data, text=True).document_date
    free = organization.suggested_number(organization_id, kind, day)
    hint = f" Số tiếp theo còn trống: {free}." if free else ""
    return Finding(pointer(kind.number_field), refused.code, refused.message + hint)


def _check_refused(form_id: str):
    form_or_404(form_id)
    return {"code": "csrf_failed", "errors": [], "warnings": []}, 400


@bp.post("/forms/<form_id>/check")
@csrf.refused_with(_check_refused)
def check_form(form_id: str):
    """The findings for the form as typed so far, for the live messages next to the fields."""
    form = form_or_404(form_id)
    chosen, data = _chosen(form), _submitted()
    errors, warnings = check_all(chosen, data)
    return {"errors": form.findings_json(errors), "warnings": form.findings_json(warnings),
            "titles": titles_of(chosen, data), "figures": live_figures(chosen, data), "months": form.months(data)}


def titles_of(kind_ids: list[str], data: dict) -> list[str]:
    """What the documents will be called, once the input is valid enough to say: each document's titles, and a
    monthly sitting's months, shown next to the form before anything is issued."""
    shown: list[str] = []
    for kind_id in kind_ids:
        try:
            titles = pipeline.titles(pipeline.prepare(kind_id, data, text=True))
        except InputInvalid:
            continue
        printed = " ".join(titles[key] for key in ("summary", "subtitle") if key in titles)
        evaluation = titles.get("titles", {}).get("evaluation")
        for line in (f"{titles['document']} — {printed}", *([evaluation] if evaluation else [])):
            if line not in shown:
                shown.append(line)
    return shown
