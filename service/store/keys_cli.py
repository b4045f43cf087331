"""`python -m service keys create|list|revoke`: the API keys of organizations.

Keys are made here, on the server, by whoever runs it: the API has no route
that creates a key, so a leaked key cannot mint others.
"""
from __future__ import annotations

import click

from service.store import keys as api_keys
from service.store.cli import _database, _run


@click.group("keys")
def keys() -> None:
    """API keys: each acts for one organization and the levels below it."""


@keys.command("create")
@click.option("--org", "organization_id", required=True, type=int, help="Organization id (`org list`).")
@click.option("--scope", type=click.Choice(api_keys.SCOPES), default="write", show_default=True,
              help="read: only GET (and checks); write: also create and change.")
@click.option("--name", help="A note to recognise the key by, e.g. the system that uses it.")
def keys_create(organization_id: int, scope: str, name: str | None) -> None:
    """Create a key and print its token: the only time it is shown."""
    created = _run(api_keys.create_key, _database(), organization_id, scope, name)
    click.echo(created.token)
    click.echo(f"Khóa API số {created.key['id']} ({scope}) của tổ chức {organization_id}. Hãy lưu lại ngay: "
               "khóa chỉ hiện một lần. Gửi kèm mỗi yêu cầu: Authorization: Bearer <khóa>.", err=True)


@keys.command("list")
@click.option("--org", "organization_id", type=int, help="Only the keys of this organization.")
def keys_list(organization_id: int | None) -> None:
    """Every key: id, organization, scope, prefix, last use; revoked keys are marked."""
    for key in api_keys.list_keys(_database(), organization_id):
        state = f"thu hồi {key['revoked_at']}" if key["revoked_at"] else f"dùng lần cuối {key['last_used_at'] or '—'}"
        click.echo(f"{key['id']:>5}  tổ chức {key['organization_id']:<5} {key['scope']:<5}  {key['prefix']}…  "
                   f"{state}  {key['name'] or ''}".rstrip())


@keys.command("revoke")
@click.argument("key_id", type=int)
def keys_revoke(key_id: int) -> None:
    """Stop KEY_ID from working, at once and for good."""
    key = _run(api_keys.revoke_key, _database(), key_id)
    click.echo(f"Đã thu hồi khóa {key['prefix']}… ({key['revoked_at']}).")
