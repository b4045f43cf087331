"""An organization's template versions: one per content, listed newest first, one active per kind.

Rolling back is activating an earlier version; deactivating returns the kind to
the service's built template. The files themselves are in storage by SHA-256.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from service.store.errors import NotFound, StoreError
from service.store.models import ActiveTemplate, Organization, TemplateVersion, row_dict

SHA_PREFIX_MIN = 4


def require_organization(session: Session, organization_id: int) -> Organization:
    organization = session.get(Organization, organization_id)
    if organization is None:
        raise NotFound("organization_not_found", f"Không tìm thấy tổ chức đảng mã số {organization_id}.")
    return organization


def add(session: Session, **values: Any) -> tuple[TemplateVersion, bool]:
    """The version with this content for the organization and kind: the one recorded, or a new one."""
    existing = _with_content(session, values["organization_id"], values["kind"], values["sha256"])
    if existing is not None:
        return existing, False
    version = TemplateVersion(**values)
    try:
        with session.begin_nested():
            session.add(version)
    except IntegrityError:  # the same file uploaded at the same moment by someone else
        return _with_content(session, values["organization_id"], values["kind"], values["sha256"]), False
    return version, True


def _with_content(session: Session, organization_id: int, kind: str, sha256: str) -> TemplateVersion | None:
    return session.scalars(
        select(TemplateVersion).where(
            TemplateVersion.organization_id == organization_id,
            TemplateVersion.kind == kind,
            TemplateVersion.sha256 == sha256,
        )
    ).one_or_none()


def versions(session: Session, organization_id: int, kind: str | None = None) -> list[TemplateVersion]:
    query = select(TemplateVersion).where(TemplateVersion.organization_id == organization_id)
    if kind is not None:
        query = query.where(TemplateVersion.kind == kind)
    return list(session.scalars(query.order_by(TemplateVersion.id.desc())))


def get(session: Session, organization_id: int, version_id: int) -> TemplateVersion:
    version = session.get(TemplateVersion, version_id)
    if version is None or version.organization_id != organization_id:
        raise NotFound("template_version_not_found", f"Không tìm thấy phiên bản mẫu mã số {version_id}.")
    return version


def by_prefix(session: Session, organization_id: int, kind: str, prefix: str) -> TemplateVersion:
    """The version whose SHA-256 starts with `prefix` (at least four hexadecimal digits)."""
    prefix = prefix.strip().lower()
    if len(prefix) < SHA_PREFIX_MIN or any(c not in "0123456789abcdef" for c in prefix):
        raise StoreError(
            "sha_prefix_invalid", f"Mã phiên bản mẫu: cần ít nhất {SHA_PREFIX_MIN} chữ số thập lục phân đầu của SHA-256."
        )
    found = [v for v in versions(session, organization_id, kind) if v.sha256.startswith(prefix)]
    if not found:
        raise NotFound("template_version_not_found", f"Không có phiên bản mẫu nào có mã bắt đầu bằng “{prefix}”.")
    if len(found) > 1:
        raise StoreError(
            "sha_prefix_ambiguous", f"Có {len(found)} phiên bản mẫu có mã bắt đầu bằng “{prefix}”; hãy gõ thêm vài chữ số."
        )
    return found[0]


def active(session: Session, organization_id: int, kind: str) -> TemplateVersion | None:
    pointer = session.get(ActiveTemplate, (organization_id, kind))
    return session.get(TemplateVersion, pointer.version_id) if pointer is not None else None


def activate(session: Session, version: TemplateVersion, by: str) -> None:
    pointer = session.get(ActiveTemplate, (version.organization_id, version.kind))
    if pointer is None:
        session.add(
            ActiveTemplate(
                organization_id=version.organization_id, kind=version.kind, version_id=version.id, activated_by=by
            )
        )
    else:
        pointer.version_id, pointer.activated_by = version.id, by
    session.flush()


def deactivate(session: Session, organization_id: int, kind: str) -> None:
    pointer = session.get(ActiveTemplate, (organization_id, kind))
    if pointer is not None:
        session.delete(pointer)
        session.flush()


def as_dict(version: TemplateVersion, active_id: int | None, *, with_report: bool = False) -> dict[str, Any]:
    data = row_dict(version)
    if not with_report:
        data.pop("report")
    data["active"] = version.id == active_id
    return data
