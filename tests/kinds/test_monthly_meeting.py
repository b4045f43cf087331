"""The monthly meeting's rules (spec §4) and the wording of both documents."""

from __future__ import annotations

import pytest

from service import pipeline
from service.findings import InputInvalid
from tests.helpers import docx_paragraphs, docx_text
from tests.kinds.findings import errors_of, table_rows, text_of, warnings_of

MINUTES, RESOLUTION = "bien-ban-thuong-ky", "nghi-quyet-thang"


def test_sample_renders_both_documents_with_the_key_sentences(meeting):
    minutes = docx_text(pipeline.produce(MINUTES, meeting).content)
    resolution = docx_text(pipeline.produce(RESOLUTION, meeting).content)
    for text in (minutes, resolution):
        assert "ĐẢNG BỘ XÃ AN PHÚ" in text and "CHI BỘ THÔN ĐÔNG" in text
        assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text
        assert "An Phú, ngày 05 tháng 11 năm 2026" in text
    assert "BIÊN BẢN\nSinh hoạt chi bộ thường kỳ tháng 11 năm 2026\n-----" in minutes
    assert "Có mặt 18/20 đồng chí (chính thức 16, dự bị 02); vắng 02 đồng chí." in minutes
    assert "Vắng có lý do (01): đồng chí Lê Văn Cường (ốm, có đơn xin phép)." in minutes
    assert (
        "Chi bộ biểu quyết bằng hình thức giơ tay thông qua Nghị quyết về nhiệm vụ tháng 11 năm 2026: "
        "16/18 đồng chí tán thành, đạt 88,89%."
    ) in minutes
    assert "NGƯỜI GHI BIÊN BẢN" in minutes and "CHỦ TRÌ HỘI NGHỊ" in minutes
    assert "Số 11-NQ/CB" in resolution
    assert "NGHỊ QUYẾT\nvề nhiệm vụ tháng 11 năm 2026\n-----" in resolution
    assert "QUYẾT NGHỊ:" in resolution
    assert "I. ĐÁNH GIÁ KẾT QUẢ THỰC HIỆN NGHỊ QUYẾT THÁNG 10 NĂM 2026" in resolution
    assert "II. NHIỆM VỤ TRỌNG TÂM THÁNG 11 NĂM 2026" in resolution
    assert "Nghị quyết được 16/18 đảng viên chính thức tán thành, đạt 88,89%." in resolution
    assert "T/M CHI BỘ" in resolution and "BÍ THƯ" in resolution
    assert "- Lưu Chi bộ." in resolution


def test_ampersand_quotes_and_angle_brackets_appear_as_typed(meeting):
    meeting["conclusion"] = 'Giao A & B <tổ 1> thực hiện "ngay"'
    text = docx_text(pipeline.produce(MINUTES, meeting).content)
    assert 'Giao A & B <tổ 1> thực hiện "ngay"' in text


def test_each_line_of_a_speech_is_a_paragraph_of_its_own(meeting):
    paragraphs = docx_paragraphs(pipeline.produce(MINUTES, meeting).content)
    first = paragraphs.index(
        "- Đồng chí Lê Thị Lan: Đề nghị bổ sung nội dung về vệ sinh môi trường khu vực chợ vào nghị quyết tháng 11."
    )
    assert paragraphs[first + 1] == "Hội Phụ nữ sẽ vận động hội viên phân loại rác tại nguồn."


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
    meeting["vote"]["in_favour"] = in_favour  # 18 summoned: 9 is exactly half, not more
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
        pipeline.check(MINUTES, meeting)
    messages = {e.pointer: e.message for e in caught.value.errors}
    assert messages["/attendance/present"] == "Số đảng viên có mặt: phải là số nguyên."
    assert messages["/chair"] == "Chủ trì: bắt buộc phải nhập."
    assert messages["/unknown"] == "unknown: trường này không có trong mẫu dữ liệu."


