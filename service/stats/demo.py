"""A demo đảng bộ: five chi bộ and a year of plausible minutes, issued through the archive (the same path as
every document: validated, rendered, numbered, recorded), so that the đảng bộ's page, the API and the quarterly
report have something real to show on a fresh install.

It writes only into a database of its own (`python -m service demo` refuses one that already holds
organizations), never into the user's. The cells differ as real ones do: one meets every month with full
attendance, one skips a summer month, one misses a quarter's thematic sitting and holds a short sitting, one
leaves out the Hồ Chí Minh item now and then, one skips a planned topic. The figures come from a seeded random
generator: the same year gives the same demo.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select

from service.rules.reviews import LEVEL_CODES
from service import issuing
from service.store import organizations
from service.store.db import Database
from service.store.models import MemberReview, Organization
from service.store.storage import Storage

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô", "Dương", "Lý")
MIDDLE = {"male": ("Văn", "Hữu", "Đức", "Minh", "Quang"), "female": ("Thị", "Thu", "Ngọc", "Thanh", "Thị")}
GIVEN = {
    "male": ("An", "Bình", "Cường", "Dũng", "Hải", "Hùng", "Khang", "Long", "Nam", "Phúc", "Quang", "Sơn", "Tùng", "Việt"),
    "female": ("Hoa", "Lan", "Mai", "Nga", "Oanh", "Phương", "Thảo", "Trang", "Vân", "Yến", "Hạnh", "Linh"),
}
UPPER_GUEST = {"name": "Trần Minh Hải", "position": "Đảng ủy viên, phụ trách chi bộ"}


@dataclass(frozen=True)
class Habit:
    """How a demo cell meets."""

    name: str
    official: int
    probationary: int
    absent: tuple[int, ...]  # official members absent, drawn from these at each sitting
    skipped_months: tuple[int, ...] = ()  # no sitting in these months
    skipped_quarters: tuple[int, ...] = ()  # no thematic sitting in these quarters
    short_months: tuple[int, ...] = ()  # a 75-minute sitting
    no_ho_chi_minh: tuple[int, ...] = ()  # sittings without the Hồ Chí Minh item
    combined: bool = False  # the thematic sitting is held with the monthly one
    scored: bool = True  # the meeting-quality sheet is filled in


CELLS = (
    Habit("Chi bộ Thôn Đông", 19, 2, (0, 0, 1), combined=True),
    Habit("Chi bộ Thôn Tây", 14, 1, (0, 1, 1, 2), skipped_months=(7,)),
    Habit("Chi bộ Thôn Nam", 22, 3, (0, 1, 2), skipped_quarters=(3,), short_months=(5,)),
    Habit("Chi bộ Thôn Bắc", 11, 1, (0, 1), no_ho_chi_minh=(2, 6, 10), scored=False),
    Habit("Chi bộ Trường Tiểu học An Phú", 16, 2, (0, 1, 1), skipped_months=(8,), skipped_quarters=(2,)),
)


def sample_input(name: str) -> dict[str, Any]:
    data = json.loads((SAMPLES / name).read_text(encoding="utf-8"))
    data.pop("organization")
    for key in ("resolution_number", "minutes_number", "thematic_resolution_number", "plan_number"):
        data.pop(key, None)
    return data


def is_empty(database: Database) -> bool:
    with database.read() as session:
        return session.scalars(select(Organization.id).limit(1)).first() is None


def generate(database: Database, storage: Storage, year: int, today: dt.date) -> dict[str, int]:
    """Create the demo đảng bộ and issue its cells' documents of `year` up to `today`; returns what was made."""
    rng = random.Random(year)
    top = organizations.create_organization(
        database,
        {
            "level": "dang_bo",
            "name": "Đảng bộ xã An Phú",
            "upper_name": "Đảng bộ huyện Phú Bình",
            "abbreviation": "ĐU",
            "place": "An Phú",
            "created_on": f"{year - 5}-01-01",
        },
    )
    made = {"organizations": 1, "members": 0, "documents": 0}
    for index, habit in enumerate(CELLS):
        cell = organizations.create_organization(
            database,
            {
                "level": "chi_bo",
                "parent_id": top["id"],
                "name": habit.name,
                "abbreviation": "CB",
                "place": "An Phú",
                "created_on": f"{year - 5}-01-01",
            },
        )
        people = _members(database, cell["id"], habit, rng)
        made["organizations"] += 1
        made["members"] += len(people)
        made["documents"] += _year_of_sittings(database, storage, cell["id"], habit, people, year, today, index, rng)
        _ratings(database, people, year, rng)
    return made


def _members(database: Database, cell_id: int, habit: Habit, rng: random.Random) -> list[dict]:
    people, names = [], set()
    for number in range(habit.official + habit.probationary):
        gender = rng.choice(("male", "female"))
        name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE[gender])} {rng.choice(GIVEN[gender])}"
        while name in names:
            name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE[gender])} {rng.choice(GIVEN[gender])}"
        names.add(name)
        position = {0: "Bí thư Chi bộ", 1: "Phó Bí thư Chi bộ"}.get(number)
        people.append(
            organizations.create_member(
                database,
                cell_id,
                {
                    "full_name": name,
                    "gender": gender,
                    "party_position": position,
                    "status": "official" if number < habit.official else "probationary",
                },
            )
        )
    return people


