"""Minutes of the year-end review meeting: the results table, the totals and the rating rules (spec §4)."""

from __future__ import annotations

import pytest

from service import pipeline
from service.vietnamese.names import sort_people
from tests.kinds.findings import errors_of, sample, table_rows, text_of, warnings_of

MINUTES = "bien-ban-xep-loai"


@pytest.fixture
def minutes() -> dict:
    return sample("review-meeting.json")


def test_minutes_golden(minutes):
    text = text_of(MINUTES, minutes)
    assert "BIÊN BẢN\nHọp kiểm điểm, đánh giá, xếp loại chất lượng đảng viên năm 2026\n-----" in text
    assert "Có mặt 19/20 đồng chí (chính thức 17, dự bị 02); vắng 01 đồng chí." in text
    assert (
        "chi bộ biểu quyết bằng hình thức bỏ phiếu kín đề nghị mức xếp loại của từng đồng chí theo Quy định 366-QĐ/TW"
    ) in text
    assert (
        "Số đảng viên được đánh giá, xếp loại: 20 đồng chí; số đảng viên chính thức tham gia biểu quyết: 17 đồng chí."
    ) in text
    assert "- Hoàn thành xuất sắc nhiệm vụ: 02 đồng chí, chiếm 10% (Nguyễn Văn An, Trần Thị Bình)." in text
    assert "- Hoàn thành tốt nhiệm vụ: 15 đồng chí, chiếm 75% (" in text
    assert "- Hoàn thành nhiệm vụ: 03 đồng chí, chiếm 15% (Lê Văn Cường, Lưu Văn Khánh, Cao Văn Yên)." in text
    assert "- Không hoàn thành nhiệm vụ: 0 đồng chí, chiếm 0%." in text
    assert (
        "Chi bộ đề nghị Đảng ủy xã An Phú xem xét, quyết định xếp loại chất lượng đảng viên năm 2026 theo kết quả trên."
    ) in text
    assert ("1. Kiểm điểm tập thể chi bộ\nĐồng chí Nguyễn Văn An, Bí thư Chi bộ trình bày báo cáo kiểm điểm") in text
    assert (
        "Chi bộ biểu quyết đề nghị xếp loại chất lượng tập thể chi bộ “Hoàn thành tốt nhiệm vụ”: 16/17 đồng chí "
        "tán thành, đạt 94,12%.\n2. Kiểm điểm, đánh giá, xếp loại đảng viên"
    ) in text


def test_results_table(minutes):
    rows = table_rows(pipeline.produce(MINUTES, minutes).content, 1)
    assert rows[0] == [
        "STT",
        "Họ và tên",
        "Tự nhận",
        "Chi ủy đề xuất",
        "HTXSNV",
        "HTTNV",
        "HTNV",
        "KHTNV",
        "Tỷ lệ",
        "Ghi chú",
    ]
    assert len(rows) == 1 + 20
    # Members are listed in Vietnamese name order (given name first), numbered in that order.
    names = [row[1] for row in rows[1:]]
    assert names == sort_people(names, key=lambda name: name)
    assert [row[0] for row in rows[1:]] == [str(n) for n in range(1, 21)]
    by_name = {row[1]: row for row in rows[1:]}
    assert by_name["Nguyễn Văn An"][2:] == ["HTXSNV", "HTXSNV", "14", "3", "0", "0", "82,35%", ""]
    assert by_name["Lê Văn Cường"][2:4] == ["HTTNV", "HTNV"] and by_name["Lê Văn Cường"][8] == "64,71%"
    probationary = [m["name"] for m in minutes["members"] if m.get("probationary") and not m.get("note")]
    assert probationary and all(by_name[name][-1] == "Dự bị" for name in probationary)
    votes = [[int(cell) for cell in row[4:8]] for row in rows[1:]]
    assert all(sum(row) <= 17 for row in votes)


def test_votes_over_the_voters_are_refused(minutes):
    minutes["members"][0]["votes"]["HTTNV"] = 4  # 14 + 4 > 17 voters
    assert errors_of(MINUTES, minutes)["/members/0/votes"] == "member_votes_exceed_voters"


def test_only_official_members_present_vote(minutes):
    minutes["voters"] = 19  # 17 official members are present
    assert errors_of(MINUTES, minutes)["/voters"] == "voters_exceed_official_present"


def test_a_proposal_without_more_than_half_is_flagged(minutes):
    minutes["members"][5]["committee_proposal"] = "HTXSNV"  # 5 of 17 votes
    assert warnings_of(MINUTES, minutes)["/members/5/committee_proposal"] == "proposal_not_supported"
    minutes["members"][5]["votes"] = {"HTXSNV": 8, "HTTNV": 8}  # 8 of 17 is not more than half
    warnings = warnings_of(MINUTES, minutes)
    assert warnings["/members/5/votes"] == "no_majority"
    assert "Chưa có mức đạt trên một nửa số phiếu: 01 đồng chí (Lê Thị Lan)." in text_of(MINUTES, minutes)


def test_excellent_above_the_quota_is_a_warning(minutes):
    minutes["members"][4]["votes"] = {"HTXSNV": 12, "HTTNV": 5}  # 3 HTXSNV > 20 % of 14 HTTNV
    assert warnings_of(MINUTES, minutes)["/members"] == "excellent_quota_exceeded"


def test_within_the_quota_is_fine(minutes):
    assert "/members" not in warnings_of(MINUTES, minutes)  # 2 ≤ 20 % of 15


def test_exempt_members_are_not_listed(minutes):
    minutes["members"][3]["exempt"] = True
    assert errors_of(MINUTES, minutes)["/members/3/exempt"] == "exempt_member_listed"