def test_profile_follows_the_document_date(meeting):
    assert pipeline.check(MINUTES, meeting).profile.id == "hd05-2026"
    meeting["meeting"]["date"] = "2026-05-26"
    old = pipeline.produce(RESOLUTION, meeting)
    assert old.profile == "hd36-2018"
    text = docx_text(old.content)
    assert "- Đảng viên trong chi bộ," in text  # HD 36 separates recipients with commas
    assert "đạt 88,89%./." in text  # and closes the body with ./.


def test_profile_can_be_chosen_explicitly(meeting):
    meeting["profile"] = "hd36-2018"
    assert pipeline.check(MINUTES, meeting).profile.id == "hd36-2018"
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
    after_proceedings = paragraphs[paragraphs.index("III. DIỄN BIẾN") + 1 :]
    assert after_proceedings[0] == "1. Tình hình thu, nộp đảng phí"
    assert after_proceedings[2] == "2. Đánh giá kết quả thực hiện Nghị quyết tháng 10 năm 2026"
    assert after_proceedings[4] == "a) Hạn chế, khuyết điểm"
    assert "3. Phương hướng, nhiệm vụ tháng 11 năm 2026" in after_proceedings


def test_absent_members_are_listed_in_vietnamese_name_order(meeting):
    meeting["attendance"]["absent"] = [
        {"name": "Trần Văn Bình", "excused": True, "reason": "ốm"},
        {"name": "Lê Thị Ánh", "excused": True, "reason": "công tác"},
    ]
    text = docx_text(pipeline.produce(MINUTES, meeting).content)
    # Ordered by given name first: Ánh before Bình, whatever the family names.
    assert "đồng chí Lê Thị Ánh (công tác); đồng chí Trần Văn Bình (ốm)" in text


# Votes: the resolution adopted, failed votes, several votes per sitting (spec §3.4a, §4 rules 7-8) --------


def test_a_failed_vote_never_says_adopted_and_the_resolution_is_refused_with_the_reason(meeting):
    meeting["vote"]["in_favour"] = 9  # 18 summoned: exactly half is not more than half
    text = text_of(MINUTES, meeting)
    assert (
        "Chi bộ biểu quyết bằng hình thức giơ tay về dự thảo Nghị quyết về nhiệm vụ tháng 11 năm 2026: 09/18 "
        "đồng chí tán thành, đạt 50%, chưa quá một nửa số đảng viên chính thức được triệu tập; dự thảo chưa "
        "được thông qua."
    ) in text
    assert "thông qua Nghị quyết" not in text
    with pytest.raises(InputInvalid) as caught:
        pipeline.check(RESOLUTION, meeting)
    refusal = {e.pointer: e.message for e in caught.value.errors}["/vote/in_favour"]
    assert refusal.startswith(
        "Biểu quyết: 9/18 đồng chí tán thành, chưa quá một nửa số đảng viên chính thức được "
        "triệu tập (cần ít nhất 10); dự thảo chưa được thông qua nên không thể ban hành"
    )


