"""The monthly meeting's rules (spec §4) and the wording of both documents."""
from __future__ import annotations

import pytest

from service import pipeline
from service.findings import InputInvalid
from tests.helpers import docx_text
from tests.kinds.findings import errors_of, warnings_of

MINUTES, RESOLUTION = "bien-ban-thuong-ky", "nghi-quyet-thang"


def test_sample_renders_both_documents_with_the_key_sentences(meeting):
    minutes = docx_text(pipeline.produce(MINUTES, meeting).content)
    resolution = docx_text(pipeline.produce(RESOLUTION, meeting).content)
    for text in (minutes, resolution):
        assert "ĐẢNG BỘ XÃ AN PHÚ" in text and "CHI BỘ THÔN ĐÔNG" in text
        assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text
        assert "An Phú, ngày 05 tháng 11 năm 2026" in text
    assert "Sinh hoạt chi bộ thường kỳ tháng 11 năm 2026" in minutes
    assert "Có mặt 18/20 đồng chí (chính thức 16, dự bị 02); vắng 02 đồng chí." in minutes
    assert "Vắng có lý do (01): đồng chí Lê Văn Cường (ốm, có đơn xin phép)." in minutes
    assert ("Chi bộ biểu quyết bằng hình thức giơ tay thông qua Nghị quyết tháng 11 năm 2026: "
            "16/18 đồng chí tán thành, đạt 88,89%.") in minutes
    assert "NGƯỜI GHI BIÊN BẢN" in minutes and "CHỦ TRÌ HỘI NGHỊ" in minutes
    assert "Số 11-NQ/CB" in resolution
    assert "về nhiệm vụ tháng 12 năm 2026" in resolution
    assert "QUYẾT NGHỊ:" in resolution
    assert "I. ĐÁNH GIÁ KẾT QUẢ THỰC HIỆN NGHỊ QUYẾT THÁNG 11 NĂM 2026" in resolution
    assert "II. NHIỆM VỤ TRỌNG TÂM THÁNG 12 NĂM 2026" in resolution
    assert "Nghị quyết được 16/18 đảng viên chính thức tán thành, đạt 88,89%." in resolution
    assert "T/M CHI BỘ" in resolution and "BÍ THƯ" in resolution
    assert "- Lưu Chi bộ." in resolution


def test_ampersand_quotes_and_angle_brackets_appear_as_typed(meeting):
    meeting["conclusion"] = 'Giao A & B <tổ 1> thực hiện "ngay"'
    text = docx_text(pipeline.produce(MINUTES, meeting).content)
    assert 'Giao A & B <tổ 1> thực hiện "ngay"' in text


def test_line_breaks_in_a_speech_become_line_breaks(meeting):
    content = pipeline.produce(MINUTES, meeting).content
    assert "nghị quyết tháng 12.\nHội Phụ nữ" in docx_text(content)


def test_attendance_that_does_not_add_up_is_refused(meeting):
    meeting["attendance"]["present"] = 17
    assert errors_of(MINUTES, meeting)["/attendance/present"] == "attendance_sum"


def test_total_must_equal_official_plus_probationary(meeting):
    meeting["attendance"]["total"] = 22
    meeting["attendance"]["present"] = 19
    assert errors_of(MINUTES, meeting)["/attendance/total"] == "attendance_total"


def test_excused_absence_needs_a_reason(meeting):
    meeting["attendance"]["absent"][0]["reason"] = None
    assert errors_of(MINUTES, meeting)["/attendance/absent/0/reason"] == "absent_reason_missing"


def test_more_probationary_members_present_than_exist_is_refused(meeting):
    meeting["attendance"]["present_official"] = 15
    assert errors_of(MINUTES, meeting)["/attendance/present_official"] == "attendance_probationary_present"


def test_probationary_members_votes_are_not_counted(meeting):
    # 16 official members are present; 18 votes would mean the 2 probationary members voted.
    meeting["vote"]["in_favour"] = 18
    assert errors_of(MINUTES, meeting)["/vote"] == "vote_exceeds_official_present"


def test_vote_percentage_uses_the_official_members_summoned(meeting):
    meeting["vote"].update(in_favour=14, against=2)
    text = docx_text(pipeline.produce(MINUTES, meeting).content)
    assert "14/18 đồng chí tán thành, đạt 77,78%; 02 đồng chí không tán thành, chiếm 11,11%." in text


@pytest.mark.parametrize("in_favour, passes", [(9, False), (10, True)])
def test_resolution_needs_more_than_half_of_the_official_members_summoned(meeting, in_favour, passes):
    meeting["vote"]["in_favour"] = in_favour          # 18 summoned: 9 is exactly half, not more
    if passes:
        assert pipeline.produce(RESOLUTION, meeting).content
    else:
        assert errors_of(RESOLUTION, meeting)["/vote/in_favour"] == "resolution_not_passed"
        assert warnings_of(MINUTES, meeting)["/vote/in_favour"] == "resolution_not_passed"


