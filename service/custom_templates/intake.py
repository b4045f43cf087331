"""Taking in an organization's own template: refuse hostile files, lint, preview, check, keep by content.

Order matters. The file is opened with service.safety first, in this process,
with every limit (zip bombs, ../ names, DTDs, macros) and nothing of it
interpreted; only a file that passes goes to a sandbox worker, which lints it
against the kind's context and renders the kind's sample with it. The preview
is then judged by the conformance checker like any uploaded document. A
template with lint errors is refused and nothing is kept; otherwise the
template and its preview go to storage under their SHA-256 and the version is
recorded with its report.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PureWindowsPath
from typing import Any

from service import delivery, pipeline
from service.findings import Finding
from service.formats.checker import CannotCheck, check_docx
from service.kinds import Kind, get_kind
from service.safety.packages import Limits
from service.safety.uploads import word_document
from service.store.db import Database
from service.store.models import TemplateVersion
from service.store.storage import Storage
from service.custom_templates import versions
from service.custom_templates.pool import SandboxPool
from service.vietnamese.text import nfc

MAX_FILENAME = 300


@dataclass(frozen=True)
class Inspection:
    kind: Kind
    profile_id: str
    issues: list[dict[str, Any]]  # lint issues, errors first (lint.Issue.as_dict)
    preview: bytes | None  # the kind's sample rendered with the template; None with lint errors
    conformance: dict[str, Any] | None

    @property
    def ok(self) -> bool:
        return not any(issue.get("severity") == "error" for issue in self.issues)

    def report(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "kind": self.kind.id,
            "profile": self.profile_id,
            "issues": self.issues,
            "conformance": self.conformance,
        }

    def errors(self) -> list[Finding]:
        """The errors as findings on the uploaded file, for a 422 answer."""
        return [
            Finding("/file", str(issue.get("code")), str(issue.get("message")))
            for issue in self.issues
            if issue.get("severity") == "error"
        ]


class TemplateRejected(Exception):
    """The template has lint errors: nothing was kept."""

    def __init__(self, inspection: Inspection):
        super().__init__(f"{len(inspection.errors())} lint errors")
        self.inspection = inspection


def inspect(
    pool: SandboxPool, kind_id: str, data: bytes, *, profile_id: str | None = None, limits: Limits = Limits()
) -> Inspection:
    """Lint and preview a template without keeping anything.

    Raises UnknownKind, UnsafePackage (the file), InputInvalid (an unknown profile), TemplateFailed
    (the sandbox stopped the template) or SandboxBusy.
    """
    kind = get_kind(kind_id)
    word_document(data, limits)
    sample = pipeline.check(kind.id, delivery.sample(kind), profile_id=profile_id)
    issues, preview = pool.inspect(data, sample.context, name=f"{kind.id}.custom")
    conformance = _conformance(preview, sample.profile.id) if preview is not None else None
    return Inspection(kind, sample.profile.id, issues, preview, conformance)


def _conformance(preview: bytes, profile_id: str) -> dict[str, Any]:
    try:
        return check_docx(preview, profile_id).as_dict()
    except CannotCheck as refused:  # the template rendered a document the checker cannot open
        return {"profile": profile_id, "ok": False, "findings": [], "not_judged": [refused.as_dict()]}


def upload(
    database: Database,
    storage: Storage,
    pool: SandboxPool,
    organization_id: int,
    kind_id: str,
    data: bytes,
    *,
    filename: str,
    uploaded_by: str,
    profile_id: str | None = None,
    activate: bool = False,
) -> tuple[TemplateVersion, bool]:
    """Inspect, then keep: (the version, whether it is new). Raises what inspect raises, NotFound for
    an unknown organization and TemplateRejected when the template has lint errors."""
    with database.read() as session:
        versions.require_organization(session, organization_id)
    inspection = inspect(pool, kind_id, data, profile_id=profile_id)
    if not inspection.ok:
        raise TemplateRejected(inspection)
    sha256, preview_sha256 = storage.put(data), storage.put(inspection.preview)
    with database.write() as session:
        versions.require_organization(session, organization_id)
        version, created = versions.add(
            session,
            organization_id=organization_id,
            kind=inspection.kind.id,
            profile_id=inspection.profile_id,
            sha256=sha256,
            filename=clean_filename(filename),
            size=len(data),
            preview_sha256=preview_sha256,
            report=inspection.report(),
            uploaded_by=uploaded_by,
        )
        if activate:
            versions.activate(session, version, uploaded_by)
        return version, created


def clean_filename(name: str) -> str:
    """The uploaded file's own name, without any folder a browser or client put before it."""
    name = nfc(PureWindowsPath(name or "").name.strip()) or "mau.docx"
    return name[-MAX_FILENAME:]