def test_several_votes_print_in_order_each_with_its_rule(meeting):
    del meeting["vote"]
    meeting["votes"] = [
        {"matter": "admission", "person": "Nguyễn Thị Hồng", "method": "secret_ballot", "in_favour": 12, "against": 4},
        {"matter": "resolution", "in_favour": 16},
        {"matter": "official_recognition", "person": "Lò Văn Páo", "in_favour": 11, "against": 5},
        {
            "matter": "other",
            "subject": "việc cử đồng chí Lê Văn Nam làm Tổ trưởng Tổ đảng số 2",
            "in_favour": 10,
            "against": 6,
        },
    ]
    paragraphs = docx_paragraphs(pipeline.produce(MINUTES, meeting).content)
    votes = paragraphs[paragraphs.index("IV. BIỂU QUYẾT") + 1 :][:4]
    assert votes == [
        # 12/18 reaches two thirds (12): proposed.
        "Chi bộ biểu quyết bằng hình thức bỏ phiếu kín thông qua việc đề nghị kết nạp quần chúng Nguyễn Thị Hồng "
        "vào Đảng: 12/18 đồng chí tán thành, đạt 66,67%; 04 đồng chí không tán thành, chiếm 22,22%.",
        "Chi bộ biểu quyết bằng hình thức giơ tay thông qua Nghị quyết về nhiệm vụ tháng 11 năm 2026: 16/18 đồng "
        "chí tán thành, đạt 88,89%.",
        # 11/18 is more than half but short of two thirds: not proposed.
        "Chi bộ biểu quyết bằng hình thức giơ tay về việc đề nghị công nhận đồng chí Lò Văn Páo là đảng viên chính "
        "thức: 11/18 đồng chí tán thành, đạt 61,11%, chưa đạt hai phần ba số đảng viên chính thức được triệu tập; "
        "05 đồng chí không tán thành, chiếm 27,78%; việc đề nghị công nhận đồng chí Lò Văn Páo là đảng viên chính "
        "thức chưa được thông qua.",
        "Chi bộ biểu quyết bằng hình thức giơ tay thông qua việc cử đồng chí Lê Văn Nam làm Tổ trưởng Tổ đảng số 2: "
        "10/18 đồng chí tán thành, đạt 55,56%; 06 đồng chí không tán thành, chiếm 33,33%.",
    ]
    # The resolution passed: it is issued, whatever happened to the other votes.
    assert "Nghị quyết được 16/18 đảng viên chính thức tán thành, đạt 88,89%." in text_of(RESOLUTION, meeting)


def test_a_vote_may_name_its_own_rule(meeting):
    meeting["votes"] = [{"subject": "việc đề nghị khen thưởng đồng chí Lê Thị Lan", "rule": "two_thirds", "in_favour": 11}]
    assert "chưa đạt hai phần ba số đảng viên chính thức được triệu tập" in text_of(MINUTES, meeting)


def test_votes_need_the_resolution_once_a_person_or_a_subject(meeting):
    meeting["votes"] = [
        {"matter": "resolution", "in_favour": 16},
        {"matter": "admission", "in_favour": 16},
        {"matter": "other", "in_favour": 3},
    ]
    errors = errors_of(MINUTES, meeting)
    assert errors["/votes/0/matter"] == "resolution_vote_twice"  # `vote` is the resolution's already
    assert errors["/votes/1/person"] == "vote_person_missing"
    assert errors["/votes/2/subject"] == "vote_subject_missing"
    del meeting["vote"]
    meeting["votes"] = meeting["votes"][1:]
    assert errors_of(RESOLUTION, meeting)["/vote"] == "resolution_vote_missing"


def test_every_vote_counts_official_members_present_only(meeting):
    meeting["votes"] = [{"matter": "admission", "person": "Nguyễn Thị Hồng", "in_favour": 17}]
    assert errors_of(MINUTES, meeting)["/votes/0"] == "vote_exceeds_official_present"


# The signer: "T/M CHI BỘ" over the signer's real post (spec §3.4a) ------------------------------------


def test_a_chair_who_is_not_the_secretary_or_deputy_needs_a_signer(meeting):
    meeting["chair"] = {"name": "Hoàng Văn Đức", "position": "Chi ủy viên"}
    errors = {e.pointer: e for e in _errors(RESOLUTION, meeting)}
    assert errors["/signer"].code == "signer_required"
    assert "đồng chí chủ trì Hoàng Văn Đức (Chi ủy viên) không phải Bí thư hoặc Phó Bí thư" in errors["/signer"].message
    assert pipeline.produce(MINUTES, meeting).content  # the minutes need no signer
    meeting["signer"] = {"name": "Nguyễn Văn An", "title": "BÍ THƯ"}
    text = text_of(RESOLUTION, meeting)
    assert "T/M CHI BỘ\nBÍ THƯ\n\n\n\n\nNguyễn Văn An" in text


