"""A recorded đảng bộ and chi bộ whose roster holds the people of samples/monthly-meeting.json."""
from __future__ import annotations

import pytest

from service.store import organizations

# name → (party, government, mass-organization position), as the sample prints them.
PEOPLE = {
    "Nguyễn Văn An": ("Bí thư Chi bộ", None, None),
    "Trần Thị Bình": ("Phó Bí thư Chi bộ", None, None),
    "Lê Văn Cường": (None, None, None),
    "Phạm Văn Dũng": (None, None, None),
    "Hoàng Văn Đức": (None, None, None),
    "Lê Thị Lan": (None, None, None),
    "Đỗ Văn Minh": (None, None, None),
    "Ngô Thị Nga": (None, None, None),
    "Bùi Văn Phúc": (None, None, None),
    "Đinh Văn Quang": (None, None, None),
}
UPPER_PEOPLE = {
    "Trần Minh Hải": ("Đảng ủy viên, phụ trách Chi bộ Thôn Đông", None, None),
    "Vũ Thị Hoa": (None, None, "Chủ tịch Hội Liên hiệp Phụ nữ xã"),
}


@pytest.fixture
def database(app):
    return app.extensions["database"]


@pytest.fixture
def storage(app):
    return app.extensions["storage"]


@pytest.fixture
def dang_bo(database) -> dict:
    return organizations.create_organization(database, {"level": "dang_bo", "name": "Đảng bộ xã An Phú",
                                                        "abbreviation": "ĐU", "place": "An Phú",
                                                        "created_on": "2020-01-01"})


@pytest.fixture
def api_org(dang_bo) -> dict:
    """API requests here carry a key of the đảng bộ: it reaches the chi bộ below it too."""
    return dang_bo


@pytest.fixture
def client(api_client):
    return api_client


@pytest.fixture
def chi_bo(database, dang_bo) -> dict:
    return organizations.create_organization(database, {"parent_id": dang_bo["id"], "name": "Chi bộ Thôn Đông",
                                                        "place": "An Phú", "created_on": "2020-01-01"})


def _add(database, org_id: int, people: dict) -> dict[str, int]:
    ids = {}
    for name, (party, government, mass) in people.items():
        member = organizations.create_member(database, org_id, {
            "full_name": name, "party_position": party, "government_position": government,
            "mass_position": mass})
        ids[name] = member["id"]
    return ids


@pytest.fixture
def roster(database, chi_bo, dang_bo) -> dict[str, int]:
    """Member ids by name: the chi bộ's members and the two guests from the đảng bộ."""
    return {**_add(database, chi_bo["id"], PEOPLE), **_add(database, dang_bo["id"], UPPER_PEOPLE)}
