"""Thematic minutes and resolution, and the combined regular + thematic minutes."""

from __future__ import annotations

import pytest

from service import pipeline
from service.findings import InputInvalid
from tests.kinds.findings import errors_of, sample, text_of, warnings_of

MINUTES, RESOLUTION, COMBINED = "bien-ban-chuyen-de", "nghi-quyet-chuyen-de", "bien-ban-thuong-ky-chuyen-de"
TOPIC = "Nâng cao vai trò tiền phong, gương mẫu của đảng viên trong xây dựng nông thôn mới kiểu mẫu"


@pytest.fixture
def thematic() -> dict:
    return sample("thematic-meeting.json")


@pytest.fixture
def combined() -> dict:
    return sample("combined-meeting.json")


def test_thematic_minutes_golden(thematic):
    text = text_of(MINUTES, thematic)
    assert "BIÊN BẢN\nSinh hoạt chuyên đề quý IV năm 2026\n“" + TOPIC + "”\n-----" in text
    assert "Số     -BB/CB" in text  # minutes kept in the book stay unnumbered
    assert (
        "Chuyên đề “" + TOPIC + "” do nhóm gồm đồng chí Hoàng Văn Đức, Chi ủy viên; đồng chí Lê Thị Lan, Chi "
        "hội trưởng Chi hội Phụ nữ thôn; đồng chí Đỗ Văn Minh, Trưởng thôn chuẩn bị."
    ) in text
    assert "Câu hỏi 4: Phân công đảng viên phụ trách hộ gia đình nên thực hiện ra sao để có hiệu quả?" in text
    assert "III. DIỄN BIẾN\n1. Trình bày chuyên đề\n" in text
    assert "5. Đánh giá việc chuẩn bị của nhóm" in text
    assert (
        "Chi bộ biểu quyết bằng hình thức giơ tay thông qua Nghị quyết chuyên đề “" + TOPIC + "”: 17/18 đồng "
        "chí tán thành, đạt 94,44%."
    ) in text
    assert "NGƯỜI GHI BIÊN BẢN" in text and "CHỦ TRÌ HỘI NGHỊ" in text


def test_thematic_resolution_golden(thematic):
    text = text_of(RESOLUTION, thematic)
    assert "Số 12-NQ/CB" in text
    assert "NGHỊ QUYẾT\nvề chuyên đề “" + TOPIC + "”\n-----" in text
    assert (
        "Chi bộ Thôn Đông họp ngày 19 tháng 11 năm 2026 (có mặt 19/20 đảng viên) sinh hoạt chuyên đề quý IV "
        "năm 2026, sau khi nghe nhóm chuẩn bị trình bày và thảo luận,"
    ) in text
    assert "QUYẾT NGHỊ:\nI. NHẬN THỨC, ĐÁNH GIÁ CHUNG\n" in text
    assert "II. NHIỆM VỤ, GIẢI PHÁP\n- Mỗi đảng viên nhận phụ trách từ 5 đến 7 hộ gia đình" in text
    assert "Nghị quyết được 17/18 đảng viên chính thức tán thành, đạt 94,44%." in text
    assert "T/M CHI BỘ\nBÍ THƯ" in text


def test_combined_minutes_golden(combined):
    text = text_of(COMBINED, combined)
    assert (
        "Sinh hoạt chi bộ thường kỳ tháng 11 năm 2026 kết hợp sinh hoạt chuyên đề quý IV năm 2026\nChuyên đề “" + TOPIC + "”"
    ) in text
    assert "III. PHẦN SINH HOẠT THƯỜNG KỲ\n1. Tình hình thu, nộp đảng phí\nĐã thu đảng phí tháng 10" in text
    assert "\n2. Học tập và làm theo tư tưởng" in text
    assert "IV. PHẦN SINH HOẠT CHUYÊN ĐỀ\nChuyên đề “" in text
    assert (
        "V. BIỂU QUYẾT\nChi bộ biểu quyết bằng hình thức giơ tay thông qua Nghị quyết về nhiệm vụ tháng 11 năm "
        "2026: 16/18 đồng chí tán thành, đạt 88,89%.\n"
    ) in text
    assert "thông qua Nghị quyết chuyên đề “" + TOPIC + "”: 16/18 đồng chí tán thành, đạt 88,89%." in text