@pytest.mark.parametrize(
    "position, title",
    [
        ("Bí thư Chi bộ, Trưởng thôn", "BÍ THƯ"),
        ("Trưởng thôn, Phó Bí thư chi bộ", "PHÓ BÍ THƯ"),
        ("Phó Bí thư", "PHÓ BÍ THƯ"),
    ],
)
def test_the_chairs_post_is_read_from_any_of_the_positions(meeting, position, title):
    meeting["chair"]["position"] = position
    assert f"T/M CHI BỘ\n{title}\n" in text_of(RESOLUTION, meeting)


@pytest.mark.parametrize("position", ["Bí thư Chi đoàn", None])
def test_no_bi_thu_under_a_chair_whose_post_is_something_else(meeting, position):
    meeting["chair"] = {"name": "Lê Thị Lan", "position": position}
    assert errors_of(RESOLUTION, meeting)["/signer"] == "signer_required"


def test_a_signer_given_with_a_post_the_chair_does_not_hold_is_refused(meeting):
    meeting["chair"] = {"name": "Trần Thị Bình", "position": "Phó Bí thư Chi bộ"}
    meeting["signer"] = {"name": "Trần Thị Bình", "title": "BÍ THƯ"}
    assert errors_of(RESOLUTION, meeting)["/signer/title"] == "signer_title_mismatch"


def _errors(kind: str, data: dict) -> list:
    with pytest.raises(InputInvalid) as caught:
        pipeline.check(kind, data)
    return caught.value.errors


# People named with their titles where they act --------------------------------------------------------


def test_speakers_and_presenters_carry_their_titles(meeting):
    meeting["speeches"][2]["position"] = "Trưởng thôn"
    meeting["guests"].append({"name": "Lê Văn Hòa", "position": "Giám đốc Hợp tác xã Đông Phú", "honorific": "mr"})
    meeting["speeches"].append({"speaker": "Lê Văn Hòa", "content": "Hợp tác xã hỗ trợ giống lúa mới."})
    meeting["ho_chi_minh"]["presenter"] = "Trần Minh Hải"
    text = text_of(MINUTES, meeting)
    assert "- Ông Lê Văn Hòa, Giám đốc Hợp tác xã Đông Phú." in text  # the guest list
    assert "- Ông Lê Văn Hòa, Giám đốc Hợp tác xã Đông Phú: Hợp tác xã hỗ trợ giống lúa mới." in text
    assert "- Đồng chí Đỗ Văn Minh, Trưởng thôn: Đường giao thông" in text
    assert ("- Đồng chí Trần Minh Hải, Đảng ủy viên, phụ trách Chi bộ Thôn Đông: Ghi nhận kết quả của chi bộ") in text
    # A guest tells the Hồ Chí Minh story: named with the title the guest list gives.
    assert (
        "Đồng chí Trần Minh Hải, Đảng ủy viên, phụ trách Chi bộ Thôn Đông, trình bày câu chuyện: Bác Hồ với "
        "tinh thần “cần, kiệm, liêm, chính”."
    ) in text
    assert (
        "Đồng chí Nguyễn Văn An, Bí thư Chi bộ, trình bày báo cáo kết quả thực hiện Nghị quyết tháng 10 năm "
        "2026 và dự thảo Nghị quyết về nhiệm vụ tháng 11 năm 2026."
    ) in text


# What HD 42-2025 asks the minutes to record ----------------------------------------------------------


def test_party_fees_are_reported_or_left_to_fill_in_with_a_warning(meeting):
    text = text_of(MINUTES, meeting)
    assert "1. Tình hình thu, nộp đảng phí\nĐã thu đảng phí tháng 10 năm 2026 của 19/19 đồng chí" in text
    del meeting["party_fees"]
    assert "1. Tình hình thu, nộp đảng phí\n……………………………………\n" in text_of(MINUTES, meeting)
    assert warnings_of(MINUTES, meeting)["/party_fees"] == "party_fees_missing"
    meeting["meeting"]["date"] = "2025-09-05"  # HD 12-2018 did not ask for it
    assert "đảng phí\n" not in text_of(MINUTES, meeting)


