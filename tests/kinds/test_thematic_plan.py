"""The yearly plan of thematic meetings: its table (names whole, clear of what follows) and the quarter rules."""

from __future__ import annotations

import pytest

from service import pipeline
from tests.kinds.findings import errors_of, sample, table_rows, text_of, warnings_of
from tests.formats.broken.documents import NS, edit
from tests.pdf_text import convert, needs_soffice, printed_lines

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
    assert "Kế hoạch này được phổ biến đến toàn thể đảng viên trong chi bộ để thực hiện./." in text  # HD 36


def test_plan_table_has_a_row_per_topic_sorted_by_quarter(plan):
    plan["topics"].reverse()
    rows = table_rows(pipeline.produce(PLAN, plan).content, 1)
    assert rows[0] == ["Quý", "Thời gian dự kiến", "Chuyên đề", "Nhóm chuẩn bị", "Câu hỏi gợi ý thảo luận"]
    assert [row[0] for row in rows[1:]] == ["I", "II", "III", "IV"]
    assert rows[2][1] == "Tháng 6"
    assert rows[2][3].replace("\u00a0", " ").split("\n") == ["Đỗ Văn Minh", "Bùi Văn Phúc", "Vũ Thị Hoa"]
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


LONG_NAMES = ["Nguyễn Thị Phương Thảo", "Hoàng Văn Quang Trường", "Lê Thị Ngọc Huyền"]


def test_names_in_the_group_column_are_held_together(plan):
    plan["topics"][0]["group"] = LONG_NAMES
    rows = table_rows(pipeline.produce(PLAN, plan).content, 1)
    assert rows[1][3].split("\n") == [name.replace(" ", "\u00a0") for name in LONG_NAMES]


def _without_spacer(content: bytes) -> bytes:
    """The document as it printed before: the paragraph after the table removed."""

    def change(root):
        table = root.find(".//w:body/w:tbl[2]", NS)
        spacer = table.getnext()
        assert "".join(spacer.itertext()) == ""
        spacer.getparent().remove(spacer)

    return edit(content, "word/document.xml", change)


def _gap(pdf) -> float:
    """Points between the lowest printed line above "III. TỔ CHỨC THỰC HIỆN" and that heading."""
    lines = printed_lines(pdf)
    heading = next(line for line in lines if line.text.startswith("III. TỔ CHỨC THỰC HIỆN"))
    return heading.y_min - max(line.y_max for line in lines if line.page == heading.page and line.y_min < heading.y_min)


@needs_soffice
def test_on_the_page_no_name_breaks_and_the_next_heading_stands_clear_of_the_table(plan, tmp_path):
    plan["topics"][0]["group"] = LONG_NAMES
    content = pipeline.produce(PLAN, plan).content
    pdfs = convert({"plan": content, "before": _without_spacer(content)}, tmp_path, tmp_path / "profile")
    texts = [line.text for line in printed_lines(pdfs["plan"])]
    for name in LONG_NAMES:
        assert any(name in text for text in texts), f"{name} is broken across lines"
    # Without the space after it, the table's last line touched the heading that follows; now a clear gap.
    assert _gap(pdfs["before"]) <= 1 and _gap(pdfs["plan"]) >= 10