def test_combined_sitting_shorter_than_120_minutes_is_a_warning(combined, thematic):
    combined["meeting"]["end"] = "15:50"  # 110 minutes: enough alone, not combined
    assert warnings_of(COMBINED, combined)["/meeting/end"] == "meeting_too_short"
    assert "120 phút" in next(w.message for w in pipeline.check(COMBINED, combined).warnings)
    thematic["meeting"]["end"] = "15:50"
    assert "/meeting/end" not in warnings_of(MINUTES, thematic)


def test_combined_sitting_before_hd42_has_no_minimum(combined):
    combined["meeting"].update(date="2025-10-20", end="15:00")
    combined["thematic"].update(quarter=4, year=2025)
    assert "/meeting/end" not in warnings_of(COMBINED, combined)


def test_thematic_vote_over_official_members_present_is_refused(thematic):
    thematic["thematic"]["vote"]["in_favour"] = 18  # 17 official members are present
    assert errors_of(MINUTES, thematic)["/thematic/vote"] == "vote_exceeds_official_present"


@pytest.mark.parametrize("in_favour, passes", [(9, False), (10, True)])
def test_thematic_resolution_needs_more_than_half(thematic, in_favour, passes):
    thematic["thematic"]["vote"]["in_favour"] = in_favour  # 18 summoned
    if passes:
        assert pipeline.produce(RESOLUTION, thematic).content
    else:
        assert errors_of(RESOLUTION, thematic)["/thematic/vote/in_favour"] == "resolution_not_passed"
        assert warnings_of(MINUTES, thematic)["/thematic/vote/in_favour"] == "resolution_not_passed"
        assert (
            "Chi bộ biểu quyết bằng hình thức giơ tay về dự thảo Nghị quyết chuyên đề “" + TOPIC + "”: 09/18 đồng "
            "chí tán thành, đạt 50%, chưa quá một nửa số đảng viên chính thức được triệu tập; dự thảo chưa được "
            "thông qua."
        ) in text_of(MINUTES, thematic)


def test_combined_reports_each_vote_at_its_own_place(combined):
    combined["vote"]["in_favour"] = 9
    combined["thematic"]["vote"]["in_favour"] = 8
    warnings = warnings_of(COMBINED, combined)
    assert warnings["/vote/in_favour"] == warnings["/thematic/vote/in_favour"] == "resolution_not_passed"


def test_resolution_needs_a_number(thematic):
    del thematic["resolution_number"]
    assert errors_of(RESOLUTION, thematic)["/resolution_number"] == "number_missing"


def test_group_and_questions_outside_practice_are_warnings(thematic):
    thematic["thematic"]["presenters"] = thematic["thematic"]["presenters"][:1]
    thematic["thematic"]["questions"] = thematic["thematic"]["questions"][:2]
    warnings = warnings_of(MINUTES, thematic)
    assert warnings["/thematic/presenters"] == "thematic_group_size"
    assert warnings["/thematic/questions"] == "thematic_question_count"


def test_quarter_not_matching_the_meeting_date_is_a_warning(thematic):
    thematic["thematic"]["quarter"] = 3
    assert warnings_of(MINUTES, thematic)["/thematic/quarter"] == "thematic_quarter_mismatch"


def test_attendance_is_checked_as_in_monthly_minutes(thematic):
    thematic["attendance"]["present"] = 18
    assert errors_of(MINUTES, thematic)["/attendance/present"] == "attendance_sum"


