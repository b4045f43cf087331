"""`python -m service …`: the command line door. Each command parses its arguments and calls the pipeline."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from service import pipeline
from service.findings import Finding, InputInvalid, UnknownKind
from service.formats.builder import build_all, build_template, template_filename, TEMPLATE_DIR
from service.formats.profiles import all_profiles
from service.kinds import all_kinds
from service.convert.cli import convert
from service.store.cli import db, members, org
from service.batch.cli import batch, summary, worker
from service.store.keys_cli import keys
from service.templates_byo.cli import COMMANDS as TEMPLATE_COMMANDS

EXIT_INVALID = 2


@click.group()
def main() -> None:
    """Văn bản chi bộ theo đúng thể thức của Đảng — Party cell documents in the official layout."""


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--debug", is_flag=True, help="Reload on code changes and show tracebacks.")
@click.option("--prod", is_flag=True, help="Serve with gunicorn (SERVER_WORKERS × SERVER_THREADS).")
def serve(host: str, port: int, debug: bool, prod: bool) -> None:
    """Start the web service (embedded defaults: nothing else to install)."""
    from service import create_app
    from service.serving import serve as run
    from service.web import auth

    app = create_app()
    # On 127.0.0.1 the one person at the machine needs no account; on a network every page asks for one.
    auth.bind(app, host, production=prod)
    run(app, host, port, production=prod, debug=debug)


def _print_findings(findings: list[Finding], label: str) -> None:
    for finding in findings:
        click.echo(f"{label} {finding.pointer or '/'}: {finding.message}", err=True)


@main.command()
@click.argument("input_file", type=click.File("rb"))
@click.option("--kind", "kind_id", required=True, help="Document kind, see `python -m service kinds`.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Where to write the DOCX (default: the document's Vietnamese file name).")
@click.option("--profile", "profile_id", help="Format profile, e.g. hd05-2026 (default: by document date).")
def render(input_file, kind_id: str, output: Path | None, profile_id: str | None) -> None:
    """Render INPUT_FILE (JSON, or - for standard input) into a DOCX document."""
    document = pipeline.render(_prepare_or_exit(input_file, kind_id, profile_id))
    _print_findings(document.warnings, "Cảnh báo")
    target = output or Path(document.filename)
    target.write_bytes(document.content)
    click.echo(f"{target} ({document.profile}, {len(document.content):,} bytes)")


def _prepare_or_exit(input_file, kind_id: str, profile_id: str | None) -> pipeline.Prepared:
    """Read and validate a JSON input file; on any problem print it in Vietnamese and exit 2."""
    try:
        data = json.loads(input_file.read().decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        click.echo(f"Lỗi: tệp đầu vào không phải JSON UTF-8 hợp lệ ({exc}).", err=True)
        sys.exit(EXIT_INVALID)
    try:
        return pipeline.prepare(kind_id, data, profile_id=profile_id)
    except UnknownKind:
        click.echo(f"Lỗi: loại văn bản “{kind_id}” không tồn tại; xem `python -m service kinds`.", err=True)
        sys.exit(EXIT_INVALID)
    except InputInvalid as invalid:
        _print_findings(invalid.errors, "Lỗi")
        _print_findings(invalid.warnings, "Cảnh báo")
        sys.exit(EXIT_INVALID)


@main.command()
@click.argument("input_file", type=click.File("rb"))
@click.option("--kind", "kind_id", required=True, help="Document kind, see `python -m service kinds`.")
@click.option("--profile", "profile_id", help="Format profile (default: by document date).")
def context(input_file, kind_id: str, profile_id: str | None) -> None:
    """Print the values a template of KIND can use for INPUT_FILE, as JSON (for template authors)."""
    prepared = _prepare_or_exit(input_file, kind_id, profile_id)
    click.echo(json.dumps(prepared.context, ensure_ascii=False, indent=2, default=str))


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Print each kind's JSON Schema too.")
def kinds(as_json: bool) -> None:
    """List the document kinds."""
    if as_json:
        click.echo(json.dumps([{"id": k.id, "title": k.title, "schema": k.input_model.model_json_schema()}
                               for k in all_kinds()], ensure_ascii=False, indent=2))
        return
    for kind in all_kinds():
        click.echo(f"{kind.id:24} {kind.title}")


@main.group()
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
    stale = [template_filename(k.id, p.id) for k in all_kinds() for p in all_profiles()
             if not (TEMPLATE_DIR / template_filename(k.id, p.id)).is_file()
             or (TEMPLATE_DIR / template_filename(k.id, p.id)).read_bytes() != build_template(k.layout, p)]
    for name in stale:
        click.echo(f"outdated: templates_docx/{name}", err=True)
    sys.exit(1 if stale else 0)


@main.command()
@click.argument("docx_file", metavar="FILE.docx")
@click.option("--profile", "profile_id", help="Format profile, e.g. hd05-2026 (default: by the document's date).")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON for programs.")
def check(docx_file: str, profile_id: str | None, as_json: bool) -> None:
    """Check FILE.docx against the Party format rules; exit 1 when it has errors, 2 when it cannot be read."""
    from service.formats.checker import CannotCheck, check_file

    try:
        report = check_file(docx_file, profile_id)
    except CannotCheck as refused:
        click.echo(json.dumps(refused.as_dict(), ensure_ascii=False) if as_json else f"Lỗi: {refused.message}",
                   err=not as_json)
        sys.exit(EXIT_INVALID)
    click.echo(json.dumps(report.as_dict(), ensure_ascii=False, indent=2) if as_json else report.text())
    sys.exit(0 if report.ok else 1)


# Commands of the store (service/store/cli.py) and of legacy conversion (service/convert/cli.py).
for command in (db, org, members, convert, keys):
    main.add_command(command)
# An organization's own templates: lint, upload, versions, activate, deactivate (service/templates_byo/cli.py).
for command in TEMPLATE_COMMANDS:
    templates.add_command(command)
# Year-end batches and their Celery worker (service/batch/cli.py).
main.add_command(batch)
main.add_command(summary)
main.add_command(worker)
