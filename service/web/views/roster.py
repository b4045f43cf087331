"""The roster: the chi bộ's members, added and changed one by one or imported from a spreadsheet."""

from __future__ import annotations

import csv
import datetime as dt
import tempfile
from pathlib import Path

from flask import abort, current_app, flash, redirect, render_template, request, send_file, url_for

from service.delivery import SAMPLES
from service.findings import Finding, InputInvalid
from service.safety.packages import DAMAGED, UnsafePackage
from service.store import organizations, roster
from service.store.db import get_database
from service.store.errors import NotFound
from service.store.schemas import MemberIn
from service.web import organization
from service.web.blueprint import bp
from service.web.forms import FormState
from service.web.schema_form import defaults
from service.web.views.records import record_form, submitted

TEMPLATE = SAMPLES / "roster-template.xlsx"
STATUS = {"official": "Chính thức", "probationary": "Dự bị"}


def _page(*, errors: list[Finding] = (), status: int = 200):
    organization_id = organization.current_organization_id()
    if organization_id is None:
        return redirect(url_for("web.show_organization"), 303)
    database = get_database()
    page = render_template(
        "members.html",
        org=organizations.get_organization(database, organization_id),
        members=organizations.list_members(database, organization_id),
        status_words=STATUS,
        errors=list(errors),
    )
    return page, status


@bp.get("/organization/members")
def list_members():
    return _page()


def _member_form(state: FormState, member_id: int | None = None, status: int = 200):
    new = member_id is None
    return record_form(
        MemberIn,
        state,
        title="Thêm đảng viên" if new else "Sửa thông tin đảng viên",
        action=url_for("web.create_member") if new else url_for("web.update_member", member_id=member_id),
        submit="Lưu",
        back=url_for("web.list_members"),
        status=status,
    )


@bp.get("/organization/members/new")
def new_member():
    organization.current_or_404()
    return _member_form(FormState(defaults(MemberIn, dt.date.today())))


@bp.post("/organization/members/new")
def create_member():
    organization_id = organization.current_or_404()
    data = submitted(MemberIn)
    try:
        created = organizations.create_member(get_database(), organization_id, data, text=True)
    except InputInvalid as invalid:
        return _member_form(FormState(data, invalid.errors), status=422)
    flash(f"Đã thêm đồng chí {created['full_name']} vào danh sách.")
    return redirect(url_for("web.list_members"), 303)


@bp.get("/organization/members/<id:member_id>")
def edit_member(member_id: int):
    try:
        member = organizations.get_member(get_database(), organization.current_or_404(), member_id)
    except NotFound:
        abort(404)
    return _member_form(FormState({k: v for k, v in member.items() if k in MemberIn.model_fields}), member_id)


@bp.post("/organization/members/<id:member_id>")
def update_member(member_id: int):
    organization_id = organization.current_or_404()
    data = submitted(MemberIn)
    try:
        updated = organizations.update_member(get_database(), organization_id, member_id, data, text=True)
    except NotFound:
        abort(404)
    except InputInvalid as invalid:
        return _member_form(FormState(data, invalid.errors), member_id, status=422)
    flash(f"Đã lưu thông tin của đồng chí {updated['full_name']}.")
    return redirect(url_for("web.list_members"), 303)


@bp.post("/organization/members/<id:member_id>/delete")
def delete_member(member_id: int):
    try:
        organizations.delete_member(get_database(), organization.current_or_404(), member_id)
    except NotFound:
        abort(404)
    flash("Đã xóa một đồng chí khỏi danh sách.")
    return redirect(url_for("web.list_members"), 303)


@bp.get("/organization/members/template.xlsx")
def roster_template():
    return send_file(TEMPLATE, as_attachment=True, download_name="Danh sách đảng viên (mẫu).xlsx")


_UNREADABLE = "Không đọc được tệp “{}”: hãy dùng tệp Excel (.xlsx) hoặc CSV theo mẫu danh sách đảng viên."


@bp.post("/organization/members/import")
def import_members():
    """Every row is checked first: one bad row imports nothing, and every problem is listed by row and column."""
    organization_id = organization.current_or_404()
    upload = request.files.get("roster")
    if upload is None or not upload.filename:
        return _page(errors=[Finding("", "roster_missing", "Hãy chọn tệp danh sách đảng viên để nhập.")], status=422)
    suffix = Path(upload.filename).suffix.lower()
    if suffix not in roster.SUFFIXES:
        return _page(errors=[Finding("", "roster_unreadable", _UNREADABLE.format(upload.filename))], status=422)
    with tempfile.TemporaryDirectory(prefix="roster-") as folder:
        path = Path(folder) / f"roster{suffix}"
        upload.save(path)
        try:
            # Checked while it is read: reading stops after ROSTER_MAX_ERRORS problems.
            members_in = roster.validate(roster.iter_table(path), max_errors=current_app.config["ROSTER_MAX_ERRORS"])
        except InputInvalid as invalid:
            return _page(errors=invalid.errors, status=422)
        except UnsafePackage as refused:
            if refused.code in DAMAGED:
                return _page(errors=[Finding("", "roster_unreadable", _UNREADABLE.format(upload.filename))], status=422)
            # Refused for what it holds: its message names the part or the limit.
            return _page(errors=[Finding("", refused.code, refused.message)], status=413 if refused.too_large else 422)
        except (OSError, ValueError, csv.Error):
            return _page(errors=[Finding("", "roster_unreadable", _UNREADABLE.format(upload.filename))], status=422)
    try:
        counts = roster.import_roster(get_database(), organization_id, members_in)
    except InputInvalid as invalid:
        return _page(errors=invalid.errors, status=422)
    flash(f"Đã nhập danh sách: thêm {counts['created']} đảng viên, cập nhật {counts['updated']} đảng viên đã có.")
    return redirect(url_for("web.list_members"), 303)
