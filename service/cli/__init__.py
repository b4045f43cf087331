"""`python -m service …`: the command-line door, one module per command group; the only place click lives.

Each command parses its arguments, calls the pipeline or the store, and delivers: a file, a report, an exit status.
"""

from __future__ import annotations

import click

from service.cli import batch, check, convert, db, demo, documents, members, org, render, serve, stats, summary, templates


@click.group()
def main() -> None:
    """Văn bản chi bộ theo đúng thể thức của Đảng — Party cell documents in the official layout."""


for command in (
    render.render,
    render.context,
    render.kinds,
    check.check,
    templates.templates,
    db.db,
    org.org,
    org.keys,
    members.members,
    batch.batch,
    summary.summary,
    convert.convert,
    serve.serve,
    serve.worker,
    stats.stats,
    demo.demo,
    documents.documents,
):
    main.add_command(command)
