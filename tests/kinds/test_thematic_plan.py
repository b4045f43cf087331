"""The yearly plan of thematic meetings: its table and the quarter rules."""
from __future__ import annotations

import pytest

from service import pipeline
from tests.kinds.findings import errors_of, sample, table_rows, text_of, warnings_of

PLAN = "ke-hoach-chuyen-de-nam"


@pytest.fixture
def plan() -> dict:
    return sample("thematic-plan.json")


def test_plan_golden(plan):
    text = text_of(PLAN, plan)
    assert "Số 01-KH/CB" in text and "An Phú, ngày 05 tháng 01 năm 2026" in text
    assert "KẾ HOẠCH\nsinh hoạt chuyên đề năm 2026\n-----" in text
    assert "I. MỤC ĐÍCH, YÊU CẦU" in text and "II. NỘI DUNG, THỜI GIAN" in text
    assert "III. TỔ CHỨC THỰC HIỆN" in text
    assert "Kế hoạch này được phổ biến đến toàn thể đảng viên trong chi bộ để thực hiện./." in text   # HD 36


def test_plan_table_has_a_row_per_topic_sorted_by_quarter(plan):
    plan["topics"].reverse()
    rows = table_rows(pipeline.produce(PLAN, plan).content, 1)
    assert rows[0] == ["Quý", "Thời gian dự kiến", "Chuyên đề", "Nhóm chuẩn bị", "Câu hỏi gợi ý thảo luận"]
    assert [row[0] for row in rows[1:]] == ["I", "II", "III", "IV"]
    assert rows[2][1] == "Tháng 6"
    assert rows[2][3].split("\n") == ["Đỗ Văn Minh", "Bùi Văn Phúc", "Vũ Thị Hoa"]
    assert rows[4][4].startswith("1. Những tiêu chí nông thôn mới kiểu mẫu nào")


def test_expected_month_outside_its_quarter_is_refused(plan):
    plan["topics"][1]["month"] = 7
    assert errors_of(PLAN, plan)["/topics/1/month"] == "month_outside_quarter"


def test_a_quarter_without_a_topic_is_a_warning(plan):
    del plan["topics"][2]
    assert warnings_of(PLAN, plan)["/topics"] == "quarter_without_thematic"


def test_group_size_and_question_count_are_warnings(plan):
    plan["topics"][0]["group"] = ["Nguyễn Văn An"]
    plan["topics"][0]["questions"] = []
    warnings = warnings_of(PLAN, plan)
    assert warnings["/topics/0/group"] == "thematic_group_size"
    assert warnings["/topics/0/questions"] == "thematic_question_count"


def test_plan_needs_a_number_and_a_date_near_its_year(plan):
    del plan["plan_number"]
    assert errors_of(PLAN, plan)["/plan_number"] == "number_missing"
    plan.update(plan_number=1, date="2024-12-20")
    assert warnings_of(PLAN, plan)["/date"] == "plan_date_year"
