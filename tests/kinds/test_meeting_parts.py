"""What every set of minutes shares: clock times, the denominator of the votes, counts worded, online sittings."""

from __future__ import annotations

import datetime as dt

import pytest

from service import pipeline
from tests.helpers import docx_paragraphs
from tests.kinds.findings import errors_of, text_of, warnings_of


@pytest.mark.parametrize("start", [0, 50400, "14:00Z", "14:00+07:00", "00:00:00Z", "2pm", "14h00", True])
def test_a_meeting_time_is_a_clock_time_written_hh_mm(meeting, start):
    meeting["meeting"]["start"] = start
    assert errors_of("bien-ban-thuong-ky", meeting)["/meeting/start"] == "time_format"


@pytest.mark.parametrize("start", ["24:00", "14:60"])
def test_a_time_that_does_not_exist_is_told_apart(meeting, start):
    meeting["meeting"]["start"] = start
    assert errors_of("bien-ban-thuong-ky", meeting)["/meeting/start"] == "time_nonexistent"


@pytest.mark.parametrize("start", ["14:00", "14:00:00"])
def test_the_archive_s_hh_mm_ss_is_read_too(meeting, start):
    meeting["meeting"]["start"] = start
    assert pipeline.check("bien-ban-thuong-ky", meeting).model.meeting.start == dt.time(14, 0)


# The denominator of every vote (spec §4 rule 6) --------------------------------------------------------


def _small_cell(meeting: dict, *, approved: bool) -> dict:
    """13 official members, 12 present; the one absent is away on duty, approved or not for the whole sitting."""
    meeting["attendance"] = {
        "total": 13,
        "official": 13,
        "probationary": 0,
        "present": 12,
        "present_official": 12,
        "absent": [
            {"name": "Lê Văn Cường", "excused": True, "reason": "đi công tác", "status": "official", "approved": approved}
        ],
    }
    meeting["vote"]["in_favour"] = 12
    return meeting


@pytest.mark.parametrize(
    "approved, figures", [(False, "12/13 đồng chí tán thành, đạt 92,31%"), (True, "12/12 đồng chí tán thành, đạt 100%")]
)
def test_one_absence_approved_for_the_whole_sitting_leaves_the_denominator(meeting, approved, figures):
    text = text_of("bien-ban-thuong-ky", _small_cell(meeting, approved=approved))
    assert f"thông qua Nghị quyết về nhiệm vụ tháng 11 năm 2026: {figures}." in text
    assert "(đi công tác; được chi ủy đồng ý vắng cả buổi)" in text if approved else "(đi công tác)." in text


def test_an_approved_absence_of_a_probationary_member_does_not_change_the_denominator(meeting):
    meeting = _small_cell(meeting, approved=True)
    meeting["attendance"].update(total=14, probationary=1)
    meeting["attendance"]["absent"].append(
        {"name": "Đỗ Thị Hà", "excused": True, "reason": "ốm", "status": "probationary", "approved": True}
    )
    text = text_of("bien-ban-thuong-ky", meeting)
    assert ": 12/12 đồng chí tán thành" in text
    assert "đồng chí Đỗ Thị Hà (đảng viên dự bị; ốm; được chi ủy đồng ý vắng cả buổi)" in text


def test_an_approved_absence_must_say_official_or_probationary_and_have_a_reason(meeting):
    meeting = _small_cell(meeting, approved=True)
    del meeting["attendance"]["absent"][0]["status"]
    meeting["attendance"]["absent"][0]["excused"] = False
    errors = errors_of("bien-ban-thuong-ky", meeting)
    assert errors["/attendance/absent/0/status"] == "absent_status_missing"
    assert errors["/attendance/absent/0/excused"] == "absent_approved_unexcused"


def test_summoned_official_stays_an_override_with_a_warning(meeting):
    meeting = _small_cell(meeting, approved=True)
    meeting["attendance"]["summoned_official"] = 13
    text = text_of("bien-ban-thuong-ky", meeting)
    assert ": 12/13 đồng chí tán thành, đạt 92,31%." in text
    assert warnings_of("bien-ban-thuong-ky", meeting)["/attendance/summoned_official"] == "summoned_official_override"


