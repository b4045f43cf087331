"""The document forms: show one, check it as it is typed, and produce its documents."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import abort, current_app, redirect, render_template, request, url_for

from service import delivery, issuing, pipeline
from service.findings import Finding, InputInvalid
from service.formats.profiles import all_profiles
from service.kinds import get_kind
from service.kinds.meeting_parts import FORMS, VOTE_METHODS
from service.store import archive, organizations
from service.store.db import get_database
from service.store.errors import NotFound, StoreError
from service.store.models import MAX_ID, ArchivedDocument
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
REVISES = "_revises"
EXAMPLE = "_example"
EXAMPLE_NOTICE = (
    "Đây là ví dụ điền sẵn để xem thử: văn bản tạo từ ví dụ là bản dự thảo không lấy số, không lưu "
    "vào kho của chi bộ và không ban hành được. Để soạn văn bản thật, hãy mở biểu mẫu trống."
)


def form_or_404(form_id: str) -> DocumentForm:
    form = get_form(form_id)
    if form is None:
        abort(404)
    return form


def render_form(
    form: DocumentForm,
    state: FormState,
    *,
    status: int = 200,
    fresh: bool = False,
    notice: str | None = None,
    chosen: list[str] | None = None,
    revising: tuple[ArchivedDocument, bool] | None = None,
    reason: str | None = None,
    example: bool = False,
):
    """`revising`: the record this form corrects (False) or replaces (True), with the `reason` typed.
    `example`: the form holds the kind's sample, a sandbox (EXAMPLE_NOTICE)."""
    page = render_template(
        form.template,
        form=form,
        state=state,
        fresh=fresh,
        notice=EXAMPLE_NOTICE if example and notice is None else notice,
        revising=revising,
        reason=reason,
        example=example,
        chosen=chosen if chosen is not None else [k.id for k in form.kinds],
        profile_options=[(p.id, p.name) for p in all_profiles()],
        meeting_forms=options(FORMS),
        vote_methods=options(VOTE_METHODS),
        roster=_roster(),
        has_profile=organization.current_organization_id() is not None,
    )
    return page, status


def starting_data(form: DocumentForm, today: dt.date) -> dict[str, Any]:
    """Today's date and the model's defaults and the chi bộ's profile. No number: a draft has none, and
    "Ban hành" takes the register's next one (a number typed in is claimed then)."""
    data = form.starting_data(today)
    organization_id = organization.current_organization_id()
    if organization_id is None:
        return data
    if "organization" in form.model.model_fields:
        data["organization"] = organization.organization_input(organization_id)
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
        return render_form(form, FormState(delivery.sample(form.kinds[0])), fresh=True, example=True)
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


def check_all(
    kind_ids: list[str],
    data: dict,
    resolve: pipeline.Resolver | None = None,
) -> tuple[list[pipeline.Prepared], list[Finding], list[Finding]]:
    """Every chosen kind checked once as the draft a submission makes: the prepared documents, and the errors
    and warnings, each reported once (kinds that share checks find the same things)."""
    prepared, errors, warnings = [], {}, {}
    for kind_id in kind_ids:
        found, warned = [], []
        try:
            prepared.append(pipeline.check(kind_id, data, resolve=resolve, text=True, draft=True))
            warned = prepared[-1].warnings
        except InputInvalid as invalid:
            found, warned = invalid.errors, invalid.warnings
        for finding in found:
            errors.setdefault((finding.pointer, finding.code, finding.message), finding)
        for finding in warned:
            warnings.setdefault((finding.pointer, finding.code, finding.message), finding)
    return prepared, list(errors.values()), list(warnings.values())


_NOTHING_CHOSEN = Finding("", "no_document_chosen", "Văn bản cần soạn: hãy chọn ít nhất một văn bản.")
_EXPIRED = (
    "Phiên làm việc đã hết hạn nên văn bản chưa được tạo. Mọi nội dung đã nhập vẫn còn nguyên: "
    "hãy kiểm tra lại và bấm “Tạo văn bản” một lần nữa."
)


def _session_expired(form_id: str):
    """An expired session must not cost what was typed: show it all again with a fresh token."""
    form = form_or_404(form_id)
    return render_form(
        form, FormState(_submitted()), status=400, notice=_EXPIRED, chosen=_chosen(form), example=EXAMPLE in request.form
    )


