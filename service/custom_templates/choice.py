"""The template a document is issued with: the organization's active version, else the built one.

An organization's own template is untrusted and renders in the sandbox pool;
the built templates of templates_docx/ keep the engine's direct path. A
version checked against another profile than the document's still makes the
document (the organization chose it), with a warning saying so.
"""

from __future__ import annotations

from typing import Any, Callable, Mapping

from sqlalchemy.orm import Session

from service import pipeline
from service.findings import Finding, InputInvalid
from service.formats.profiles import get_profile
from service.render.engine import render_docx
from service.store.storage import Storage
from service.custom_templates import versions
from service.custom_templates.errors import TemplateFailed
from service.custom_templates.pool import current_pool


def chooser(session: Session, storage: Storage, organization_id: Callable[[], int | None]) -> pipeline.Chooser:
    """The pipeline's choose plug-in for the organization `organization_id()` gives once the input is resolved
    (an input may name its organization)."""
    return lambda prepared: choose(session, storage, organization_id(), prepared)


def choose(
    session: Session, storage: Storage, organization_id: int | None, prepared: pipeline.Prepared
) -> pipeline.Template:
    kind, profile = prepared.kind, prepared.profile
    version = versions.active(session, organization_id, kind.id) if organization_id is not None else None
    if version is None:
        return pipeline.built_template(prepared)
    warnings = (
        ()
        if version.profile_id == profile.id
        else (
            Finding(
                "",
                "custom_template_profile",
                f"Mẫu riêng của chi bộ được kiểm tra theo quy chuẩn {get_profile(version.profile_id).name}, còn văn bản "
                f"này thuộc quy chuẩn {profile.name}; đề nghị kiểm tra lại thể thức.",
                "warning",
            ),
        )
    )
    return pipeline.Template(storage.get(version.sha256), _sandboxed, version.id, warnings)


def engine_for(version_id: int | None) -> pipeline.Engine:
    """How a template is rendered: in the sandbox when it is an organization's version."""
    return render_docx if version_id is None else _sandboxed


def _sandboxed(template: bytes, context: Mapping[str, Any], *, name: str) -> bytes:
    # What the template could not do with this input is said to whoever typed it, like any input
    # error; a busy sandbox stays an answer of its own (503).
    try:
        return current_pool().render(template, context, name=name)
    except TemplateFailed as failed:
        raise InputInvalid(
            [Finding("", failed.code, f"Mẫu riêng của chi bộ không tạo được văn bản này: {failed.message}")]
        ) from None
