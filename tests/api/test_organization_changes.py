"""Who may change which field of an organization over the API.

An organization's own profile (names, place, abbreviation, numbering start) is its own to keep; its place in
the tree (parent, level) and its removal belong to the levels above it, between parents they reach. The tree:
huyện H above the đảng bộ xã X and Y, the chi bộ C below X; every cell below is a PATCH of C by one key.
"""

from __future__ import annotations

import pytest

from service.store import organizations
from tests.conftest import keyed_client

KEYS = ("H", "X", "C", "Y")
# field → (new value, or a name of the tree for an id; status answered to the keys of H, X, C, Y)
FIELDS = {
    "name": ("Chi bộ Thôn Đông Mới", (200, 200, 200, 404)),
    "upper_name": ("Đảng bộ xã Đông Hòa", (200, 200, 200, 404)),
    "abbreviation": ("CB-1", (200, 200, 200, 404)),
    "place": ("Phú Mỹ", (200, 200, 200, 404)),
    "created_on": ("2021-03-01", (200, 200, 200, 404)),
    "level": ("dang_bo", (200, 200, 403, 404)),
    "parent_id=Y": ("Y", (200, 422, 403, 404)),  # X does not reach Y: not found, as on creation
    "parent_id=null": (None, (403, 403, 403, 404)),  # out of every key's reach: the machine's act
    "parent_id=X": ("X", (200, 200, 200, 404)),  # unchanged: a client sending the record back
}
CASES = [(field, key, statuses[index]) for field, (_, statuses) in FIELDS.items() for index, key in enumerate(KEYS)]


@pytest.fixture
def tree(app) -> dict[str, int]:
    database = app.extensions["database"]

    def add(name: str, parent: str | None, level: str = "dang_bo") -> int:
        return organizations.create_organization(
            database,
            {
                "parent_id": ids[parent] if parent else None,
                "level": level,
                "name": name,
                "place": "An Phú",
                "abbreviation": "CB" if level == "chi_bo" else "ĐU",
                "created_on": "2020-01-01",
            },
        )["id"]

    ids: dict[str, int] = {}
    ids["H"] = add("Đảng bộ huyện An Phú", None)
    ids["X"] = add("Đảng bộ xã An Phú", "H")
    ids["Y"] = add("Đảng bộ xã Bình Minh", "H")
    ids["C"] = add("Chi bộ Thôn Đông", "X", "chi_bo")
    return ids


def _value(field: str, tree: dict[str, int]):
    value = FIELDS[field][0]
    return tree[value] if field.startswith("parent_id") and value is not None else value


@pytest.mark.parametrize("field, key, status", CASES, ids=[f"{f}-{k}" for f, k, _ in CASES])
def test_who_may_change_each_field_of_a_chi_bo(app, tree, field, key, status):
    name = field.split("=")[0]
    value = _value(field, tree)
    overseer = keyed_client(app, tree["H"])
    before = overseer.get(f"/api/v1/organizations/{tree['C']}").get_json()
    response = keyed_client(app, tree[key]).patch(f"/api/v1/organizations/{tree['C']}", json={name: value})
    assert response.status_code == status, response.get_json()
    after = overseer.get(f"/api/v1/organizations/{tree['C']}")
    assert after.status_code == 200  # whatever happened, the levels above still oversee it
    if status == 200:
        assert after.get_json()[name] == value
    else:
        assert after.get_json() == before
        assert response.mimetype == "application/problem+json"
    if status == 403:
        assert response.get_json()["code"] == "placement_forbidden"


def test_a_key_never_changes_its_own_organization_s_place(app, tree):
    for key in ("X", "Y"):
        client = keyed_client(app, tree[key])
        for change in ({"parent_id": None}, {"parent_id": tree["Y" if key == "X" else "X"]}, {"level": "chi_bo"}):
            response = client.patch(f"/api/v1/organizations/{tree[key]}", json=change)
            assert response.status_code == 403, (key, change)
    assert keyed_client(app, tree["H"]).get(f"/api/v1/organizations/{tree['X']}").get_json()["parent_id"] == tree["H"]


def test_only_a_level_above_removes_an_organization(app, tree):
    own = keyed_client(app, tree["C"]).delete(f"/api/v1/organizations/{tree['C']}")
    assert own.status_code == 403 and own.get_json()["code"] == "removal_forbidden"
    assert keyed_client(app, tree["X"]).delete(f"/api/v1/organizations/{tree['C']}").status_code == 204
