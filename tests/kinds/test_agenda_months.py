"""An agenda naming a month far from the meeting date: a plausibility warning (issue 19 item 5)."""

from __future__ import annotations

import datetime as dt

from service.kinds.months import check_agenda_months, sitting_months
from service.rules.meetings import meeting_rules_for

DAY = dt.date(2026, 11, 5)
MONTHS = sitting_months(DAY, meeting_rules_for(DAY), sitting=None, tasks=None, reviewed=None, period=None)


def codes(agenda):
    return [(f.pointer, f.code, f.severity) for f in check_agenda_months(agenda, DAY, MONTHS)]


def test_a_month_far_from_the_meeting_date_is_a_warning_at_its_line():
    agenda = ["Đánh giá kết quả tháng 10 năm 2026", "Triển khai nhiệm vụ tháng 3/2026"]
    assert codes(agenda) == [("/agenda/1", "agenda_month_far", "warning")]
    message = check_agenda_months(agenda, DAY, MONTHS)[0].message
    assert message == (
        "Chương trình: nội dung thứ 2 nhắc tháng 3 năm 2026, cách ngày họp 05/11/2026 hơn một tháng; "
        "xem lại ngày họp hoặc nội dung này."
    )


def test_the_sittings_own_months_and_neighbours_pass_and_a_year_defaults_to_the_meetings():
    assert codes(["Nhiệm vụ tháng 12", "Kết quả tháng 10", "Tháng 11 năm 2026", "tháng 13", "Ngày 5 tháng 11"]) == []
    assert codes(["Kế hoạch tháng 11 năm 2025"]) == [("/agenda/0", "agenda_month_far", "warning")]


def test_one_warning_per_line_and_any_year_is_read():
    assert len(codes(["tháng 1 và tháng 2 năm 1990"])) == 1
