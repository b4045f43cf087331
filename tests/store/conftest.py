"""A recorded đảng bộ and chi bộ whose roster holds the people of samples/monthly-meeting.json."""

from __future__ import annotations

import copy

import pytest

from service import issuing
from service.store import organizations
from tests.conftest import _sample

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
    return organizations.create_organization(
        database,
        {
            "level": "dang_bo",
            "name": "Đảng bộ xã An Phú",
            "abbreviation": "ĐU",
            "place": "An Phú",
            "created_on": "2020-01-01",
        },
    )


@pytest.fixture
def api_org(dang_bo) -> dict:
    """API requests here carry a key of the đảng bộ: it reaches the chi bộ below it too."""
    return dang_bo


@pytest.fixture
def client(api_client):
    return api_client


@pytest.fixture
def chi_bo(database, dang_bo) -> dict:
    return organizations.create_organization(
        database, {"parent_id": dang_bo["id"], "name": "Chi bộ Thôn Đông", "place": "An Phú", "created_on": "2020-01-01"}
    )


def _add(database, org_id: int, people: dict) -> dict[str, int]:
    ids = {}
    for name, (party, government, mass) in people.items():
        member = organizations.create_member(
            database,
            org_id,
            {"full_name": name, "party_position": party, "government_position": government, "mass_position": mass},
        )
        ids[name] = member["id"]
    return ids


@pytest.fixture
def roster(database, chi_bo, dang_bo) -> dict[str, int]:
    """Member ids by name: the chi bộ's members and the two guests from the đảng bộ."""
    return {**_add(database, chi_bo["id"], PEOPLE), **_add(database, dang_bo["id"], UPPER_PEOPLE)}


# The statistics' đảng bộ (tests/store/test_statistics*.py) ----------------------------------------------------

FULL = {"total": 21, "official": 19, "probationary": 2, "exempt": 1, "present": 20, "present_official": 18, "absent": []}


def cell(database, parent: dict, name: str) -> dict:
    return organizations.create_organization(
        database,
        {
            "level": "chi_bo",
            "parent_id": parent["id"],
            "name": name,
            "abbreviation": "CB",
            "place": "An Phú",
            "created_on": "2020-01-01",
        },
    )


def issue(database, storage, kind: str, sample: str, org: dict, **changes) -> None:
    data = copy.deepcopy(_sample(sample))
    data.pop("organization")
    for key in ("resolution_number", "minutes_number", "thematic_resolution_number", "plan_number"):
        data.pop(key, None)
    for key, value in changes.items():
        if key in ("date", "start", "end"):
            data["meeting"][key] = value
        else:
            data[key] = value
    issuing.into_archive(database, storage, kind, data, creator="test", organization_id=org["id"])


@pytest.fixture
def tree(database, storage, dang_bo):
    """Two chi bộ of the đảng bộ and one of another; what each issued in the fourth quarter of 2026 is in the
    comments, with the figures it must give."""
    north, east = cell(database, dang_bo, "Chi bộ Thôn Bắc"), cell(database, dang_bo, "Chi bộ Thôn Đông")
    other_top = organizations.create_organization(
        database,
        {
            "level": "dang_bo",
            "name": "Đảng bộ xã Bình Minh",
            "abbreviation": "ĐU",
            "place": "Bình Minh",
            "created_on": "2020-01-01",
        },
    )
    other = cell(database, other_top, "Chi bộ Thôn Nam")
    # North, October: minutes and resolution of one sitting, 14:00-16:15 (135 min), 16 of 18 official members
    # summoned (19 official, 1 exempt), one guest of the đảng ủy, the Hồ Chí Minh item.
    issue(database, storage, "bien-ban-thuong-ky", "monthly-meeting.json", north, date="2026-10-05")
    issue(database, storage, "nghi-quyet-thang", "monthly-meeting.json", north, date="2026-10-05")
    # North, November: a combined sitting (thematic of quarter IV), 150 min, 16/18.
    issue(database, storage, "bien-ban-thuong-ky-chuyen-de", "combined-meeting.json", north)
    # North, December: 60 minutes, everyone present, self-scored 90; its minutes issued twice (one sitting).
    december = {
        "date": "2026-12-07",
        "start": "14:00",
        "end": "15:00",
        "attendance": FULL,
        "quality": {
            "time": 5,
            "attendance": 5,
            "preparation": 10,
            "organisation": 25,
            "chairing": 10,
            "principles": 5,
            "results": 25,
            "closing": 5,
        },
    }
    issue(database, storage, "bien-ban-thuong-ky", "monthly-meeting.json", north, **december)
    issue(database, storage, "bien-ban-thuong-ky", "monthly-meeting.json", north, **december)
    # East: October only, with no guests and no Hồ Chí Minh item; December's minutes are a draft. Its plan for
    # 2026 puts a topic in November; no thematic sitting is held.
    issue(
        database,
        storage,
        "bien-ban-thuong-ky",
        "monthly-meeting.json",
        east,
        date="2026-10-15",
        attendance=FULL,
        guests=[],
        ho_chi_minh=None,
    )
    issue(database, storage, "bien-ban-thuong-ky", "monthly-meeting.json", east, date="2026-12-10", draft=True)
    issue(database, storage, "ke-hoach-chuyen-de-nam", "thematic-plan.json", east)
    # Another đảng bộ's cell: never counted for this one.
    issue(database, storage, "bien-ban-thuong-ky", "monthly-meeting.json", other, date="2026-10-20")
    return {"north": north, "east": east, "other": other, "other_top": other_top}
