"""The đảng bộ's figures against counts made by hand from the documents issued below (both databases)."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import pytest

from service.store import statistics
from service.store.errors import NotFound
from service.store.models import Member, MemberReview
from service.store.statistics import Period, PeriodInvalid

Q4 = Period.quarter(2026, 4)
AFTER_Q4 = dt.date(2027, 1, 15)


def by_name(stats) -> dict:
    return {figures.name: figures for figures in stats.cells}


def test_figures_match_the_hand_counts(database, dang_bo, tree):
    stats = statistics.compute(database, dang_bo["id"], Q4, today=AFTER_Q4)
    cells = by_name(stats)
    assert list(cells) == ["Chi bộ Thôn Bắc", "Chi bộ Thôn Đông"]
    north = cells["Chi bộ Thôn Bắc"]
    october, november, december = (north.months[(2026, m)] for m in (10, 11, 12))
    assert (october.sittings, october.thematic, october.resolutions) == (1, 0, 1)
    assert (october.present_official, october.summoned, october.upper_guests, october.ho_chi_minh) == (16, 18, 1, 1)
    assert october.minutes == [135]
    assert (november.sittings, november.thematic, november.minutes) == (1, 1, [150])
    assert (december.sittings, december.present_official, december.summoned, december.quality) == (1, 18, 18, [90])
    assert north.thematic_done == {(2026, 4): 1} and north.thematic_planned == {(2026, 4): 0}
    assert north.total.rate == Fraction(16 + 16 + 18, 54)
    east = cells["Chi bộ Thôn Đông"]
    assert [east.months[(2026, m)].sittings for m in (10, 11, 12)] == [1, 0, 0]
    assert (east.months[(2026, 10)].upper_guests, east.months[(2026, 10)].ho_chi_minh) == (0, 0)
    assert east.thematic_planned == {(2026, 4): 1} and east.thematic_done == {(2026, 4): 0}
    assert stats.total.sittings == 4 and stats.month_total((2026, 10)).sittings == 2


def test_alerts_name_each_cell_and_what_it_missed(database, dang_bo, tree):
    stats = statistics.compute(database, dang_bo["id"], Q4, today=AFTER_Q4)
    assert [(a.cell, a.code, a.when) for a in stats.alerts] == [
        ("Chi bộ Thôn Bắc", "low_attendance", "05/10/2026"),
        ("Chi bộ Thôn Bắc", "low_attendance", "05/11/2026"),
        ("Chi bộ Thôn Đông", "no_sitting", "11/2026"),
        ("Chi bộ Thôn Đông", "planned_topic_overdue", "11/2026"),
        ("Chi bộ Thôn Bắc", "sitting_too_short", "07/12/2026"),
        ("Chi bộ Thôn Đông", "no_sitting", "12/2026"),
        ("Chi bộ Thôn Đông", "no_thematic_sitting", "quý IV năm 2026"),
    ]
    low = stats.alerts[0].message
    assert low == ("Chi bộ Thôn Bắc: buổi sinh hoạt ngày 05/10/2026 có 16/18 đảng viên chính thức dự (88,89%), dưới 90%.")
    assert "60 phút, ít hơn 90 phút theo Hướng dẫn 42-HD/BTCTW" in stats.alerts[4].message
    assert stats.alerts[2].document_id is None and stats.alerts[4].document_id is not None


def test_the_threshold_and_the_day_decide_which_alerts_are_due(database, dang_bo, tree):
    lenient = statistics.compute(database, dang_bo["id"], Q4, threshold=0.85, today=dt.date(2026, 11, 20))
    # 16/18 is above 85%; November is not over on the 20th, so only October's figures can be missing.
    assert [(a.cell, a.code) for a in lenient.alerts] == [("Chi bộ Thôn Bắc", "sitting_too_short")]


def test_a_chi_bo_sees_itself_and_a_key_only_its_reach(database, dang_bo, tree):
    east = statistics.compute(database, tree["east"]["id"], Q4, today=AFTER_Q4)
    assert [c.name for c in east.cells] == ["Chi bộ Thôn Đông"]
    with pytest.raises(NotFound):
        statistics.compute(database, dang_bo["id"], Q4, within={tree["other_top"]["id"], tree["other"]["id"]})
    other = statistics.compute(database, tree["other_top"]["id"], Q4, today=AFTER_Q4)
    assert [c.name for c in other.cells] == ["Chi bộ Thôn Nam"] and other.total.sittings == 1


def test_ratings_count_the_decided_level_else_the_proposed(database, dang_bo, tree):
    with database.write() as session:
        for name, decided, proposed in (
            ("A", "HTXSNV", "HTXSNV"),
            ("B", None, "HTTNV"),
            ("C", "HTTNV", "HTXSNV"),
            ("D", None, None),
        ):
            member = Member(organization_id=tree["north"]["id"], full_name=name, status="official")
            session.add(member)
            session.flush()
            session.add(MemberReview(member_id=member.id, year=2026, decided=decided, proposed=proposed))
    stats = statistics.compute(database, dang_bo["id"], Q4, today=AFTER_Q4)
    assert stats.ratings_year == 2026
    assert by_name(stats)["Chi bộ Thôn Bắc"].ratings == {"HTXSNV": 1, "HTTNV": 2, "HTNV": 0, "KHTNV": 0}
    assert stats.ratings_total()["HTTNV"] == 2


def test_the_json_shape_carries_months_quarters_and_alerts(database, dang_bo, tree):
    data = statistics.compute(database, dang_bo["id"], Q4, today=AFTER_Q4).as_dict()
    assert data["period"] == {"from": "2026-10-01", "to": "2026-12-31", "title": "quý IV năm 2026"}
    north = data["cells"][0]
    assert north["months"]["2026-10"]["attendance_percent"] == 88.89
    assert north["quarters"] == {"2026-Q4": {"thematic_done": 1, "thematic_planned": 0}}
    assert data["attendance_threshold_percent"] == 90.0 and len(data["alerts"]) == 7


@pytest.mark.parametrize(
    ("start", "end", "title"),
    [
        (dt.date(2026, 3, 1), dt.date(2026, 3, 31), "tháng 3/2026"),
        (dt.date(2026, 1, 1), dt.date(2026, 12, 31), "năm 2026"),
        (dt.date(2026, 1, 1), dt.date(2026, 3, 31), "quý I năm 2026"),
        (dt.date(2026, 1, 15), dt.date(2026, 5, 2), "từ 15/01/2026 đến 02/05/2026"),
    ],
)
def test_period_titles(start, end, title):
    assert Period.checked(start, end).title() == title


def test_a_period_is_whole_quarters_for_thematic_counts_and_bounded():
    assert Period(dt.date(2026, 2, 1), dt.date(2026, 12, 31)).quarters == [(2026, 2), (2026, 3), (2026, 4)]
    with pytest.raises(PeriodInvalid) as reversed_:
        Period.checked(dt.date(2026, 5, 1), dt.date(2026, 4, 30))
    assert reversed_.value.status == 400 and "30/04/2026" in reversed_.value.message
    with pytest.raises(PeriodInvalid):
        Period.checked(dt.date(2020, 1, 1), dt.date(2025, 1, 1))
    assert Period.parsed("9999-12", None, today=dt.date(2026, 7, 4)).months == [(9999, 12)]


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        ("2026-Q4", None, (dt.date(2026, 10, 1), dt.date(2026, 12, 31))),
        ("2026-03", "2026-05", (dt.date(2026, 3, 1), dt.date(2026, 5, 31))),
        (None, "2026-02-10", (dt.date(2026, 1, 1), dt.date(2026, 2, 10))),
        ("2025-11-03", None, (dt.date(2025, 11, 3), dt.date(2025, 12, 31))),
        ("7/2026", "07/2026", (dt.date(2026, 7, 1), dt.date(2026, 7, 31))),
        (" 2.2026 ", "05-2026", (dt.date(2026, 2, 1), dt.date(2026, 5, 31))),
        ("Quý 3/2026", "quý IV năm 2026", (dt.date(2026, 7, 1), dt.date(2026, 12, 31))),
        ("QUÝ 1/2026", "Q2-2026", (dt.date(2026, 1, 1), dt.date(2026, 6, 30))),
        ("Quy\u0301 2/2026", None, (dt.date(2026, 4, 1), dt.date(2026, 12, 31))),  # typed decomposed (NFD)
        ("05/07/2026", "5.8.2026", (dt.date(2026, 7, 5), dt.date(2026, 8, 5))),
        (None, None, (dt.date(2026, 1, 1), dt.date(2026, 7, 4))),
    ],
)
def test_request_periods(start, end, expected):
    period = Period.parsed(start, end, today=dt.date(2026, 7, 4))
    assert (period.start, period.end) == expected


@pytest.mark.parametrize(
    "text",
    [
        "2026",
        "2026-13",
        "2026-02-30",
        "2026-Q5",
        "tháng 3",
        "0000-01",
        "13/2026",
        "0/2026",
        "31/02/2026",
        "Quý 5/2026",
        "Quý V/2026",
        "7/26",
        "1/0000",
    ],
)
def test_a_bound_that_is_no_date_month_or_quarter_is_refused_naming_the_parameter(text):
    with pytest.raises(PeriodInvalid) as refused:
        Period.parsed(text, None, today=dt.date(2026, 7, 4))
    assert refused.value.code == "period_invalid" and "“from”" in refused.value.message
    assert refused.value.field == "from"
