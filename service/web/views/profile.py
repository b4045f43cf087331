"""The chi bộ's profile: names printed in every header, its cấp ủy terms (for numbering), which one is in use."""

from __future__ import annotations

import datetime as dt

from flask import abort, current_app, flash, redirect, render_template, request, url_for

from service.findings import Finding, InputInvalid
from service.store import organizations
from service.store.db import get_database
from service.store.errors import NotFound, StoreError
from service.store.schemas import OrganizationIn, TermIn
from service.web import accounts, auth, organization
from service.web.blueprint import bp
from service.web.forms import FormState
from service.web.schema_form import defaults
from service.web.views.records import record_form, submitted

# Chosen by other means than typing: the level above as a record, and the level of this one.
NOT_TYPED = ("parent_id", "level")


def _local_only() -> None:
    """Other organizations and accounts are managed at the machine itself (the embedded default)."""
    if auth.login_required(current_app):
        abort(404)


def _page(term: FormState | None = None, account: FormState | None = None, status: int = 200):
    organization_id = organization.current_organization_id()
    database = get_database()
    current = organizations.get_organization(database, organization_id) if organization_id else None
    local = not auth.login_required(current_app)
    choosable = organizations.list_organizations(database) if local else []
    members = len(organizations.list_members(database, organization_id)) if organization_id else 0
    year = dt.date.today().year
    page = render_template(
        "organization.html",
        current=current,
        choosable=choosable,
        members=members,
        term=term or FormState({"name": f"Nhiệm kỳ {year} - {year + 5}"}),
        accounts=accounts.list_accounts(database, organization_id) if local and current else None,
        account=account or FormState({}),
    )
    return page, status


@bp.get("/organization")
def show_organization():
    return _page()


@bp.get("/organization/new")
def new_organization():
    _local_only()
    start = defaults(OrganizationIn, dt.date.today())
    # Numbering runs from this day until terms are recorded; the start of the year lets the meetings held
    # before the profile was made be numbered too.
    start["created_on"] = dt.date(dt.date.today().year, 1, 1).isoformat()
    return _organization_form(FormState(start), new=True)


def _organization_form(state: FormState, *, new: bool, status: int = 200):
    return record_form(
        OrganizationIn,
        state,
        title="Thêm chi bộ" if new else "Sửa hồ sơ chi bộ",
        action=url_for("web.create_organization" if new else "web.update_organization"),
        submit="Lưu hồ sơ chi bộ",
        back=url_for("web.show_organization"),
        status=status,
        hidden=NOT_TYPED,
    )


@bp.post("/organization/new")
def create_organization():
    _local_only()
    data = submitted(OrganizationIn, keep=NOT_TYPED)
    try:
        created = organizations.create_organization(get_database(), data, text=True)
    except InputInvalid as invalid:
        return _organization_form(FormState(data, invalid.errors), new=True, status=422)
    organization.choose(created["id"])
    flash(f"Đã lưu hồ sơ {created['name']}.")
    return redirect(url_for("web.show_organization"), 303)


@bp.get("/organization/edit")
def edit_organization():
    current = organizations.get_organization(get_database(), organization.current_or_404())
    return _organization_form(FormState({k: v for k, v in current.items() if k in OrganizationIn.model_fields}), new=False)


@bp.post("/organization/edit")
def update_organization():
    organization_id = organization.current_or_404()
    data = submitted(OrganizationIn, keep=NOT_TYPED)
    try:
        organizations.update_organization(get_database(), organization_id, data, actor=organization.actor(), text=True)
    except InputInvalid as invalid:
        return _organization_form(FormState(data, invalid.errors), new=False, status=422)
    except StoreError as refused:
        return _organization_form(
            FormState(data, [Finding("", refused.code, refused.message)]), new=False, status=refused.status
        )
    flash("Đã lưu các thay đổi của hồ sơ chi bộ.")
    return redirect(url_for("web.show_organization"), 303)


@bp.post("/organization/<id:organization_id>/choose")
def choose_organization(organization_id: int):
    _local_only()
    try:
        organizations.get_organization(get_database(), organization_id)
    except NotFound:
        abort(404)
    organization.choose(organization_id)
    return redirect(url_for("web.show_organization"), 303)


@bp.post("/organization/terms")
def add_term():
    organization_id = organization.current_or_404()
    data = submitted(TermIn)
    try:
        organizations.add_term(get_database(), organization_id, data, text=True)
    except InputInvalid as invalid:
        return _page(term=FormState(data, invalid.errors), status=422)
    except StoreError as refused:
        return _page(term=FormState(data, [Finding("", refused.code, refused.message)]), status=409)
    flash("Đã thêm nhiệm kỳ cấp ủy.")
    return redirect(url_for("web.show_organization"), 303)


@bp.post("/organization/accounts")
def add_account():
    _local_only()
    organization_id = organization.current_or_404()
    username, password = request.form.get("/username", ""), request.form.get("password", "")
    try:
        accounts.create_account(get_database(), organization_id, username, password)
    except InputInvalid as invalid:
        return _page(account=FormState({"username": username}, invalid.errors), status=422)
    flash(f"Đã tạo tài khoản {username}.")
    return redirect(url_for("web.show_organization"), 303)


@bp.post("/organization/accounts/<id:account_id>/delete")
def delete_account(account_id: int):
    _local_only()
    accounts.delete_account(get_database(), organization.current_or_404(), account_id)
    flash("Đã xóa tài khoản.")
    return redirect(url_for("web.show_organization"), 303)