def test_a_disciplined_member_at_httnv_or_above_is_a_warning(minutes):
    minutes["members"][16]["votes"] = {"HTTNV": 16, "HTNV": 1}  # Cao Văn Yên, disciplined
    assert warnings_of(MINUTES, minutes)["/members/16/disciplined"] == "disciplined_member_rating"


def test_more_members_than_the_cell_has_are_refused(minutes):
    minutes["members"].append({"name": "Nguyễn Thị Mới"})
    assert errors_of(MINUTES, minutes)["/members"] == "members_exceed_cell"


def test_the_2023_regime_is_named_in_the_minutes(minutes):
    minutes.update(year=2024)
    minutes["meeting"]["date"] = "2024-12-10"
    assert "theo Quy định 124-QĐ/TW ngày 04/10/2023" in text_of(MINUTES, minutes)


def test_superior_can_be_given(minutes):
    minutes["superior"] = "Ban Thường vụ Đảng ủy xã An Phú"
    assert "Chi bộ đề nghị Ban Thường vụ Đảng ủy xã An Phú xem xét" in text_of(MINUTES, minutes)


def test_votes_left_out_print_blank_cells_for_handwriting(minutes):
    for member in minutes["members"]:
        member.pop("votes", None)
    assert warnings_of(MINUTES, minutes).get("/members/0/votes") is None  # nothing voted, nothing judged
    rows = table_rows(pipeline.produce(MINUTES, minutes).content, 1)
    assert all(row[4:9] == ["", "", "", "", ""] for row in rows[1:])
    assert "- Hoàn thành nhiệm vụ: …… đồng chí, chiếm ……%" in text_of(MINUTES, minutes)


def batch_minutes() -> dict:
    """What a year-end batch knows before the meeting: the cell, its composition and its members."""
    return {
        "organization": {"upper": "Đảng bộ xã An Phú", "name": "Chi bộ Thôn Đông", "place": "An Phú"},
        "year": 2026,
        "meeting": {"form": None},
        "attendance": {"total": 22, "official": 20, "probationary": 2, "exempt": None, "absent": None},
        "guests": None,
        "speeches": None,
        "members": [
            {"name": "Nguyễn Thị Hương", "distinction": "1992", "self_rating": "HTTNV"},
            {"name": "Nguyễn Thị Hương", "distinction": "1980"},
            {"name": "Lê Văn An"},
        ],
    }


def test_what_nobody_has_said_yet_is_a_blank_never_an_invented_fact():
    text = text_of(MINUTES, batch_minutes())
    assert "An Phú, ngày …… tháng …… năm ……" in text
    assert "- Thời gian: bắt đầu hồi …… giờ …… phút, ngày …… tháng …… năm ……." in text
    assert "- Địa điểm: ………" in text and "- Chủ trì: đồng chí ………" in text and "- Thư ký: đồng chí ………" in text
    assert "- Có mặt ……/…… đồng chí (chính thức ……, dự bị ……); vắng …… đồng chí." in text
    assert "- Miễn sinh hoạt, vắng mặt: …… đồng chí." in text
    assert "2. Đại biểu mời\n- ………" in text
    assert "Buổi sinh hoạt kết thúc hồi …… giờ …… phút cùng ngày, thời lượng …… phút." in text
    assert "Biên bản đã được đọc lại trước chi bộ và được chi bộ ……………………." in text
    for invented in ("22/22", "không có đồng chí nào vắng mặt", "Không có.", "8 giờ", "11 giờ", "trực tiếp"):
        assert invented not in text


def test_the_collective_review_is_part_of_the_minutes_blank_when_not_given():
    text = text_of(MINUTES, batch_minutes())
    assert (
        "1. Kiểm điểm tập thể chi bộ\nĐồng chí …………………… trình bày báo cáo kiểm điểm, tự đánh giá, xếp loại "
        "chất lượng tập thể chi bộ năm 2026; chi bộ thảo luận, góp ý.\nChi bộ biểu quyết đề nghị xếp loại chất "
        "lượng tập thể chi bộ mức ………………, ……/…… đồng chí tán thành, đạt ……%."
    ) in text
    assert "Ý kiến phát biểu:\n………" in text
    assert "số đảng viên chính thức tham gia biểu quyết: …… đồng chí." in text


def test_namesakes_are_told_apart_and_listed_in_the_minutes_order(minutes):
    rows = table_rows(pipeline.produce(MINUTES, batch_minutes()).content, 1)
    assert [row[1] for row in rows[1:]] == ["Lê Văn An", "Nguyễn Thị Hương (1980)", "Nguyễn Thị Hương (1992)"]
    same = batch_minutes()
    same["members"][1].pop("distinction")
    same["members"][0].pop("distinction")
    assert warnings_of(MINUTES, same)["/members/1/name"] == "duplicate_member"


def test_given_facts_are_printed_and_votes_need_the_number_of_voters():
    given = batch_minutes() | {
        "meeting": {"date": "2026-12-12", "start": "14:00", "location": "Hội trường"},
        "guests": [],
        "chair": {"name": "Nguyễn Văn An", "position": "Bí thư Chi bộ"},
    }
    text = text_of(MINUTES, given)
    assert "- Thời gian: bắt đầu hồi 14 giờ 00 phút, ngày 12 tháng 12 năm 2026." in text
    assert "- Địa điểm: Hội trường." in text and "- Hình thức: trực tiếp." in text
    assert "2. Đại biểu mời\nKhông có." in text and "- Chủ trì: đồng chí Nguyễn Văn An, Bí thư Chi bộ." in text
    voted = batch_minutes()
    voted["members"][0]["votes"] = {"HTTNV": 10}
    assert errors_of(MINUTES, voted)["/voters"] == "voters_missing"
    assert "/voters" not in warnings_of(MINUTES, voted | {"voters": 18})