@bp.post("/forms/<form_id>")
@csrf.refused_with(_session_expired)
def submit_form(form_id: str):
    form = form_or_404(form_id)
    data, chosen, example = _submitted(), _chosen(form), EXAMPLE in request.form
    if request.form.get(ACTION) == "restore":
        return render_form(
            form, FormState(data), chosen=chosen, example=example, notice="Đã khôi phục bản nháp lưu trên máy này."
        )
    if REVISES in request.form:
        return _revise(form, data)
    if not chosen:
        return render_form(form, FormState(data, [_NOTHING_CHOSEN]), status=422, chosen=chosen, example=example)
    try:
        produced = draft_all(form, chosen, data, example=example)
    except InputInvalid as invalid:
        return render_form(
            form, FormState(data, invalid.errors, invalid.warnings), status=422, chosen=chosen, example=example
        )
    token = results_store().save(form.id, data, produced, organization.current_organization_id())
    return redirect(url_for("web.show_result", token=token), 303)


def _revise(form: DocumentForm, data: dict):
    """The correction (same number) or the replacement (new number) of an archived document: issued at once,
    with the reason typed; the earlier document stays in the archive."""
    record = _revised_record()
    replace, reason = request.form.get("_replace") == "true", request.form.get("_reason", "")
    try:
        issued = issuing.correct(
            get_database(), get_storage(), record.id, data, reason=reason, creator=creator(), text=True, replace=replace
        )
    except (InputInvalid, StoreError) as refused:
        errors, warnings = (
            (refused.errors, refused.warnings)
            if isinstance(refused, InputInvalid)
            else ([Finding("", refused.code, refused.message)], [])
        )
        errors = [Finding("/_reason", e.code, e.message) if e.pointer == "/reason" else e for e in errors]
        return render_form(
            form,
            FormState(data, errors, warnings),
            status=422,
            chosen=[record.kind],
            revising=(record, replace),
            reason=reason,
        )
    token = results_store().save(form.id, data, [produced(issued.record, issued.document)], record.organization_id)
    return redirect(url_for("web.show_result", token=token), 303)


def _revised_record() -> ArchivedDocument:
    value = request.form[REVISES]
    # A number the id column cannot hold is not found either (PostgreSQL would refuse the query).
    if not (value.isdigit() and 1 <= int(value) <= MAX_ID):
        abort(404)
    try:
        record = archive.get_document(get_database(), int(value))
    except NotFound:
        abort(404)
    if not organization.visible(record.organization_id):
        abort(404)
    return record


def draft_all(form: DocumentForm, chosen: list[str], data: dict, *, example: bool = False) -> list[Produced]:
    """Check every chosen document once, then archive them all as drafts in one transaction, or none. A draft
    takes no number: "Ban hành" on the result page does (service.issuing.issue_drafts). An `example` belongs
    to no organization: nothing of the chi bộ's is taken or filled in."""
    kinds = [k for k in form.kinds if k.id in chosen]
    with archive.filing(
        get_database(),
        get_storage(),
        creator(),
        text=True,
        draft=True,
        example=example,
        organization_id=None if example else organization.current_organization_id(),
    ) as filing:
        prepared, errors, warnings = check_all([k.id for k in kinds], data, resolve=filing.resolve)
        if errors:
            raise InputInvalid(errors, warnings)
        issued = [pipeline.finish(one, choose=issuing.chooser(filing), record=filing.record) for one in prepared]
    return [produced(one.record, one.document) for one in issued]


def produced(record: ArchivedDocument, document: pipeline.Document) -> Produced:
    return Produced(
        record.id,
        document.kind,
        get_kind(document.kind).title,
        document.filename,
        document.profile,
        document.number,
        document.warnings,
        draft=record.status in ("draft", "example"),
        example=record.status == "example",
    )


def _check_refused(form_id: str):
    form_or_404(form_id)
    return {"code": "csrf_failed", "errors": [], "warnings": []}, 400


@bp.post("/forms/<form_id>/check")
@csrf.refused_with(_check_refused)
def check_form(form_id: str):
    """The findings for the form as typed so far, for the live messages next to the fields."""
    form = form_or_404(form_id)
    chosen, data = _chosen(form), _submitted()
    prepared, errors, warnings = check_all(chosen, data)
    return {
        "errors": form.findings_json(errors),
        "warnings": form.findings_json(warnings),
        "titles": titles_of(prepared),
        "figures": live_figures(prepared, chosen, data),
        "months": form.months(data),
    }


def titles_of(prepared: list[pipeline.Prepared]) -> list[str]:
    """What the documents will be called, for those valid enough to say: each document's titles, and a
    monthly sitting's months, shown next to the form before anything is issued."""
    shown: list[str] = []
    for one in prepared:
        try:
            titles = pipeline.titles(one)
        except InputInvalid:
            continue
        printed = " ".join(titles[key] for key in ("summary", "subtitle") if key in titles)
        evaluation = titles.get("titles", {}).get("evaluation")
        for line in (f"{titles['document']} — {printed}", *([evaluation] if evaluation else [])):
            if line not in shown:
                shown.append(line)
    return shown
