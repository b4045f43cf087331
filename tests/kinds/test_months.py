"""The three months of a monthly sitting (spec §3.4a): defaults, overrides, refusals, and the titles they print."""

from __future__ import annotations

import pytest

from service import pipeline
from tests.helpers import docx_text
from tests.kinds.findings import errors_of, sample, text_of, warnings_of

MINUTES, RESOLUTION = "bien-ban-thuong-ky", "nghi-quyet-thang"


def _titles(data: dict) -> dict:
    return pipeline.titles(pipeline.check(MINUTES, data))["titles"]


@pytest.fixture
def december() -> dict:
    """A sitting on 04/12/2026 that evaluates November's resolution and adopts December's."""
    return sample("december-meeting.json")


@pytest.mark.parametrize(
    "date, sitting, tasks, reviewed",
    [
        ("2026-12-05", "tháng 12 năm 2026", "tháng 12 năm 2026", "tháng 11 năm 2026"),  # day 1-15: this month
        ("2026-11-28", "tháng 11 năm 2026", "tháng 12 năm 2026", "tháng 11 năm 2026"),  # day 16-31: next month
        ("2026-12-16", "tháng 12 năm 2026", "tháng 1 năm 2027", "tháng 12 năm 2026"),  # over the year's end
        ("2027-01-15", "tháng 1 năm 2027", "tháng 1 năm 2027", "tháng 12 năm 2026"),
    ],
)
def test_defaults_follow_the_meeting_date(meeting, date, sitting, tasks, reviewed):
    meeting["meeting"]["date"] = date
    for area in meeting["next_month"]:
        for task in area["tasks"]:
            task.pop("deadline", None)
    assert _titles(meeting) == {
        "minutes": f"Sinh hoạt chi bộ thường kỳ {sitting}",
        "resolution": f"Nghị quyết về nhiệm vụ {tasks}",
        "evaluation": f"Đánh giá kết quả thực hiện Nghị quyết {reviewed}",
    }


def test_december_sitting_reviewing_november_prints_the_three_months(december):
    minutes, resolution = text_of(MINUTES, december), text_of(RESOLUTION, december)
    assert "BIÊN BẢN\nSinh hoạt chi bộ thường kỳ tháng 12 năm 2026\n-----" in minutes
    assert "Đánh giá kết quả thực hiện Nghị quyết tháng 11 năm 2026" in minutes
    assert "thông qua Nghị quyết về nhiệm vụ tháng 12 năm 2026: " in minutes
    assert "NGHỊ QUYẾT\nvề nhiệm vụ tháng 12 năm 2026\n-----" in resolution
    assert "I. ĐÁNH GIÁ KẾT QUẢ THỰC HIỆN NGHỊ QUYẾT THÁNG 11 NĂM 2026\n" in resolution
    assert "II. NHIỆM VỤ TRỌNG TÂM THÁNG 12 NĂM 2026\n" in resolution


def test_each_month_can_be_given(meeting):
    # A sitting postponed to 02/12 that still belongs to November and adopts December's tasks.
    meeting["meeting"]["date"] = "2026-12-02"
    meeting.update(
        sitting_month={"month": 11, "year": 2026},
        tasks_month={"month": 12, "year": 2026},
        reviewed_month={"month": 11, "year": 2026},
    )
    for area in meeting["next_month"]:
        for task in area["tasks"]:
            task.pop("deadline", None)
    prepared = pipeline.check(MINUTES, meeting)
    titles = pipeline.titles(prepared)
    assert titles["summary"] == "Sinh hoạt chi bộ thường kỳ tháng 11 năm 2026"
    assert titles["months"] == {
        "sitting": {"month": 11, "year": 2026, "source": "input"},
        "tasks": {"month": 12, "year": 2026, "source": "input"},
        "reviewed": {"month": 11, "year": 2026, "source": "input"},
    }
    assert {w.pointer: w.code for w in prepared.warnings}["/sitting_month"] == "sitting_month_differs"
    assert "NGHỊ QUYẾT\nvề nhiệm vụ tháng 12 năm 2026\n" in text_of(RESOLUTION, meeting)


def test_the_older_period_field_is_the_month_evaluated(december):
    del december["reviewed_month"]
    december["period"] = {"month": 11, "year": 2026}
    months = pipeline.titles(pipeline.check(MINUTES, december))["months"]
    assert months["reviewed"] == {"month": 11, "year": 2026, "source": "period"}
    assert months["tasks"] == {"month": 12, "year": 2026, "source": "period"}
    assert warnings_of(MINUTES, december)["/period"] == "period_replaced"
    december["reviewed_month"] = {"month": 11, "year": 2026}
    assert errors_of(MINUTES, december)["/period"] == "period_conflict"


def test_a_month_not_over_on_the_meeting_date_cannot_be_evaluated(meeting):
    meeting["reviewed_month"] = {"month": 11, "year": 2026}  # the sitting is on 05/11/2026
    errors = errors_of(MINUTES, meeting)
    assert errors["/reviewed_month"] == "reviewed_month_not_before_tasks"  # and the tasks month is November
    meeting["tasks_month"] = {"month": 12, "year": 2026}
    assert errors_of(MINUTES, meeting)["/reviewed_month"] == "reviewed_month_unfinished"


def test_the_old_samples_month_on_its_date_is_refused_where_it_points(meeting):
    # The sample before this change: a sitting on 05/11 that "evaluated November" through `period`.
    meeting["period"] = {"month": 11, "year": 2026}
    errors = errors_of(RESOLUTION, meeting)
    assert errors["/period"] == "reviewed_month_unfinished"


def test_a_tasks_month_already_over_is_refused_and_a_far_one_warned(meeting):
    meeting["tasks_month"] = {"month": 10, "year": 2026}
    assert errors_of(MINUTES, meeting)["/tasks_month"] == "tasks_month_past"
    meeting["tasks_month"] = {"month": 1, "year": 2027}
    meeting["reviewed_month"] = {"month": 10, "year": 2026}
    warnings = warnings_of(MINUTES, meeting)
    assert warnings["/tasks_month"] == "tasks_month_far"
    assert warnings["/reviewed_month"] == "reviewed_month_gap"


def test_a_sitting_month_far_from_the_date_is_refused(meeting):
    meeting["sitting_month"] = {"month": 9, "year": 2026}
    assert errors_of(MINUTES, meeting)["/sitting_month"] == "sitting_month_far"


def test_a_deadline_before_the_tasks_month_is_a_warning(december):
    december["next_month"][0]["tasks"][0]["deadline"] = "trước ngày 25/11/2026"
    warnings = warnings_of(RESOLUTION, december)
    assert warnings["/next_month/0/tasks/0/deadline"] == "task_deadline_before_month"


def test_the_month_after_the_last_accepted_date_is_no_crash(meeting):
    meeting["meeting"]["date"] = "2200-12-31"
    for area in meeting["next_month"]:
        for task in area["tasks"]:
            task.pop("deadline", None)
    assert _titles(meeting)["resolution"] == "Nghị quyết về nhiệm vụ tháng 1 năm 2201"
    meeting["meeting"]["date"] = "9999-12-31"
    assert errors_of(MINUTES, meeting)["/meeting/date"] == "date_out_of_range"


def test_the_year_in_headings_is_held_to_its_word(december):
    """ "năm 2026" never splits; the month before it may, so that the words before it are not few on a justified
    first line, stretched across the width."""
    text = docx_text(pipeline.produce(RESOLUTION, december).content, raw=True)
    assert "NGHỊ QUYẾT THÁNG 11 NĂM\u00a02026" in text
    assert "về nhiệm vụ tháng 12 năm\u00a02026" in text