def test_quality_self_assessment_scored_with_its_band(meeting):
    meeting["quality"] = {
        "time": 5,
        "attendance": 5,
        "preparation": 8,
        "organisation": 25,
        "chairing": 8,
        "principles": 5,
        "results": 20,
        "closing": 4,
    }
    content = pipeline.produce(MINUTES, meeting).content
    text = docx_text(content)
    assert "V. TỰ ĐÁNH GIÁ CHẤT LƯỢNG BUỔI SINH HOẠT" in text
    assert "Tổng số điểm: 80/100; chi bộ tự xếp loại chất lượng buổi sinh hoạt: Khá." in text
    rows = table_rows(content, 1)  # after the header's table
    assert rows[0] == ["STT", "Tiêu chí", "Điểm tối đa", "Điểm tự chấm"]
    assert rows[1] == ["1", "Thời gian, thời lượng sinh hoạt", "5", "5"]
    assert len(rows) == 9


@pytest.mark.parametrize(
    "total, band", [(90, "Tốt"), (89, "Khá"), (70, "Khá"), (69, "Trung bình"), (50, "Trung bình"), (49, "Kém")]
)
def test_quality_bands(meeting, total, band):
    results = total - 70
    meeting["quality"] = {
        "time": 5,
        "attendance": 5,
        "preparation": 10,
        "organisation": 30,
        "chairing": 10,
        "principles": 5,
        "results": max(results, 0),
        "closing": 5,
    }
    if results < 0:
        meeting["quality"]["organisation"] = 30 + results
    assert f"Tổng số điểm: {total}/100; chi bộ tự xếp loại chất lượng buổi sinh hoạt: {band}." in text_of(MINUTES, meeting)


def test_quality_not_scored_prints_a_blank_sheet(meeting):
    content = pipeline.produce(MINUTES, meeting).content
    assert "Tổng số điểm: ……/100; chi bộ tự xếp loại chất lượng buổi sinh hoạt: ……" in docx_text(content)
    rows = table_rows(content, 1)
    assert len(rows) == 9 and [row[3] for row in rows[1:]] == [""] * 8


def test_quality_scores_are_checked_against_the_sheet(meeting):
    meeting["quality"] = {"time": 6, "attendance": 5, "speed": 3}
    errors = errors_of(MINUTES, meeting)
    assert errors["/quality/time"] == "quality_above_points"
    assert errors["/quality/speed"] == "quality_unknown_criterion"
    assert errors["/quality"] == "quality_incomplete"


def test_duration_and_the_adoption_of_the_minutes(meeting):
    assert (
        "Buổi sinh hoạt kết thúc hồi 16 giờ 15 phút cùng ngày, thời lượng 135 phút. Biên bản đã được đọc lại "
        "trước chi bộ và được chi bộ thống nhất thông qua."
    ) in text_of(MINUTES, meeting)
    meeting["minutes_adoption"] = {
        "result": "adopted_with_amendments",
        "amendments": "bổ sung ý kiến của đồng chí Lê Thị Lan về vệ sinh chợ.",
    }
    assert (
        "Biên bản đã được đọc lại trước chi bộ; chi bộ thông qua biên bản, có bổ sung, chỉnh sửa: bổ sung ý kiến "
        "của đồng chí Lê Thị Lan về vệ sinh chợ."
    ) in text_of(MINUTES, meeting)
    meeting["minutes_adoption"] = {"result": "not_adopted", "amendments": "số liệu đảng phí chưa khớp"}
    assert "chi bộ chưa thông qua biên bản: số liệu đảng phí chưa khớp." in text_of(MINUTES, meeting)
    assert warnings_of(MINUTES, meeting)["/minutes_adoption/result"] == "minutes_not_adopted"
    meeting["minutes_adoption"] = {"result": "adopted_with_amendments"}
    assert errors_of(MINUTES, meeting)["/minutes_adoption/amendments"] == "minutes_amendments_missing"
