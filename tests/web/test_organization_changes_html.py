"""Who may change which field of an organization from the web pages: the same rule as the API
(tests/api/test_organization_changes.py). A signed-in account edits its own organization's profile, never its
place in the tree, even by a field the form does not offer; the person at the machine (no login) may, as the
command line does.
"""

from __future__ import annotations

import pytest

from service.store import organizations
from service.web import accounts, auth
from service.web.organization import SESSION_KEY
from tests.web.test_access_html import PASSWORD, signed_in
from tests.web.browser import form_fields, replace
from tests.web.conftest import post

# field → (value typed; whether an account may change its own organization's field, whether the machine may)
FIELDS = {
    "/name": ("Chi bộ Thôn Đông Mới", True, True),
    "/upper_name": ("Đảng bộ xã Đông Hòa", True, True),
    "/abbreviation": ("CB-1", True, True),
    "/place": ("Phú Mỹ", True, True),
    "/created_on": ("2021-03-01", True, True),
    "/level": ("{other_level}", False, True),
    "/parent_id": ("{other}", False, True),  # not on the form: sent by hand
}
WHO = ("dong", "anphu", "machine")
CASES = [(name, who) for name in FIELDS for who in WHO]


@pytest.fixture
def tree(app) -> dict[str, int]:
    """Two đảng bộ xã, the chi bộ Thôn Đông below the first; an account for the chi bộ and the đảng bộ."""
    database = app.extensions["database"]
    ids = {}
    for key, name, parent, level in (
        ("anphu", "Đảng bộ xã An Phú", None, "dang_bo"),
        ("other", "Đảng bộ xã Bình Minh", None, "dang_bo"),
        ("dong", "Chi bộ Thôn Đông", "anphu", "chi_bo"),
    ):
        ids[key] = organizations.create_organization(
            database,
            {
                "parent_id": ids.get(parent),
                "level": level,
                "name": name,
                "place": "An Phú",
                "abbreviation": "CB" if level == "chi_bo" else "ĐU",
                "created_on": "2020-01-01",
            },
        )["id"]
    for username in ("dong", "anphu"):
        accounts.create_account(database, ids[username], username, PASSWORD)
    return ids


def _client(app, who: str, tree: dict[str, int]):
    if who == "machine":
        app.config.update(LOGIN_REQUIRED=False, SOFFICE_PATH="")
        client = app.test_client()
        with client.session_transaction() as session:  # the profile chosen on the profile page
            session[SESSION_KEY] = tree["dong"]
        return client, tree["dong"]
    app.config.update(LOGIN_REQUIRED=True, SOFFICE_PATH="")
    auth.configure(app)
    return signed_in(app, who), tree[who]


@pytest.mark.parametrize("name, who", CASES, ids=[f"{n[1:]}-{w}" for n, w in CASES])
def test_who_may_change_each_field_from_the_profile_page(app, tree, name, who):
    client, organization_id = _client(app, who, tree)
    value, by_account, by_machine = FIELDS[name]
    database = app.extensions["database"]
    before = organizations.get_organization(database, organization_id)
    value = value.format(
        other_level="dang_bo" if before["level"] == "chi_bo" else "chi_bo",
        **{key: str(org_id) for key, org_id in tree.items()},
    )
    pairs = replace(form_fields(client.get("/organization/edit").data, "record-form"), name, value)
    response = post(client, "/organization/edit", pairs)
    after = organizations.get_organization(database, organization_id)
    field = name[1:]
    if by_machine if who == "machine" else by_account:
        assert response.status_code == 303, response.get_data(as_text=True)
        assert str(after[field]) == value
    else:
        assert response.status_code == 403
        assert "chỉ do cấp ủy cấp trên của tổ chức này thay đổi" in response.get_data(as_text=True)
        assert after == before
