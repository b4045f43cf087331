"""`python -m service templates …`: the DOCX templates built from the format profiles, and an organization's own.

`build` and `check` keep templates_docx/ what the builder makes. `lint|upload|versions|activate|deactivate` use the
server's configuration (database, storage, TEMPLATE_* limits), so a version uploaded here is the one the API and the
web pages use. Their exit status: 0 done, 1 the template has lint errors (nothing kept), 2 the file or an argument
is refused.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any, Callable

import click

from service.cli.common import EXIT_INVALID, app
from service.custom_templates import intake, versions
from service.custom_templates.errors import SandboxBusy, TemplateFailed
from service.custom_templates.pool import pool_for
from service.findings import InputInvalid, UnknownKind
from service.formats.builder import TEMPLATE_DIR, build_all, build_template, template_filename
from service.formats.profiles import all_profiles
from service.kinds import all_kinds, get_kind
from service.safety.packages import UnsafePackage, read_file
from service.store.errors import StoreError
from service.vietnamese.figures import format_int

CLI_CREATOR = "cli"
EXIT_LINT_ERRORS = 1
_LABELS = {"error": "LỖI", "warning": "CẢNH BÁO"}


@click.group()
def templates() -> None:
    """The DOCX templates built from the format profiles, and organizations' own templates."""


@templates.command("build")
def templates_build() -> None:
    """Regenerate every template in templates_docx/ (byte-identical on every run)."""
    for path in build_all(k.layout for k in all_kinds()):
        click.echo(str(path.relative_to(TEMPLATE_DIR.parent)))


@templates.command("check")
def templates_check() -> None:
    """Exit 1 if a template in templates_docx/ differs from what the builder produces."""
    stale = [
        template_filename(k.id, p.id)
        for k in all_kinds()
        for p in all_profiles()
        if not (TEMPLATE_DIR / template_filename(k.id, p.id)).is_file()
        or (TEMPLATE_DIR / template_filename(k.id, p.id)).read_bytes() != build_template(k.layout, p)
    ]
    for name in stale:
        click.echo(f"outdated: templates_docx/{name}", err=True)
    sys.exit(1 if stale else 0)


def _refusing(function: Callable, *args: Any, **kwargs: Any) -> Any:
    """Call into the intake or the store; refusals become Vietnamese messages and an exit status."""
    try:
        return function(*args, **kwargs)
    except intake.TemplateRejected as rejected:
        _print_report(rejected.inspection.report())
        click.echo("Mẫu có lỗi nên chưa được lưu.", err=True)
        sys.exit(EXIT_LINT_ERRORS)
    except UnknownKind as unknown:
        message = f"loại văn bản “{unknown.kind}” không tồn tại; xem `python -m service kinds`."
    except InputInvalid as invalid:
        message = " ".join(error.message for error in invalid.errors)
    except (UnsafePackage, TemplateFailed, StoreError) as refused:
        message = refused.message
    except SandboxBusy:
        message = "bộ xử lý mẫu văn bản đang bận hoặc không khởi động được; hãy thử lại."
    click.echo(f"Lỗi: {message}", err=True)
    sys.exit(EXIT_INVALID)


def _print_report(report: dict[str, Any]) -> None:
    for issue in report["issues"]:
        click.echo(f"[{_LABELS.get(issue['severity'], issue['severity'])}] {issue['message']}")
    conformance = report.get("conformance")
    if conformance:
        findings = conformance.get("findings", [])
        errors = sum(finding.get("severity") == "error" for finding in findings)
        verdict = "đạt" if conformance.get("ok") else "không đạt"
        click.echo(
            f"Bản xem trước theo quy chuẩn {conformance.get('profile')}: {verdict} "
            f"({format_int(errors)} lỗi, {format_int(len(findings) - errors)} cảnh báo; chi tiết: "
            "python -m service check)."
        )


def _local(moment: dt.datetime) -> str:
    """A stored time (naive UTC) in this machine's time zone."""
    return moment.replace(tzinfo=dt.timezone.utc).astimezone().strftime("%d/%m/%Y %H:%M")


def _read(path: Path) -> bytes:
    return _refusing(read_file, path)


