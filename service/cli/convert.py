"""`python -m service convert old.docx -o new.docx`: an old document typed in legacy fonts, in Unicode."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from service.cli.common import EXIT_INVALID
from service.legacy_encodings.docx import Converted, convert_docx, converted_filename
from service.safety.packages import UnsafePackage, read_file
from service.vietnamese.figures import format_int
from service.vietnamese.legacy import ENCODINGS

# What conversion removes (service.safety.stripping.STRIPPED), as the summary names it.
REMOVED = {"macros": "macro (VBA)", "remote_template": "liên kết tới mẫu ở máy khác"}


def summary(converted: Converted) -> list[str]:
    """What was done, in Vietnamese, one line per fact."""
    report = converted.report
    removed = [f"Đã gỡ {REMOVED[active.kind]} ({active.part}) khỏi văn bản." for active in report.removed]
    if not report.fonts:
        return removed + ["Không thấy phông chữ mã cũ (TCVN3, VNI, VISCII) nào: nội dung giữ nguyên."]
    lines = removed
    if report.runs:
        counts = ", ".join(
            f"{format_int(count)} đoạn chữ {ENCODINGS[encoding]}" for encoding, count in sorted(report.runs.items())
        )
        lines.append(f"Đã chuyển sang Unicode: {counts}.")
    if report.unicode_runs:
        lines.append(f"{format_int(report.unicode_runs)} đoạn chữ đã là Unicode nên chỉ đổi phông.")
    lines.append(f"Đã thay phông {', '.join(sorted(report.fonts))} bằng {converted.font}.")
    return lines


@click.command("convert")
@click.argument("input_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Where to write the converted DOCX (default: INPUT-unicode.docx beside it).",
)
def convert(input_file: Path, output: Path | None) -> None:
    """Convert INPUT_FILE, a DOCX typed in TCVN3 (.VnTime), VNI or VISCII fonts, to Unicode text."""
    try:
        converted = convert_docx(read_file(input_file))
    except UnsafePackage as refused:
        click.echo(f"Lỗi: {refused.message}", err=True)
        sys.exit(EXIT_INVALID)
    target = output or input_file.with_name(converted_filename(input_file.name))
    target.write_bytes(converted.content)
    for line in summary(converted):
        click.echo(line)
    click.echo(str(target))
