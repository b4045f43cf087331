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
    assert ("kết quả thực hiện nhiệm vụ tháng 11 năm 2026 và phương hướng, nhiệm vụ tháng 12 năm 2026\n-----"
            in text)
    assert "I. KẾT QUẢ THỰC HIỆN NHIỆM VỤ THÁNG 11 NĂM 2026\n1. Công tác chính trị, tư tưởng\n" in text
    assert "Thu, nộp đảng phí: Đã thu đảng phí tháng 11 năm 2026 của 19/20 đồng chí" in text
    assert "II. PHƯƠNG HƯỚNG, NHIỆM VỤ THÁNG 12 NĂM 2026\n" in text
    assert ("- Tổ chức kiểm điểm, đánh giá, xếp loại chất lượng đảng viên năm 2026 (thực hiện: Chi ủy; thời hạn: "
            "20/12/2026).") in text
    assert "III. KIẾN NGHỊ, ĐỀ XUẤT" in text
    assert "T/M CHI BỘ\nBÍ THƯ" in text


def test_issued_report_has_no_draft_mark_and_needs_a_number(report):
    report["draft"] = False
    assert "Dự thảo" not in text_of(REPORT, report)
    del report["report_number"]
    assert errors_of(REPORT, report)["/report_number"] == "number_missing"
    report["draft"] = True
    assert "Số     -BC/CB" in text_of(REPORT, report)


def test_period_defaults_to_the_month_of_the_date_and_rolls_over_the_year(report):
    del report["period"]
    report["date"] = "2026-12-02"
    text = text_of(REPORT, report)
    assert "kết quả thực hiện nhiệm vụ tháng 12 năm 2026 và phương hướng, nhiệm vụ tháng 1 năm 2027" in text


def test_report_dated_far_from_its_month_is_a_warning(report):
    report["date"] = "2027-02-01"
    assert warnings_of(REPORT, report)["/date"] == "report_date_period"


def test_report_needs_results_and_tasks(report):
    report["areas"] = []
    del report["next_month"]
    errors = errors_of(REPORT, report)
    assert errors["/areas"] == "too_short" and errors["/next_month"] == "missing"