def test_suspended_members_are_neither_expected_nor_summoned(meeting):
    meeting = _small_cell(meeting, approved=False)
    meeting["attendance"].update(total=14, official=14, suspended=1)
    text = text_of("bien-ban-thuong-ky", meeting)
    assert "- Bị đình chỉ sinh hoạt, khởi tố, tạm giam: 01 đồng chí." in text
    assert "Có mặt 12/13 đồng chí" in text and ": 12/13 đồng chí tán thành" in text


def test_more_absent_officials_than_officials_missing_is_refused(meeting):
    for absent in meeting["attendance"]["absent"]:
        absent["status"] = "probationary"
    meeting["attendance"]["absent"].append(meeting["attendance"]["absent"][0] | {"name": "Hà Văn Tư"})
    meeting["attendance"]["present"] = 17
    assert errors_of("bien-ban-thuong-ky", meeting)["/attendance/absent"] == "absent_probationary_count"


# Zero counts and the composition figures -----------------------------------------------------------


def test_counts_of_none_are_worded_not_printed_as_zero(meeting):
    meeting["attendance"] = {"total": 18, "official": 18, "probationary": 0, "present": 18, "present_official": 18}
    text = text_of("bien-ban-thuong-ky", meeting)
    assert "Chi bộ có tổng số 18 đồng chí, không có đảng viên dự bị." in text
    assert "- Có mặt 18/18 đồng chí, đều là đảng viên chính thức; không có đồng chí nào vắng mặt." in text
    assert "dự bị 0" not in text and "dự bị 00" not in text and "(0)" not in text


def test_composition_figures_print_in_the_attendance_section_when_given(meeting):
    meeting["attendance"]["composition"] = {
        "women": 0,
        "theory": [{"level": "Trung cấp", "count": 4}, {"level": "Sơ cấp", "count": 15}],
        "education": [{"level": "Đại học", "count": 6}],
    }
    paragraphs = docx_paragraphs(pipeline.produce("bien-ban-thuong-ky", meeting).content)
    start = paragraphs.index("Chi bộ có tổng số 21 đồng chí (chính thức 19, dự bị 02).")
    assert paragraphs[start + 1 : start + 4] == [
        "- Không có đảng viên nữ.",
        "- Trình độ lý luận chính trị: trung cấp 04, sơ cấp 15.",
        "- Trình độ chuyên môn: đại học 06.",
    ]
    del meeting["attendance"]["composition"]
    assert "Trình độ" not in text_of("bien-ban-thuong-ky", meeting)


def test_composition_above_the_total_is_refused(meeting):
    meeting["attendance"]["composition"] = {"women": 22, "theory": [{"level": "Sơ cấp", "count": 30}]}
    errors = errors_of("bien-ban-thuong-ky", meeting)
    assert errors["/attendance/composition/women"] == errors["/attendance/composition/theory"] == "composition_exceeds_total"


# Online and mixed sittings -------------------------------------------------------------------------


def test_a_mixed_sitting_says_who_joined_online(meeting):
    meeting["meeting"].update(form="mixed", platform="Zoom", online=["Lê Thị Lan", "Đỗ Văn Minh"])
    text = text_of("bien-ban-thuong-ky", meeting)
    assert "- Hình thức: trực tiếp kết hợp trực tuyến (qua Zoom)." in text
    assert (
        "- Dự họp trực tiếp: 16 đồng chí; dự họp trực tuyến: 02 đồng chí (đồng chí Lê Thị Lan; đồng chí Đỗ Văn Minh)."
    ) in text
    del meeting["meeting"]["online"]
    assert warnings_of("bien-ban-thuong-ky", meeting)["/meeting/online"] == "online_members_missing"
    meeting["meeting"].update(form="in_person", online=["Lê Thị Lan"])
    assert errors_of("bien-ban-thuong-ky", meeting)["/meeting/online"] == "online_members_not_mixed"
