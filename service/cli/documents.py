"""`python -m service documents issue|correct|sent|replace|remove`: the archive's workflow from the command line.

The same steps as the web's "Ban hành", "Sửa văn bản", "Đánh dấu đã gửi" and "Ban hành văn bản thay thế", on
the data the server uses (PARTYDOCS_DATABASE_URL, PARTYDOCS_STORAGE_DIR, instance config.py).
"""

from __future__ import annotations

import json
import sys
from typing import Any, Callable

import click

from service import issuing
from service.cli import common
from service.cli.common import EXIT_INVALID
from service.findings import InputInvalid
from service.store import archive
from service.store.errors import StoreError

CREATOR = "cli"


def _stores() -> tuple[Any, Any]:
    app = common.app()
    return app.extensions["database"], app.extensions["storage"]


def _done(step: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Run one step; its refusal becomes Vietnamese messages on stderr and exit status 2."""
    try:
        return step(*args, **kwargs)
    except InputInvalid as invalid:
        for error in invalid.errors:
            click.echo(f"Lỗi {error.pointer or '/'}: {error.message}", err=True)
    except StoreError as error:
        click.echo(f"Lỗi: {error.message}", err=True)
    sys.exit(EXIT_INVALID)


def _input(source) -> Any:
    try:
        return json.loads(source.read().decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as exc:
        click.echo(f"Lỗi: tệp đầu vào không phải JSON UTF-8 hợp lệ ({exc}).", err=True)
        sys.exit(EXIT_INVALID)


def _say(record) -> None:
    number = f" số {record.number:02d}" if record.number else ""
    click.echo(f"{record.id}  {record.filename.removesuffix('.docx')}{number} ({record.status}, bản {record.revision})")


@click.group()
def documents() -> None:
    """Drafts, issuing, corrections and replacements of archived documents."""


@documents.command("issue")
@click.argument("document_id", type=int)
def issue(document_id: int) -> None:
    """Issue the draft DOCUMENT_ID ("Ban hành"): the register gives the number."""
    database, storage = _stores()
    draft = _done(archive.get_document, database, document_id)
    (issued,) = _done(
        issuing.issue_drafts, database, storage, [document_id], creator=CREATOR, organization_id=draft.organization_id
    )
    _say(issued.record)


@documents.command("correct")
@click.argument("document_id", type=int)
@click.argument("input_file", type=click.File("rb"))
@click.option("--reason", required=True, help="Why it is corrected (recorded with the new revision).")
def correct(document_id: int, input_file, reason: str) -> None:
    """Correct DOCUMENT_ID with INPUT_FILE (JSON): a new revision under the same number."""
    database, storage = _stores()
    _say(_done(issuing.correct, database, storage, document_id, _input(input_file), reason=reason, creator=CREATOR).record)


@documents.command("sent")
@click.argument("document_id", type=int)
def sent(document_id: int) -> None:
    """Mark DOCUMENT_ID as sent ("đã gửi"): from then on only a replacement may follow."""
    database, _ = _stores()
    _say(_done(archive.mark_sent, database, document_id))


@documents.command("replace")
@click.argument("document_id", type=int)
@click.argument("input_file", type=click.File("rb"))
@click.option("--reason", required=True, help="Why it is replaced (recorded with the new document).")
def replace(document_id: int, input_file, reason: str) -> None:
    """Replace the sent DOCUMENT_ID with INPUT_FILE (JSON): a new document with a new number naming it."""
    database, storage = _stores()
    _say(
        _done(
            issuing.correct, database, storage, document_id, _input(input_file), reason=reason, creator=CREATOR, replace=True
        ).record
    )


@documents.command("remove")
@click.argument("document_id", type=int)
def remove(document_id: int) -> None:
    """Remove the draft DOCUMENT_ID; documents issued are kept."""
    database, _ = _stores()
    _done(archive.remove_draft, database, document_id)
    click.echo(f"Đã xóa bản dự thảo {document_id}.")
