"""`python -m service …`: the command line door. Each command parses its arguments and calls the pipeline."""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click

from service import pipeline
from service.findings import Finding, InputInvalid, UnknownKind
from service.formats.builder import build_all, build_template, template_filename, TEMPLATE_DIR
from service.formats.profiles import all_profiles
from service.kinds import all_kinds
from service.convert.cli import convert
from service.documents_cli import documents
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
@click.option("--titles", "titles_only", is_flag=True,
              help="Only show the titles and months the document would print; write nothing.")
def render(input_file, kind_id: str, output: Path | None, profile_id: str | None, titles_only: bool) -> None:
    """Render INPUT_FILE (JSON, or - for standard input) into a DOCX document."""
    prepared = _prepare_or_exit(input_file, kind_id, profile_id)
    if titles_only:
        _print_findings(prepared.warnings, "Cảnh báo")
        click.echo("\n".join(title_lines(pipeline.titles(prepared))))
        return
    document = pipeline.finish(prepared).document
    _print_findings(document.warnings, "Cảnh báo")
    target = output or Path(document.filename)
    write_or_exit(target, document.content)
    click.echo(f"{target} ({document.profile}, {len(document.content):,} bytes)")


MONTH_LABELS = {"sitting": "Tháng sinh hoạt (tên biên bản)", "tasks": "Tháng của nghị quyết (nhiệm vụ)",
                "reviewed": "Tháng được đánh giá"}
SOURCES = {"input": "theo dữ liệu nhập", "period": "suy từ trường period", "default": "mặc định theo ngày họp"}
TITLE_LABELS = {"minutes": "Biên bản", "resolution": "Nghị quyết", "evaluation": "Phần đánh giá",
                "thematic_minutes": "Biên bản chuyên đề", "thematic_resolution": "Nghị quyết chuyên đề",
                "report": "Báo cáo"}


def title_lines(titles: dict) -> list[str]:
    """The titles preview for a person at a terminal: what is printed, then each month and where it came from."""
    printed = " ".join(titles[key] for key in ("summary", "subtitle") if titles.get(key))
    shown = [f"Văn bản: {titles['document']} — {printed}"]
    for name, month in titles.get("months", {}).items():
        shown.append(f"{MONTH_LABELS[name]}: tháng {month['month']} năm {month['year']} ({SOURCES[month['source']]})")
    shown += [f"{TITLE_LABELS.get(key, key)}: {title}" for key, title in titles.get("titles", {}).items()]
    return shown


def write_or_exit(target: Path, content: bytes) -> None:
    """Write the file, or say in Vietnamese why it cannot be written and exit 2 (never a traceback)."""
    folder = target.parent
    if not folder.is_dir():
        click.echo(f"Lỗi: thư mục “{folder}” không tồn tại; hãy tạo thư mục trước hoặc chọn nơi lưu khác.",
                   err=True)
        sys.exit(EXIT_INVALID)
    try:
        target.write_bytes(content)
    except OSError as exc:
        click.echo(f"Lỗi: không ghi được tệp “{target}” ({exc.strerror or exc}).", err=True)
        sys.exit(EXIT_INVALID)


def _prepare_or_exit(input_file, kind_id: str, profile_id: str | None) -> pipeline.Prepared:
    """Read and validate a JSON input file; on any problem print it in Vietnamese and exit 2."""
    try:
        # Notepad on Windows saves UTF-8 with a byte-order mark; it is not part of the JSON.
        data = json.loads(input_file.read().decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as exc:
        click.echo(f"Lỗi: tệp đầu vào không phải JSON UTF-8 hợp lệ ({exc}).", err=True)
        sys.exit(EXIT_INVALID)
    try:
        return pipeline.check(kind_id, data, profile_id=profile_id)
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
@click.argument("docx_files", metavar="FILE.docx...", nargs=-1, required=True)
@click.option("--profile", "profile_id", help="Format profile, e.g. hd05-2026 (default: by the document's date).")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON for programs.")
@click.option("--no-render", is_flag=True, help="Skip the checks on the printed page (no LibreOffice run).")
def check(docx_files: tuple[str, ...], profile_id: str | None, as_json: bool, no_render: bool) -> None:
    """Check DOCX files against the Party format rules, on the printed page too when LibreOffice is installed.

    Exit 1 when a document has errors, 2 when a file cannot be read.
    """
    from service.config import ENV_PREFIX
    from service.formats.checker import CannotCheck, check_many, read_file_checked
    from service.render.pdf import PdfPool
    from service.render.soffice import find_soffice

    contents: list[bytes | CannotCheck] = []
    for path in docx_files:
        try:
            contents.append(read_file_checked(path))
        except CannotCheck as refused:
            contents.append(refused)
    readable = [c for c in contents if isinstance(c, bytes)]
    # The service's own setting when it is set (empty: no LibreOffice), else LibreOffice on PATH.
    soffice = None if no_render else os.environ.get(f"{ENV_PREFIX}_SOFFICE_PATH", find_soffice()) or None
    pool = PdfPool(soffice, converters=min(2, len(readable)), queue_size=len(readable)) if soffice and readable \
        else None
    try:
        reports = iter(check_many(readable, profile_id, pool, render=not no_render))
    finally:
        if pool is not None:
            pool.stop()
    results = [next(reports) if isinstance(c, bytes) else c for c in contents]
    _print_checks(docx_files, results, as_json)
    failed = [r for r in results if isinstance(r, CannotCheck)]
    sys.exit(EXIT_INVALID if failed else 0 if all(r.ok for r in results) else 1)


def _print_checks(paths: tuple[str, ...], results: list, as_json: bool) -> None:
    from service.formats.checker import CannotCheck

    if as_json:
        items = [result.as_dict() | {"file": path} for path, result in zip(paths, results)]
        click.echo(json.dumps(items[0] if len(items) == 1 else items, ensure_ascii=False, indent=2))
        return
    for path, result in zip(paths, results):
        if len(paths) > 1:
            click.echo(f"== {path}")
        if isinstance(result, CannotCheck):
            click.echo(f"Lỗi: {result.message}", err=len(paths) == 1)
        else:
            click.echo(result.text())


# Commands of the store (service/store/cli.py) and of legacy conversion (service/convert/cli.py).
for command in (db, org, members, convert, keys):
    main.add_command(command)
# An organization's own templates: lint, upload, versions, activate, deactivate (service/templates_byo/cli.py).
for command in TEMPLATE_COMMANDS:
    templates.add_command(command)
# Drafts, issuing, corrections and replacements in the archive (service/documents_cli.py).
main.add_command(documents)
# Year-end batches and their Celery worker (service/batch/cli.py).
main.add_command(batch)
main.add_command(summary)
main.add_command(worker)