@templates.command("lint")
@click.argument("docx_file", metavar="FILE.docx", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--kind", "kind_id", required=True, help="Document kind the template is for.")
@click.option("--profile", "profile_id", help="Format profile to check the preview against (default: by date).")
@click.option(
    "--preview",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the kind's sample rendered with the template here.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON for programs.")
def lint_command(docx_file: Path, kind_id: str, profile_id: str | None, preview: Path | None, as_json: bool) -> None:
    """Lint FILE.docx as a template of KIND and preview it with the kind's sample; keeps nothing."""
    pool = pool_for(app().config)
    inspection = _refusing(intake.inspect, pool, kind_id, _read(docx_file), profile_id=profile_id)
    if as_json:
        click.echo(json.dumps(inspection.report(), ensure_ascii=False, indent=2))
    else:
        _print_report(inspection.report())
        click.echo("Mẫu dùng được." if inspection.ok else "Mẫu có lỗi, cần sửa trước khi tải lên.")
    if preview is not None and inspection.preview is not None:
        preview.write_bytes(inspection.preview)
        click.echo(str(preview), err=as_json)
    sys.exit(0 if inspection.ok else EXIT_LINT_ERRORS)


@templates.command("upload")
@click.argument("docx_file", metavar="FILE.docx", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--org", "org_id", required=True, type=int, help="Organization id (python -m service org list).")
@click.option("--kind", "kind_id", required=True, help="Document kind the template is for.")
@click.option("--profile", "profile_id", help="Format profile to check the preview against (default: by date).")
@click.option("--activate", is_flag=True, help="Use it for the organization's documents from now on.")
def upload_command(docx_file: Path, org_id: int, kind_id: str, profile_id: str | None, activate: bool) -> None:
    """Lint, preview and keep FILE.docx as a version of the organization's template for KIND."""
    configured = app()
    data = _read(docx_file)
    version, created = _refusing(
        intake.upload,
        configured.extensions["database"],
        configured.extensions["storage"],
        pool_for(configured.config),
        org_id,
        kind_id,
        data,
        filename=docx_file.name,
        uploaded_by=CLI_CREATOR,
        profile_id=profile_id,
        activate=activate,
    )
    _print_report(version.report)
    state = "đã lưu phiên bản mới" if created else "đã có phiên bản cùng nội dung"
    click.echo(
        f"{version.sha256[:12]} (mã {version.id}): {state}"
        + (
            "; đang được dùng."
            if activate
            else f"; dùng bằng: python -m service templates activate --org {org_id} --kind {version.kind} "
            f"{version.sha256[:12]}"
        )
    )


@templates.command("versions")
@click.option("--org", "org_id", required=True, type=int, help="Organization id.")
@click.option("--kind", "kind_id", required=True, help="Document kind.")
def versions_command(org_id: int, kind_id: str) -> None:
    """List the organization's template versions of KIND, newest first; * marks the one in use."""
    _refusing(get_kind, kind_id)
    database = app().extensions["database"]
    with database.read() as session:
        _refusing(versions.require_organization, session, org_id)
        active = versions.active(session, org_id, kind_id)
        kept = versions.versions(session, org_id, kind_id)
    if not kept:
        click.echo("Chưa có mẫu riêng: văn bản dùng mẫu có sẵn của dịch vụ.")
    for version in kept:
        mark = "*" if active is not None and version.id == active.id else " "
        click.echo(
            f"{mark} {version.sha256[:12]}  mã {version.id}  {_local(version.created_at)}  "
            f"{version.profile_id}  {version.filename}"
        )
    if kept and active is None:
        click.echo("Không phiên bản nào đang được dùng: văn bản dùng mẫu có sẵn của dịch vụ.")


@templates.command("activate")
@click.argument("sha_prefix")
@click.option("--org", "org_id", required=True, type=int, help="Organization id.")
@click.option("--kind", "kind_id", required=True, help="Document kind.")
def activate_command(sha_prefix: str, org_id: int, kind_id: str) -> None:
    """Use the version whose SHA-256 starts with SHA_PREFIX (an earlier one: a rollback)."""
    _refusing(get_kind, kind_id)
    with app().extensions["database"].write() as session:
        _refusing(versions.require_organization, session, org_id)
        version = _refusing(versions.by_prefix, session, org_id, kind_id, sha_prefix)
        versions.activate(session, version, CLI_CREATOR)
    click.echo(f"Văn bản “{kind_id}” của tổ chức {org_id} từ nay dùng mẫu {version.sha256[:12]} ({version.filename}).")


@templates.command("deactivate")
@click.option("--org", "org_id", required=True, type=int, help="Organization id.")
@click.option("--kind", "kind_id", required=True, help="Document kind.")
def deactivate_command(org_id: int, kind_id: str) -> None:
    """Go back to the service's built template for KIND (the versions are kept)."""
    _refusing(get_kind, kind_id)
    with app().extensions["database"].write() as session:
        _refusing(versions.require_organization, session, org_id)
        versions.deactivate(session, org_id, kind_id)
    click.echo(f"Văn bản “{kind_id}” của tổ chức {org_id} từ nay dùng mẫu có sẵn của dịch vụ.")
