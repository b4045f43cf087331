"""API keys in the store: only a hash is kept, revoking is final, a key reaches its organization's subtree,
and the `keys` commands that make them."""

from __future__ import annotations

import hashlib

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from service.store import export, keys, organizations
from service.store.keys import ApiKey, KeyRejected
from service.cli.org import keys as keys_command


def test_only_the_hash_and_a_prefix_of_the_token_are_kept(database, chi_bo):
    created = keys.create_key(database, chi_bo["id"], "read", "Cổng thông tin")
    assert created.token.startswith("pdk_") and len(created.token) > 40
    with database.read() as session:
        row = session.scalars(select(ApiKey)).one()
        stored = [str(getattr(row, column.key)) for column in ApiKey.__table__.columns]
    assert row.token_sha256 == hashlib.sha256(created.token.encode()).hexdigest()
    assert created.token not in stored and row.prefix == created.token[:12]
    assert created.key == {
        "id": row.id,
        "organization_id": chi_bo["id"],
        "prefix": row.prefix,
        "scope": "read",
        "name": "Cổng thông tin",
        "created_at": row.created_at.isoformat(),
        "revoked_at": None,
        "last_used_at": None,
    }


def test_a_key_reaches_its_organization_and_every_level_below(database, dang_bo, chi_bo):
    grandchild = organizations.create_organization(
        database, {"parent_id": chi_bo["id"], "name": "Tổ đảng 1", "place": "An Phú"}
    )
    other = organizations.create_organization(
        database, {"name": "Chi bộ Thôn Bắc", "place": "Bắc", "upper_name": "Đảng ủy xã Bắc"}
    )
    top = keys.authenticate(database, keys.create_key(database, dang_bo["id"]).token)
    middle = keys.authenticate(database, keys.create_key(database, chi_bo["id"], "read").token)
    assert top.organizations == {dang_bo["id"], chi_bo["id"], grandchild["id"]}
    assert middle.organizations == {chi_bo["id"], grandchild["id"]} and other["id"] not in top.organizations
    assert (top.can_write, middle.can_write) == (True, False)


def test_using_a_key_records_when(database, chi_bo):
    created = keys.create_key(database, chi_bo["id"])
    keys.authenticate(database, created.token)
    assert keys.list_keys(database)[0]["last_used_at"] is not None


@pytest.mark.parametrize("token", ["", "pdk_", "pdk_unknown", "Bearer pdk_x", "x" * 300])
def test_unknown_tokens_are_rejected(database, chi_bo, token):
    keys.create_key(database, chi_bo["id"])
    with pytest.raises(KeyRejected) as rejected:
        keys.authenticate(database, token)
    assert rejected.value.code == "invalid_api_key"


def test_a_revoked_key_is_rejected_and_stays_listed(database, chi_bo):
    created = keys.create_key(database, chi_bo["id"])
    revoked = keys.revoke_key(database, created.key["id"])
    with pytest.raises(KeyRejected) as rejected:
        keys.authenticate(database, created.token)
    assert rejected.value.code == "api_key_revoked" and created.key["prefix"] in rejected.value.message
    assert keys.revoke_key(database, created.key["id"])["revoked_at"] == revoked["revoked_at"]
    assert keys.list_keys(database, chi_bo["id"]) == [revoked]


def test_keys_go_with_their_organization_and_are_not_exported(client, database, dang_bo):
    child = organizations.create_organization(
        database, {"parent_id": dang_bo["id"], "name": "Chi bộ Thôn Nam", "place": "An Phú"}
    )
    keys.create_key(database, child["id"])
    assert client.delete(f"/api/v1/organizations/{child['id']}").status_code == 204
    assert [key["organization_id"] for key in keys.list_keys(database)] == [dang_bo["id"]]  # the client's own
    assert not {"api_keys", "idempotency_records"} & set(export.TABLES)


def run(database, *arguments):
    return CliRunner().invoke(keys_command, list(arguments), env={"PARTYDOCS_DATABASE_URL": database.url})


def test_the_keys_commands_create_list_and_revoke(database, chi_bo):
    created = run(database, "create", "--org", str(chi_bo["id"]), "--scope", "read", "--name", "Báo cáo")
    token = created.stdout.strip()
    assert created.exit_code == 0 and token.startswith("pdk_") and "chỉ hiện một lần" in created.stderr
    assert keys.authenticate(database, token).scope == "read"
    listed = run(database, "list", "--org", str(chi_bo["id"])).output
    assert token[:12] in listed and token not in listed and "Báo cáo" in listed
    assert run(database, "revoke", "1").exit_code == 0
    assert "thu hồi" in run(database, "list").output


def test_the_keys_commands_refuse_what_does_not_exist(database):
    missing_org = run(database, "create", "--org", "42")
    assert missing_org.exit_code == 2 and "Không tìm thấy tổ chức đảng mã số 42" in missing_org.output
    assert run(database, "revoke", "7").exit_code == 2
    assert run(database, "create", "--org", "1", "--scope", "admin").exit_code == 2
