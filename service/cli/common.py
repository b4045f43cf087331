"""What every command shares: the app built from the server's configuration, and refusals as Vietnamese
messages with an exit status instead of tracebacks.

Only the command line builds the app this way: commands use the configuration the server uses
(PARTYDOCS_DATABASE_URL, PARTYDOCS_STORAGE_DIR, instance config.py), so they work on the same data.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, Callable, Iterable, NoReturn

import click
from flask import Flask

from service.findings import Finding, InputInvalid
from service.store.db import Database
from service.store.errors import StoreError

# Exit status of input a command refuses (a file it cannot read, data that does not validate).
EXIT_INVALID = 2


def app() -> Flask:
    from service import create_app

    return create_app()


def database() -> Database:
    return app().extensions["database"]


def print_findings(findings: Iterable[Finding], label: str) -> None:
    for finding in findings:
        click.echo(f"{label} {finding.pointer or '/'}: {finding.message}", err=True)


def exit_invalid(findings: Iterable[Finding]) -> NoReturn:
    print_findings(findings, "Lỗi")
    sys.exit(EXIT_INVALID)


def run_store(function: Callable, *args: Any) -> Any:
    """Call into the store; refusals become Vietnamese messages on stderr and exit status 2."""
    try:
        return function(*args)
    except InputInvalid as refused:
        print_findings(refused.errors, "Lỗi")
    except StoreError as error:
        click.echo(f"Lỗi: {error.message}", err=True)
    sys.exit(EXIT_INVALID)


def write_or_exit(target: Path, content: bytes) -> None:
    """Write the file, or say in Vietnamese why it cannot be written and exit 2 (never a traceback)."""
    folder = target.parent
    if not folder.is_dir():
        click.echo(f"Lỗi: thư mục “{folder}” không tồn tại; hãy tạo thư mục trước hoặc chọn nơi lưu khác.", err=True)
        sys.exit(EXIT_INVALID)
    try:
        target.write_bytes(content)
    except OSError as exc:
        click.echo(f"Lỗi: không ghi được tệp “{target}” ({exc.strerror or exc}).", err=True)
        sys.exit(EXIT_INVALID)
