"""The monthly report sent to members before the meeting."""

from __future__ import annotations

import pytest

from tests.kinds.findings import errors_of, sample, text_of, warnings_of

REPORT = "bao-cao-thang"


@pytest.fixture
def report() -> dict:
    return sample("monthly-report.json")


def test_draft_report_golden(report):
    text = text_of(REPORT, report)
    assert "Số 11-BC/CB" in text
    assert "An Phú, ngày 03 tháng 11 năm 2026\nDự thảo\nBÁO CÁO\n" in text
    assert "kết quả thực hiện nhiệm vụ tháng 10 năm 2026 và phương hướng, nhiệm vụ tháng 11 năm 2026\n-----" in text
    assert "I. KẾT QUẢ THỰC HIỆN NHIỆM VỤ THÁNG 10 NĂM 2026\n1. Công tác chính trị, tư tưởng\n" in text
    assert "Thu, nộp đảng phí: Đã thu đảng phí tháng 10 năm 2026 của 19/20 đồng chí" in text
    assert "II. PHƯƠNG HƯỚNG, NHIỆM VỤ THÁNG 11 NĂM 2026\n" in text
    assert (
        "- Tổ chức kiểm điểm, đánh giá, xếp loại chất lượng đảng viên năm 2026 (thực hiện: Chi ủy; thời hạn: 30/11/2026)."
    ) in text
    assert "III. KIẾN NGHỊ, ĐỀ XUẤT" in text
    assert "T/M CHI BỘ\nBÍ THƯ" in text


def test_issued_report_has_no_draft_mark_and_needs_a_number(report):
    report["draft"] = False
    assert "Dự thảo" not in text_of(REPORT, report)
    del report["report_number"]
    assert errors_of(REPORT, report)["/report_number"] == "number_missing"
    report["draft"] = True
    assert "Số     -BC/CB" in text_of(REPORT, report)


@pytest.mark.parametrize(
    "date, reviewed, tasks",
    [
        ("2026-12-02", "tháng 11 năm 2026", "tháng 12 năm 2026"),  # early in the month: this month's tasks
        ("2026-12-20", "tháng 12 năm 2026", "tháng 1 năm 2027"),  # late: next month's, over the year's end
    ],
)
def test_months_follow_the_report_date_as_a_sittings_do(report, date, reviewed, tasks):
    report["date"] = date
    report["next_month"][0]["tasks"][0]["deadline"] = None
    report["next_month"][1]["tasks"][0]["deadline"] = None
    text = text_of(REPORT, report)
    assert f"kết quả thực hiện nhiệm vụ {reviewed} và phương hướng, nhiệm vụ {tasks}" in text


def test_the_older_period_field_names_the_month_reported(report):
    report["date"] = "2026-11-28"
    report["period"] = {"month": 11, "year": 2026}
    text = text_of(REPORT, report)
    assert "kết quả thực hiện nhiệm vụ tháng 11 năm 2026 và phương hướng, nhiệm vụ tháng 12 năm 2026" in text
    assert warnings_of(REPORT, report)["/period"] == "period_replaced"


def test_a_month_not_over_on_the_report_date_cannot_be_reported(report):
    report["reviewed_month"] = {"month": 11, "year": 2026}  # the report is dated 03/11/2026
    report["tasks_month"] = {"month": 12, "year": 2026}
    assert errors_of(REPORT, report)["/reviewed_month"] == "reviewed_month_unfinished"


def test_report_needs_results_and_tasks(report):
    report["areas"] = []
    del report["next_month"]
    errors = errors_of(REPORT, report)
    assert errors["/areas"] == "too_short" and errors["/next_month"] == "missing"
