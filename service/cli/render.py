"""`python -m service render|context|kinds`: documents from a JSON file, through the pipeline."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from service import pipeline
from service.cli.common import EXIT_INVALID, print_findings, write_or_exit
from service.findings import InputInvalid, UnknownKind
from service.kinds import all_kinds


@click.command()
@click.argument("input_file", type=click.File("rb"))
@click.option("--kind", "kind_id", required=True, help="Document kind, see `python -m service kinds`.")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Where to write the DOCX (default: the document's Vietnamese file name).",
)
@click.option("--profile", "profile_id", help="Format profile, e.g. hd05-2026 (default: by document date).")
@click.option(
    "--titles", "titles_only", is_flag=True, help="Only show the titles and months the document would print; write nothing."
)
def render(input_file, kind_id: str, output: Path | None, profile_id: str | None, titles_only: bool) -> None:
    """Render INPUT_FILE (JSON, or - for standard input) into a DOCX document."""
    prepared = prepare_or_exit(input_file, kind_id, profile_id)
    if titles_only:
        print_findings(prepared.warnings, "Cảnh báo")
        click.echo("\n".join(title_lines(pipeline.titles(prepared))))
        return
    document = pipeline.finish(prepared).document
    print_findings(document.warnings, "Cảnh báo")
    target = output or Path(document.filename)
    write_or_exit(target, document.content)
    click.echo(f"{target} ({document.profile}, {len(document.content):,} bytes)")


MONTH_LABELS = {
    "sitting": "Tháng sinh hoạt (tên biên bản)",
    "tasks": "Tháng của nghị quyết (nhiệm vụ)",
    "reviewed": "Tháng được đánh giá",
}
SOURCES = {"input": "theo dữ liệu nhập", "period": "suy từ trường period", "default": "mặc định theo ngày họp"}
TITLE_LABELS = {
    "minutes": "Biên bản",
    "resolution": "Nghị quyết",
    "evaluation": "Phần đánh giá",
    "thematic_minutes": "Biên bản chuyên đề",
    "thematic_resolution": "Nghị quyết chuyên đề",
    "report": "Báo cáo",
}


def title_lines(titles: dict) -> list[str]:
    """The titles preview for a person at a terminal: what is printed, then each month and where it came from."""
    printed = " ".join(titles[key] for key in ("summary", "subtitle") if titles.get(key))
    shown = [f"Văn bản: {titles['document']} — {printed}"]
    for name, month in titles.get("months", {}).items():
        shown.append(f"{MONTH_LABELS[name]}: tháng {month['month']} năm {month['year']} ({SOURCES[month['source']]})")
    shown += [f"{TITLE_LABELS.get(key, key)}: {title}" for key, title in titles.get("titles", {}).items()]
    return shown


def prepare_or_exit(input_file, kind_id: str, profile_id: str | None) -> pipeline.Prepared:
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
        print_findings(invalid.errors, "Lỗi")
        print_findings(invalid.warnings, "Cảnh báo")
        sys.exit(EXIT_INVALID)


@click.command()
@click.argument("input_file", type=click.File("rb"))
@click.option("--kind", "kind_id", required=True, help="Document kind, see `python -m service kinds`.")
@click.option("--profile", "profile_id", help="Format profile (default: by document date).")
def context(input_file, kind_id: str, profile_id: str | None) -> None:
    """Print the values a template of KIND can use for INPUT_FILE, as JSON (for template authors)."""
    prepared = prepare_or_exit(input_file, kind_id, profile_id)
    click.echo(json.dumps(prepared.context, ensure_ascii=False, indent=2, default=str))


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print each kind's JSON Schema too.")
def kinds(as_json: bool) -> None:
    """List the document kinds."""
    if as_json:
        click.echo(
            json.dumps(
                [{"id": k.id, "title": k.title, "schema": k.input_model.model_json_schema()} for k in all_kinds()],
                ensure_ascii=False,
                indent=2,
            )
        )
        return
    for kind in all_kinds():
        click.echo(f"{kind.id:24} {kind.title}")