def test_missing_solutions_are_named_in_vietnamese(thematic):
    thematic["thematic"]["solutions"] = []
    with pytest.raises(InputInvalid) as caught:
        pipeline.check(RESOLUTION, thematic)
    assert [(e.pointer, e.message) for e in caught.value.errors] == [
        ("/thematic/solutions", "Nhiệm vụ, giải pháp: phải có ít nhất 1 mục.")
    ]


# One combined sitting: its minutes and both resolutions, each with its own number --------------------------

MONTHLY_OF_COMBINED, THEMATIC_OF_COMBINED = "nghi-quyet-thang-ket-hop", "nghi-quyet-chuyen-de-ket-hop"


def test_a_combined_sittings_input_gives_its_minutes_and_both_resolutions(combined):
    minutes = pipeline.produce(COMBINED, combined)
    monthly = pipeline.produce(MONTHLY_OF_COMBINED, combined)
    thematic = pipeline.produce(THEMATIC_OF_COMBINED, combined)
    assert (monthly.number, thematic.number) == (11, 12)
    assert "Số 11-NQ/CB" in text_of(MONTHLY_OF_COMBINED, combined)
    monthly_text, thematic_text = text_of(MONTHLY_OF_COMBINED, combined), text_of(THEMATIC_OF_COMBINED, combined)
    assert "NGHỊ QUYẾT\nvề nhiệm vụ tháng 11 năm 2026\n-----" in monthly_text
    assert "Số 12-NQ/CB" in thematic_text
    assert "NGHỊ QUYẾT\nvề chuyên đề “" + TOPIC + "”\n-----" in thematic_text
    assert (
        "- Chi ủy, các đồng chí đảng viên có trách nhiệm tổ chức thực hiện nghị quyết; kết quả được đánh giá "
        "tại các buổi sinh hoạt chi bộ thường kỳ."
    ) in thematic_text
    assert "Nghị quyết được 16/18 đảng viên chính thức tán thành, đạt 88,89%." in thematic_text
    assert (minutes.filename, monthly.filename, thematic.filename) == (
        "Biên bản sinh hoạt tháng 11-2026 và chuyên đề quý IV-2026.docx",
        "Nghị quyết tháng 11-2026.docx",
        "Nghị quyết chuyên đề quý IV-2026.docx",
    )


def test_each_resolution_of_a_combined_sitting_needs_its_own_number_and_vote(combined):
    del combined["thematic_resolution_number"]
    assert errors_of(THEMATIC_OF_COMBINED, combined)["/thematic_resolution_number"] == "number_missing"
    assert pipeline.produce(MONTHLY_OF_COMBINED, combined).number == 11
    combined["thematic_resolution_number"] = 12
    combined["thematic"]["vote"]["in_favour"] = 8
    assert errors_of(THEMATIC_OF_COMBINED, combined)["/thematic/vote/in_favour"] == "resolution_not_passed"
    assert pipeline.produce(MONTHLY_OF_COMBINED, combined).content


def test_thematic_presenters_each_with_the_part_presented(thematic):
    parts = [
        "thực trạng các tiêu chí nông thôn mới kiểu mẫu của thôn",
        "kinh nghiệm vận động hội viên phụ nữ phân loại rác",
        "đề xuất phân công đảng viên phụ trách hộ.",
    ]
    for presenter, part in zip(thematic["thematic"]["presenters"], parts):
        presenter["part"] = part
    text = text_of(MINUTES, thematic)
    assert (
        "1. Trình bày chuyên đề\nĐồng chí Hoàng Văn Đức, Chi ủy viên, trình bày thực trạng các tiêu chí nông "
        "thôn mới kiểu mẫu của thôn.\nĐồng chí Lê Thị Lan, Chi hội trưởng Chi hội Phụ nữ thôn, trình bày kinh "
        "nghiệm vận động hội viên phụ nữ phân loại rác.\nĐồng chí Đỗ Văn Minh, Trưởng thôn, trình bày đề xuất "
        "phân công đảng viên phụ trách hộ.\n"
    ) in text
