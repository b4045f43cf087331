"""`python -m service batch …`: the year-end review's documents for a whole roster.

It validates the roster (every problem at once, exit 2), prints its check report (guessed forms,
warnings), starts the job with the configured runner, shows its progress from the job's row, and copies the ZIP
where asked. Its exit status tells a script what it got, as the API's job does: 0 every document made, 3 the ZIP
written but some documents failed (each listed, with the count), 1 no ZIP (the job failed or was cancelled), 2
invalid input.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sys
import time
from pathlib import Path
from typing import Any

import click

from service.batch.examine import examine
from service.batch.launch import Batches, QueueUnavailable, get_batches
from service.batch.package import safe_name
from service.batch.plan import BOOK, SUMMARY_XLSX
from service.batch.progress import jobs
from service.batch.progress.models import FINISHED
from service.batch.report import report_text
from service.batch.roster import BatchOptions, RosterUnreadable, Rows, from_file, from_json, from_organizations
from service.batch.template import write_template
from service.cli.common import EXIT_INVALID, app, exit_invalid
from service.findings import InputInvalid
from service.kinds import get_kind
from service.kinds.base import parse
from service.store.errors import StoreError

EXIT_FAILED = 1
# The ZIP is written, but documents its data refused are missing from it: not a success to a script.
EXIT_INCOMPLETE = 3
TITLES = {BOOK: "Tập in", SUMMARY_XLSX: "Bảng tổng hợp (Excel)"}
POLL_SECONDS = 0.3


@click.command()
@click.argument(
    "roster_file", required=False, metavar="ROSTER", type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option("--year", type=int, help="Năm kiểm điểm, e.g. 2026 (required to run a batch).")
@click.option(
    "--org",
    "organization_ids",
    type=int,
    multiple=True,
    help="Instead of a file: the roster kept for this chi bộ (or every chi bộ of this đảng bộ); repeatable.",
)
@click.option("--regime", help="Review regime (qd124-2023, qd366-2025); default: by year.")
@click.option(
    "--date",
    type=click.DateTime(["%Y-%m-%d"]),
    help="Date of the review meeting and the cell documents (default: a blank to write by hand).",
)
@click.option("--place", help="Địa danh for rows without one.")
@click.option("--start", "start_time", help="Meeting start HH:MM (default: blank).")
@click.option("--end", "end_time", help="Meeting end HH:MM (default: blank).")
@click.option("--location", help="Meeting place (default: blank).")
@click.option("--chair", help="Who chairs, with the post: “Nguyễn Văn An, Bí thư Chi bộ” (default: blank).")
@click.option("--secretary", help="Who takes the minutes (default: blank).")
@click.option("--guest", "guests", multiple=True, help="A guest with the post; repeatable (default: blank).")
@click.option("--no-guests", is_flag=True, help="The meeting had no guests (“Không có”).")
@click.option("--summary-upper", help="The đảng bộ's own upper level, first header line of its summary.")
@click.option("--check", "check_only", is_flag=True, help="Check the roster and print the report; make nothing.")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Where to write the ZIP (default: “Kiểm điểm năm YEAR.zip”).",
)
@click.option(
    "--template",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the annotated blank roster form here and stop (samples/batch-roster-template.xlsx).",
)
@click.option(
    "--resume",
    "resume_id",
    type=int,
    help="Finish batch RESUME_ID, whose runner stopped (its process was killed, the machine restarted).",
)
def batch(
    roster_file: Path | None,
    year: int | None,
    organization_ids: tuple[int, ...],
    regime: str | None,
    date: dt.datetime | None,
    place: str | None,
    start_time: str | None,
    end_time: str | None,
    location: str | None,
    chair: str | None,
    secretary: str | None,
    guests: tuple[str, ...],
    no_guests: bool,
    summary_upper: str | None,
    check_only: bool,
    output: Path | None,
    template: Path | None,
    resume_id: int | None,
) -> None:
    """Every member's self-review and each chi bộ's review documents from ROSTER (XLSX, CSV or JSON), as a ZIP;
    the roster's check report (guessed forms, warnings) is printed first."""
    if template is not None:
        write_template(template)
        click.echo(str(template))
        return
    if resume_id is not None:
        _resume(get_batches(app()), resume_id, output)
        return
    if (roster_file is None) == (not organization_ids) or year is None:
        raise click.UsageError("Give --year and either a ROSTER file or --org.")
    given = {
        "year": year,
        "regime": regime,
        "place": place,
        "date": date.date().isoformat() if date else None,
        "start": start_time,
        "end": end_time,
        "location": location,
        "chair": chair,
        "secretary": secretary,
        "guests": [] if no_guests else list(guests) or None,
        "summary_upper": summary_upper,
    }
    options, errors = parse(BatchOptions, {key: value for key, value in given.items() if value is not None})
    if options is None:
        exit_invalid(errors)
    batches = get_batches(app())
    rows = _rows(batches, roster_file, organization_ids, options)
    examined = examine(rows, options)
    click.echo(report_text(examined, options), err=True, nl=False)
    if check_only:
        rows.close()
        return
    try:
        job_id = batches.start(rows, options, source=roster_file.name if roster_file else "organizations", examined=examined)
    except InputInvalid as invalid:
        exit_invalid(invalid.errors)
    except QueueUnavailable as unavailable:
        click.echo(f"Lỗi: {unavailable}", err=True)
        sys.exit(EXIT_FAILED)
    job = _follow(batches, job_id)
    target = output or Path(safe_name(f"Kiểm điểm năm {year}", ".zip"))
    _report(batches, job, target)


