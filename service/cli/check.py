"""`python -m service check FILE.docx…`: any document against the layout rules, on the printed page too."""

from __future__ import annotations

import json
import os
import sys

import click

from service.cli.common import EXIT_INVALID


@click.command()
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
    pool = PdfPool(soffice, converters=min(2, len(readable)), queue_size=len(readable)) if soffice and readable else None
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
