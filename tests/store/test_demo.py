"""`python -m service demo`: five chi bộ and their minutes issued into a database of their own, never another."""

from __future__ import annotations

import datetime as dt

from click.testing import CliRunner
from sqlalchemy import select

from service.stats import demo
from service.cli.demo import demo as demo_command
from service.store import organizations, statistics
from service.store.db import Database
from service.store.models import Organization
from service.store.statistics import Period


def test_a_quarter_of_demo_minutes_gives_every_cell_its_sittings(database, storage):
    made = demo.generate(database, storage, 2026, dt.date(2026, 4, 1))
    assert made == {
        "organizations": 6,
        "members": 19 + 2 + 14 + 1 + 22 + 3 + 11 + 1 + 16 + 2,
        "documents": 5 + 5 * 3 * 2 + 4 * 2,
    }  # plans, monthly minutes + resolutions, thematic alone
    stats = statistics.compute(database, 1, Period.quarter(2026, 1), today=dt.date(2026, 4, 1))
    assert [cell.name for cell in stats.cells] == [habit.name for habit in demo.CELLS]
    assert [cell.total.sittings for cell in stats.cells] == [3] * 5
    assert [(cell.thematic_done, cell.thematic_planned) for cell in stats.cells] == [({(2026, 1): 1}, {(2026, 1): 1})] * 5
    assert stats.ratings_year == 2025 and sum(stats.ratings_total().values()) == made["members"]
    assert not demo.is_empty(database)


def test_the_command_refuses_a_database_that_holds_data(tmp_path):
    url = f"sqlite:///{tmp_path / 'demo.sqlite3'}"
    database = Database(url)
    database.upgrade()
    organizations.create_organization(
        database,
        {
            "level": "dang_bo",
            "name": "Đảng bộ của người dùng",
            "abbreviation": "ĐU",
            "place": "An Phú",
            "created_on": "2020-01-01",
        },
    )
    database.dispose()
    env = {"PARTYDOCS_INSTANCE_DIR": str(tmp_path)}
    refused = CliRunner().invoke(demo_command, ["--database", url], env=env)
    assert refused.exit_code == 2 and "đã có dữ liệu" in refused.output
    own = CliRunner().invoke(demo_command, ["--database", url], env={**env, "PARTYDOCS_DATABASE_URL": url})
    assert own.exit_code == 2 and "phải khác cơ sở dữ liệu đang dùng" in own.output
    with Database(url).read() as session:
        assert session.scalars(select(Organization.name)).all() == ["Đảng bộ của người dùng"]