def _resume(batches: Batches, job_id: int, output: Path | None) -> None:
    """Hand a job's unfinished work to this runner again: chunks of dead processes are claimed anew,
    finished ones are left as they are."""
    try:
        job = jobs.describe(batches.database, job_id)
    except StoreError as error:
        click.echo(f"Lỗi: {error.message}", err=True)
        sys.exit(EXIT_INVALID)
    if job["status"] not in FINISHED:
        batches.runner.submit(job_id)
        job = _follow(batches, job_id)
    _report(batches, job, output or Path(safe_name(f"Kiểm điểm năm {job['year']}", ".zip")))


def _rows(batches: Batches, roster_file: Path | None, organization_ids: tuple[int, ...], options: BatchOptions) -> Rows:
    max_rows = batches.settings.max_rows
    try:
        if roster_file is None:
            return from_organizations(batches.database, list(organization_ids), options, max_rows)
        if roster_file.suffix.lower() == ".json":
            data = json.loads(roster_file.read_text(encoding="utf-8"))
            return from_json(data.get("members") if isinstance(data, dict) else data, options, max_rows)
        return from_file(roster_file, options, max_rows, max_errors=batches.settings.max_errors)
    except InputInvalid as invalid:
        exit_invalid(invalid.errors)
    except RosterUnreadable as unreadable:
        click.echo(f"Lỗi: {unreadable.message}", err=True)
        sys.exit(EXIT_INVALID)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        click.echo(f"Lỗi: không đọc được tệp {roster_file.name} ({exc}).", err=True)
        sys.exit(EXIT_INVALID)


def _follow(batches: Batches, job_id: int) -> dict[str, Any]:
    """Show the job's progress until it ends; Ctrl+C cancels it."""
    job = jobs.describe(batches.database, job_id)
    shown = 0
    with click.progressbar(
        length=job["total"], label=f"Đợt {job_id}", show_eta=False, show_pos=True, file=sys.stderr
    ) as bar:
        try:
            while job["status"] not in FINISHED:
                time.sleep(POLL_SECONDS)
                job = jobs.describe(batches.database, job_id)
                finished = job["done"] + job["failed"]
                bar.update(finished - shown, _speed(job))
                shown = finished
        except KeyboardInterrupt:
            jobs.cancel(batches.database, job_id)
            click.echo(f"\nĐã hủy đợt {job_id}.", err=True)
            sys.exit(EXIT_FAILED)
    return job


def _speed(job: dict[str, Any]) -> str:
    if not job["rate"]:
        return ""
    eta = f", còn khoảng {job['eta_seconds']:.0f} giây" if job["eta_seconds"] else ""
    return f"{job['rate']:.0f} văn bản/giây{eta}"


def _report(batches: Batches, job: dict[str, Any], target: Path) -> None:
    for path, member, found in jobs.warnings(batches.database, job["id"]):
        who = f" – {member}" if member else ""
        for warning in found:
            click.echo(f"Cảnh báo {path}{who}: {warning}", err=True)
    for failure in job["failures"]:
        who = f" – {failure['member']}" if failure["member"] else ""
        title = TITLES.get(failure["kind"]) or get_kind(failure["kind"]).title
        click.echo(f"Lỗi {failure['folder']} ({title}{who}): {failure['error']}", err=True)
    if job["status"] != "done":
        click.echo(f"Đợt {job['id']} không hoàn thành ({job['status']}): {job['error'] or ''}", err=True)
        sys.exit(EXIT_FAILED)
    source = batches.settings.batch_dir / jobs.output(batches.database, job["id"]).output
    if not source.is_file():
        click.echo(f"Lỗi: tệp kết quả của đợt {job['id']} không còn ({source}); hãy tạo lại đợt.", err=True)
        sys.exit(EXIT_FAILED)
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    click.echo(
        f"{target}: {job['done']} văn bản, {job['failed']} lỗi, {job['output_size']:,} byte "
        f"({job['rate'] or 0:.0f} văn bản/giây)"
    )
    if job["failed"]:
        click.echo(
            f"Đợt {job['id']}: {job['failed']} văn bản không tạo được (xem các dòng “Lỗi” ở trên và "
            "manifest.csv); tệp ZIP chỉ có các văn bản còn lại.",
            err=True,
        )
        sys.exit(EXIT_INCOMPLETE)