def test_resolution_needs_a_number(meeting):
    del meeting["resolution_number"]
    assert errors_of(RESOLUTION, meeting)["/resolution_number"] == "number_missing"
    assert pipeline.produce(MINUTES, meeting).content


def test_short_meeting_after_hd42_is_a_warning(meeting):
    meeting["meeting"]["end"] = "15:00"
    assert warnings_of(MINUTES, meeting)["/meeting/end"] == "meeting_too_short"


def test_short_meeting_before_hd42_is_fine(meeting):
    meeting["meeting"].update(date="2025-10-27", end="15:00")
    meeting["period"] = {"month": 10, "year": 2025}
    assert "/meeting/end" not in warnings_of(MINUTES, meeting)


def test_fewer_than_three_official_members_is_a_warning(meeting):
    meeting["attendance"] = {"total": 3, "official": 2, "probationary": 1, "present": 3, "present_official": 2}
    meeting["vote"]["in_favour"] = 2
    assert warnings_of(MINUTES, meeting)["/attendance/official"] == "too_few_official_members"


def test_online_meeting_needs_a_platform_and_is_flagged(meeting):
    meeting["meeting"]["form"] = "online"
    assert errors_of(MINUTES, meeting)["/meeting/platform"] == "platform_missing"
    meeting["meeting"]["platform"] = "Zoom"
    assert warnings_of(MINUTES, meeting)["/meeting/form"] == "online_meeting_unregulated"
    assert "Hình thức: trực tuyến (qua Zoom)." in docx_text(pipeline.produce(MINUTES, meeting).content)


def test_model_errors_name_the_field_in_vietnamese(meeting):
    meeting["attendance"]["present"] = "mười tám"
    del meeting["chair"]
    meeting["unknown"] = 1
    with pytest.raises(InputInvalid) as caught:
        pipeline.prepare(MINUTES, meeting)
    messages = {e.pointer: e.message for e in caught.value.errors}
    assert messages["/attendance/present"] == "Số đảng viên có mặt: phải là số nguyên."
    assert messages["/chair"] == "Chủ trì: bắt buộc phải nhập."
    assert messages["/unknown"] == "unknown: trường này không có trong mẫu dữ liệu."


def test_profile_follows_the_document_date(meeting):
    assert pipeline.prepare(MINUTES, meeting).profile.id == "hd05-2026"
    meeting["meeting"]["date"] = "2026-05-26"
    meeting["period"] = {"month": 5, "year": 2026}
    old = pipeline.produce(RESOLUTION, meeting)
    assert old.profile == "hd36-2018"
    text = docx_text(old.content)
    assert "- Đảng viên trong chi bộ," in text          # HD 36 separates recipients with commas
    assert "đạt 88,89%./." in text                        # and closes the body with ./.


def test_profile_can_be_chosen_explicitly(meeting):
    meeting["profile"] = "hd36-2018"
    assert pipeline.prepare(MINUTES, meeting).profile.id == "hd36-2018"
    meeting["profile"] = "hd99"
    assert errors_of(MINUTES, meeting)["/profile"] == "unknown_profile"


def test_nfd_input_comes_out_nfc(meeting):
    import unicodedata
    meeting["chair"]["name"] = unicodedata.normalize("NFD", "Nguyễn Văn An")
    text = docx_text(pipeline.produce(RESOLUTION, meeting).content)
    assert "Nguyễn Văn An" in text and unicodedata.normalize("NFD", "Nguyễn") not in text


def test_deputy_secretary_chairing_signs_as_pho_bi_thu(meeting):
    meeting["chair"] = {"name": "Trần Thị Bình", "position": "Phó Bí thư Chi bộ"}
    assert "PHÓ BÍ THƯ" in docx_text(pipeline.produce(RESOLUTION, meeting).content)


def test_numbering_has_no_gap_when_an_optional_section_is_absent(meeting):
    del meeting["ho_chi_minh"]
    meeting["last_month"]["achievements"] = []
    paragraphs = docx_text(pipeline.produce(MINUTES, meeting).content).split("\n")
    after_proceedings = paragraphs[paragraphs.index("III. DIỄN BIẾN") + 1:]
    assert after_proceedings[0] == "1. Đánh giá kết quả thực hiện nghị quyết tháng 11 năm 2026"
    assert after_proceedings[1] == "a) Hạn chế, khuyết điểm"
    assert "2. Phương hướng, nhiệm vụ tháng 12 năm 2026" in after_proceedings


def test_absent_members_are_listed_in_vietnamese_name_order(meeting):
    meeting["attendance"]["absent"] = [
        {"name": "Trần Văn Bình", "excused": True, "reason": "ốm"},
        {"name": "Lê Thị Ánh", "excused": True, "reason": "công tác"},
    ]
    text = docx_text(pipeline.produce(MINUTES, meeting).content)
    # Ordered by given name first: Ánh before Bình, whatever the family names.
    assert "đồng chí Lê Thị Ánh (công tác); đồng chí Trần Văn Bình (ốm)" in text
