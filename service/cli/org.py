"""`python -m service org …` and `keys …`: organizations, their cấp ủy terms, and the API keys that act for them.

Keys are made here, on the server, by whoever runs it: the API has no route
that creates a key, so a leaked key cannot mint others.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import click

from service.cli.common import database, run_store
from service.store import keys as api_keys
from service.store import organizations


@click.group()
def org() -> None:
    """Organizations (đảng bộ, chi bộ) and their cấp ủy terms."""


@org.command("list")
def org_list() -> None:
    for item in organizations.list_organizations(database()):
        click.echo(f"{item['id']:>5}  {item['name']}  ({item['upper'] or '—'})")


@org.command("add")
@click.option("--name", required=True, help="Tên tổ chức, e.g. “Chi bộ Thôn Đông”.")
@click.option("--place", required=True, help="Địa danh in on the header's date line.")
@click.option("--upper", "upper_name", help="Tên cấp ủy cấp trên, when the level above is not recorded.")
@click.option("--parent", "parent_id", type=int, help="Id of the recorded level above.")
@click.option("--level", type=click.Choice(["chi_bo", "dang_bo"]), default="chi_bo", show_default=True)
@click.option("--abbreviation", default="CB", show_default=True, help="Ký hiệu in document numbers.")
@click.option("--created-on", type=click.DateTime(["%Y-%m-%d"]), help="Start of the default term (today).")
def org_add(created_on: dt.datetime | None, **values: Any) -> None:
    """Record an organization."""
    if created_on is not None:
        values["created_on"] = created_on.date().isoformat()
    item = run_store(organizations.create_organization, database(), values)
    click.echo(f"{item['id']}  {item['name']}")


@org.command("move")
@click.argument("organization_id", type=int)
@click.option("--parent", "parent_id", type=int, help="Id of the recorded level above it from now on.")
@click.option("--top", is_flag=True, help="No recorded level above it (name one with --upper).")
@click.option("--upper", "upper_name", help="Tên cấp ủy cấp trên, when the level above is not recorded.")
@click.option("--level", type=click.Choice(["chi_bo", "dang_bo"]), help="Its level, when that changes too.")
def org_move(organization_id: int, parent_id: int | None, top: bool, **values: Any) -> None:
    """Put ORGANIZATION_ID under another level: the act of the upper level, which API keys and signed-in
    accounts may do only below their own organization."""
    if (parent_id is None) == (not top):
        raise click.UsageError("Give either --parent ID or --top.")
    changes = {"parent_id": parent_id, **{key: value for key, value in values.items() if value is not None}}
    item = run_store(organizations.update_organization, database(), organization_id, changes)
    click.echo(f"{item['id']}  {item['name']}  ({item['upper'] or '—'})")


@org.command("term")
@click.argument("organization_id", type=int)
@click.option("--name", required=True, help="e.g. “Nhiệm kỳ 2025 - 2030”.")
@click.option("--start", required=True, type=click.DateTime(["%Y-%m-%d"]))
@click.option("--end", type=click.DateTime(["%Y-%m-%d"]))
def org_term(organization_id: int, name: str, start: dt.datetime, end: dt.datetime | None) -> None:
    """Record a cấp ủy term of ORGANIZATION_ID: document numbers restart with each term."""
    values = {"name": name, "start_on": start.date().isoformat(), "end_on": end.date().isoformat() if end else None}
    item = run_store(organizations.add_term, database(), organization_id, values)
    click.echo(f"{item['id']}  {item['name']}")


@click.group("keys")
def keys() -> None:
    """API keys: each acts for one organization and the levels below it."""


@keys.command("create")
@click.option("--org", "organization_id", required=True, type=int, help="Organization id (`org list`).")
@click.option(
    "--scope",
    type=click.Choice(api_keys.SCOPES),
    default="write",
    show_default=True,
    help="read: only GET (and checks); write: also create and change.",
)
@click.option("--name", help="A note to recognise the key by, e.g. the system that uses it.")
def keys_create(organization_id: int, scope: str, name: str | None) -> None:
    """Create a key and print its token: the only time it is shown."""
    created = run_store(api_keys.create_key, database(), organization_id, scope, name)
    click.echo(created.token)
    click.echo(
        f"Khóa API số {created.key['id']} ({scope}) của tổ chức {organization_id}. Hãy lưu lại ngay: "
        "khóa chỉ hiện một lần. Gửi kèm mỗi yêu cầu: Authorization: Bearer <khóa>.",
        err=True,
    )


@keys.command("list")
@click.option("--org", "organization_id", type=int, help="Only the keys of this organization.")
def keys_list(organization_id: int | None) -> None:
    """Every key: id, organization, scope, prefix, last use; revoked keys are marked."""
    for key in api_keys.list_keys(database(), organization_id):
        state = f"thu hồi {key['revoked_at']}" if key["revoked_at"] else f"dùng lần cuối {key['last_used_at'] or '—'}"
        click.echo(
            f"{key['id']:>5}  tổ chức {key['organization_id']:<5} {key['scope']:<5}  {key['prefix']}…  "
            f"{state}  {key['name'] or ''}".rstrip()
        )


@keys.command("revoke")
@click.argument("key_id", type=int)
def keys_revoke(key_id: int) -> None:
    """Stop KEY_ID from working, at once and for good."""
    key = run_store(api_keys.revoke_key, database(), key_id)
    click.echo(f"Đã thu hồi khóa {key['prefix']}… ({key['revoked_at']}).")
