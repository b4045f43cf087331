"""The chi bộ's own templates: start from the built one, upload a changed copy, read its check, see the
preview, choose which version documents use, go back to an earlier one or to the built one."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from flask import abort, redirect, render_template, request, url_for

from service import pipeline
from service.findings import Finding, InputInvalid, UnknownKind
from service.formats.profiles import all_profiles, profile_for
from service.kinds import all_kinds, get_kind
from service.safety.packages import UnsafePackage
from service.store.db import get_database
from service.store.errors import NotFound
from service.store.storage import MissingFile, get_storage
from service.custom_templates import intake, versions
from service.custom_templates.errors import TemplateFailed
from service.custom_templates.pool import current_pool
from service.web import auth, organization, preview
from service.web.blueprint import bp
from service.web.views.archive import PDF_MEDIA_TYPE, download, previews


def _kind_or_404(kind_id: str):
    try:
        return get_kind(kind_id)
    except UnknownKind:
        abort(404)


@bp.get("/templates")
def list_templates():
    organization_id = organization.current_organization_id()
    if organization_id is None:  # the templates belong to a chi bộ: its profile comes first
        return render_template("custom_templates.html", kinds=[], active={})
    with get_database().read() as session:
        active = {kind.id: versions.active(session, organization_id, kind.id) for kind in all_kinds()}
    return render_template("custom_templates.html", kinds=all_kinds(), active=active)


@bp.get("/templates/<kind_id>")
def show_kind_templates(kind_id: str):
    """The kind's versions; ?added=<id> opens the report of the one just uploaded."""
    return _page(_kind_or_404(kind_id), added=request.args.get("added", type=int))


def _page(kind, errors: list[Finding] = (), status: int = 200, added: int | None = None):
    organization_id = organization.current_or_404()
    with get_database().read() as session:
        active = versions.active(session, organization_id, kind.id)
        kept = versions.versions(session, organization_id, kind.id)
    page = render_template(
        "custom_template.html",
        kind=kind,
        versions=kept,
        active_id=active.id if active else None,
        profiles=all_profiles(),
        profile_names={p.id: p.name for p in all_profiles()},
        errors=errors,
        added=added,
        pdf=preview.pdf_available(),
    )
    return page, status


@bp.post("/templates/<kind_id>")
def upload_template(kind_id: str):
    kind = _kind_or_404(kind_id)
    organization_id = organization.current_or_404()
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        return _page(kind, [Finding("/file", "file_missing", "Hãy chọn tệp mẫu văn bản (.docx) để tải lên.")], 422)
    try:
        version, _ = intake.upload(
            get_database(),
            get_storage(),
            current_pool(),
            organization_id,
            kind.id,
            upload.read(),
            filename=upload.filename,
            uploaded_by=auth.creator(),
            profile_id=request.form.get("profile") or None,
            activate=request.form.get("activate") == "true",
        )
    except intake.TemplateRejected as rejected:
        return _page(kind, rejected.inspection.errors(), 422)
    except (UnsafePackage, TemplateFailed) as refused:
        return _page(
            kind, [Finding("/file", refused.code, refused.message)], 413 if getattr(refused, "too_large", False) else 422
        )
    except InputInvalid as invalid:
        return _page(kind, invalid.errors, 422)
    return redirect(url_for("web.show_kind_templates", kind_id=kind.id, added=version.id) + f"#v{version.id}", 303)


@bp.post("/templates/<kind_id>/<id:version_id>/activate")
def activate_template(kind_id: str, version_id: int):
    with get_database().write() as session:
        versions.activate(session, _version(session, kind_id, version_id), auth.creator())
    return redirect(url_for("web.show_kind_templates", kind_id=kind_id), 303)


@bp.post("/templates/<kind_id>/deactivate")
def deactivate_template(kind_id: str):
    kind = _kind_or_404(kind_id)
    with get_database().write() as session:
        versions.deactivate(session, organization.current_or_404(), kind.id)
    return redirect(url_for("web.show_kind_templates", kind_id=kind.id), 303)


@bp.get("/templates/<kind_id>/built.docx")
def built_template(kind_id: str):
    """The service's own template of the kind in the profile in force today: the start of a custom one."""
    kind = _kind_or_404(kind_id)
    profile = profile_for(dt.date.today())
    return download(pipeline.template_bytes(kind.id, profile.id), pipeline.DOCX_MEDIA_TYPE, f"Mẫu {kind.title}.docx")


@bp.get("/templates/<kind_id>/<id:version_id>/<any(preview, file):what>.<any(docx, pdf):extension>")
def template_download(kind_id: str, version_id: int, what: str, extension: str):
    with get_database().read() as session:
        version = _version(session, kind_id, version_id)
    sha256, name = (
        (version.preview_sha256, f"xem-truoc-{version.kind}-{version.id}.docx")
        if what == "preview"
        else (version.sha256, version.filename)
    )
    try:
        content = get_storage().get(sha256)
    except MissingFile:
        abort(404)
    if extension == "docx":
        return download(content, pipeline.DOCX_MEDIA_TYPE, name)
    try:
        return download(previews().pdf(content), PDF_MEDIA_TYPE, Path(name).with_suffix(".pdf").name)
    except preview.PreviewUnavailable as unavailable:
        return render_template("error.html", title="Chưa có bản PDF", text=str(unavailable), code=503), 503


def _version(session, kind_id: str, version_id: int):
    kind = _kind_or_404(kind_id)
    try:
        version = versions.get(session, organization.current_or_404(), version_id)
    except NotFound:
        abort(404)
    if version.kind != kind.id:
        abort(404)
    return version