def _year_of_sittings(
    database: Database,
    storage: Storage,
    cell_id: int,
    habit: Habit,
    people: list[dict],
    year: int,
    today: dt.date,
    index: int,
    rng: random.Random,
) -> int:
    plan = sample_input("thematic-plan.json")
    plan.update(date=f"{year}-01-0{2 + index}", year=year, signer={"name": people[0]["full_name"], "title": "BÍ THƯ"})
    issued = [("ke-hoach-chuyen-de-nam", plan)] if dt.date(year, 1, 2 + index) <= today else []
    topics = {topic["month"]: topic for topic in plan["topics"]}
    for month in range(1, 13):
        day = dt.date(year, month, 5 + index)
        if day > today or month in habit.skipped_months:
            continue
        sitting = _sitting(habit, people, day, rng)
        topic = topics.get(month, {})
        thematic = bool(topic) and (month - 1) // 3 + 1 not in habit.skipped_quarters
        if thematic and habit.combined:
            combined = {**sample_input("combined-meeting.json"), **sitting}
            combined["thematic"] = _thematic(combined["thematic"], topic, day, sitting)
            combined["meeting"]["end"] = "16:30"
            issued += [("bien-ban-thuong-ky-chuyen-de", combined), ("nghi-quyet-thang-ket-hop", combined)]
            continue
        monthly = {**sample_input("monthly-meeting.json"), **sitting}
        if month in habit.no_ho_chi_minh:
            monthly["ho_chi_minh"] = None
        issued += [("bien-ban-thuong-ky", monthly), ("nghi-quyet-thang", monthly)]
        if thematic and day + dt.timedelta(days=12) <= today:
            alone = sample_input("thematic-meeting.json")
            alone.update(_sitting(habit, people, day + dt.timedelta(days=12), rng))
            alone.pop("quality", None)
            alone.pop("vote")
            alone["thematic"] = _thematic(alone["thematic"], topic, day, alone)
            issued += [("bien-ban-chuyen-de", alone), ("nghi-quyet-chuyen-de", alone)]
    for kind, data in issued:
        issuing.into_archive(database, storage, kind, copy.deepcopy(data), creator="demo", organization_id=cell_id)
    return len(issued)


def _sitting(habit: Habit, people: list[dict], day: dt.date, rng: random.Random) -> dict[str, Any]:
    """The parts every set of minutes shares: date, time, who attended, the guests, the quality sheet."""
    away = rng.choice(habit.absent)
    absent = [
        {"name": person["full_name"], "excused": True, "reason": "đi công tác", "status": "official"}
        for person in people[2 : 2 + away]
    ]
    total = habit.official + habit.probationary
    minutes = 75 if day.month in habit.short_months else rng.choice((100, 110, 120, 135))
    end = dt.datetime.combine(day, dt.time(14)) + dt.timedelta(minutes=minutes)
    present_official = habit.official - away
    sitting = {
        "meeting": {
            "date": day.isoformat(),
            "start": "14:00",
            "end": end.strftime("%H:%M"),
            "location": f"Hội trường {habit.name.removeprefix('Chi bộ ')}",
            "form": "in_person",
        },
        "attendance": {
            "total": total,
            "official": habit.official,
            "probationary": habit.probationary,
            "present": total - away,
            "present_official": present_official,
            "absent": absent,
        },
        "guests": [UPPER_GUEST] if rng.random() < 0.5 else [],
        "chair": {"name": people[0]["full_name"], "position": "Bí thư Chi bộ"},
        "secretary": {"name": people[1]["full_name"], "position": "Phó Bí thư Chi bộ"},
        "vote": {"method": "show_of_hands", "in_favour": present_official, "against": 0, "other": 0},
    }
    if habit.scored:
        sitting["quality"] = {
            "time": 5,
            "attendance": 5 if not away else 4,
            "preparation": rng.choice((8, 9, 10)),
            "organisation": rng.choice((24, 26, 28)),
            "chairing": rng.choice((8, 9, 10)),
            "principles": 5,
            "results": rng.choice((22, 25, 27)),
            "closing": 5,
        }
    return sitting


def _thematic(base: dict, topic: dict, day: dt.date, sitting: dict) -> dict:
    return {
        **base,
        "topic": topic["topic"],
        "quarter": (day.month - 1) // 3 + 1,
        "year": day.year,
        "questions": topic["questions"][:5] or base["questions"],
        "vote": {**base["vote"], "in_favour": sitting["attendance"]["present_official"]},
    }


def _ratings(database: Database, people: list[dict], year: int, rng: random.Random) -> None:
    """Last year's ratings, decided: most members HTTNV, a few HTXSNV (within the 20% quota), now and then HTNV."""
    weights = (0.15, 0.75, 0.08, 0.02)
    with database.write() as session:
        for person in people:
            level = rng.choices(LEVEL_CODES, weights)[0]
            session.add(MemberReview(member_id=person["id"], year=year - 1, proposed=level, decided=level))
