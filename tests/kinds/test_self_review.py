"""The personal self-review: forms by (regime, role), blank forms, and the score rules of QĐ 366."""

from __future__ import annotations

import io
import zipfile

import pytest

from service import pipeline
from service.kinds import get_kind
from tests.kinds.findings import errors_of, sample, text_of, warnings_of

REVIEW = "ban-kiem-diem-ca-nhan"
BOX, CHECKED = "□", "■"


@pytest.fixture
def review() -> dict:
    return sample("self-review.json")


def form_code(data: dict) -> str:
    content = pipeline.produce(REVIEW, data).content
    with zipfile.ZipFile(io.BytesIO(content)) as package:
        header = package.read("word/header2.xml").decode("utf-8")
    return header.split('xml:space="preserve">')[1].split("<")[0]


def test_2025_form_2c_golden(review):
    text = text_of(REVIEW, review)
    assert (
        "BẢN KIỂM ĐIỂM, TỰ ĐÁNH GIÁ, XẾP LOẠI CÁ NHÂN\nNăm 2026\n(Đảng viên không làm việc trong hệ thống "
        "chính trị)\n-----\nHọ và tên: Hoàng Văn Đức\nNgày sinh: 12/03/1958\n"
    ) in text
    assert "Chi bộ: Chi bộ Thôn Đông" in text
    assert "Chức vụ Đảng" not in text  # 2C has no post lines
    assert "A. NỘI DUNG KIỂM ĐIỂM\nI. Ưu điểm, kết quả đạt được\n1. Về phẩm chất chính trị" in text
    assert "2. Việc thực hiện quyền, nghĩa vụ đảng viên và nhiệm vụ được cấp ủy, chi bộ phân công" in text
    assert "VI. Phương hướng, biện pháp khắc phục hạn chế, khuyết điểm" in text
    assert (
        "B. NỘI DUNG TỰ ĐÁNH GIÁ, XẾP LOẠI\nI. Đánh giá theo các nhóm tiêu chí\n1. Nhóm tiêu chí chung: 27/30 "
        "điểm\n2. Nhóm tiêu chí về kết quả thực hiện nhiệm vụ: 60/70 điểm\nTổng điểm: 87/100 điểm\n"
    ) in text
    assert f"II. Đề xuất xếp loại mức chất lượng\n{BOX} HTXSNV   {CHECKED} HTTNV   {BOX} HTNV   {BOX} KHTNV." in text
    assert "NGƯỜI TỰ KIỂM ĐIỂM\n(Ký, ghi rõ họ tên)\n" in text and text.endswith("Hoàng Văn Đức")
    assert "Số " not in text.split("ĐẢNG CỘNG SẢN VIỆT NAM")[0]  # a personal form carries no number
    assert form_code(review) == "Mẫu 2C-HD KĐ.ĐG 2025"


@pytest.mark.parametrize(
    "year, role, code, subtitle",
    [
        (2024, "non_leader", "Mẫu 02A-HD KĐ.ĐG 2023", "(Cá nhân không giữ chức vụ lãnh đạo, quản lý)"),
        (2024, "leader", "Mẫu 02B-HD KĐ.ĐG 2023", "(Cá nhân giữ chức vụ lãnh đạo, quản lý)"),
        (2025, "leader", "Mẫu 2A-HD KĐ.ĐG 2025", "(Cá nhân giữ chức vụ lãnh đạo, quản lý)"),
        (2025, "non_leader", "Mẫu 2B-HD KĐ.ĐG 2025", "(Cá nhân không giữ chức vụ lãnh đạo, quản lý)"),
        (2025, "outside_political_system", "Mẫu 2C-HD KĐ.ĐG 2025", "(Đảng viên không làm việc trong hệ thống chính trị)"),
    ],
)
def test_the_form_follows_regime_and_role_not_the_letter(review, year, role, code, subtitle):
    review.update(year=year, role=role, date=f"{year}-12-05", leadership=None)
    if year < 2025:
        review.update(score_general=None, score_tasks=None)
    assert form_code(review) == code
    assert subtitle in text_of(REVIEW, review)


def test_2023_form_lists_seven_sections_and_full_level_names(review):
    review.update(
        year=2024,
        date="2024-12-05",
        role="leader",
        score_general=None,
        score_tasks=None,
        party_position="Chi ủy viên",
        leadership="Phụ trách công tác dân vận của chi bộ.",
    )
    text = text_of(REVIEW, review)
    assert "BẢN KIỂM ĐIỂM CÁ NHÂN\nNăm 2024\n" in text
    assert "Chức vụ Đảng: Chi ủy viên\nChức vụ chính quyền, đoàn thể: ……" in text
    assert "A. NỘI DUNG" not in text and "điểm" not in text.split("VII.")[1]
    assert "3. Kết quả lãnh đạo, quản lý" in text and "4. Việc thực hiện cam kết" in text
    assert ("VII. Tự nhận mức xếp loại chất lượng\n1. Xếp loại cán bộ, công chức, viên chức (nếu có)\n") in text
    assert (
        f"2. Xếp loại chất lượng đảng viên\n{BOX} Hoàn thành xuất sắc nhiệm vụ\n{CHECKED} Hoàn thành tốt nhiệm "
        f"vụ\n{BOX} Hoàn thành nhiệm vụ\n{BOX} Không hoàn thành nhiệm vụ./."
    ) in text  # HD 36 closing mark


def test_regime_can_be_named_against_the_year(review):
    review.update(regime="qd124-2023", score_general=None, score_tasks=None)
    assert form_code(review) == "Mẫu 02A-HD KĐ.ĐG 2023"
    assert get_kind(REVIEW).ruleset(pipeline.check(REVIEW, review).model) == "qd124-2023"
    review["regime"] = "qd999"
    assert errors_of(REVIEW, review)["/regime"] == "unknown_regime"


def test_a_blank_form_for_handwriting_needs_only_identity(review):
    blank = {
        "organization": review["organization"],
        "year": 2026,
        "name": "Ngô Thị Nga",
        "role": "non_leader",
        "birth_date": "",
    }
    text = text_of(REVIEW, blank)
    assert "An Phú, ngày …… tháng …… năm ……" in text
    assert "Ngày sinh: ……………………\nĐơn vị công tác: ……………………" in text
    assert "1. Hạn chế, khuyết điểm\n" + "\n".join(["…" * 30] * 3) in text
    assert "1. Nhóm tiêu chí chung: ……/30 điểm" in text and "Tổng điểm: ……/100 điểm" in text
    assert f"{BOX} HTXSNV   {BOX} HTTNV   {BOX} HTNV   {BOX} KHTNV" in text
    assert "Kèm theo bản kiểm điểm: phụ lục kết quả thực hiện nhiệm vụ" in text  # the 2B form's note


def test_a_level_above_the_score_band_is_refused(review):
    review.update(score_general=25, score_tasks=40, self_rating="HTTNV")  # 65 points: HTNV band
    assert errors_of(REVIEW, review)["/self_rating"] == "score_level_mismatch"


def test_a_level_below_the_score_band_is_a_warning(review):
    review.update(score_general=29, score_tasks=65, self_rating="HTTNV")  # 94 points: HTXSNV band
    assert warnings_of(REVIEW, review)["/self_rating"] == "score_level_below_band"


@pytest.mark.parametrize("total, level", [(90, "HTXSNV"), (89.5, "HTTNV"), (70, "HTTNV"), (50, "HTNV"), (49, "KHTNV")])
def test_band_edges(review, total, level):
    review.update(score_general=20, score_tasks=total - 20, self_rating=level)
    assert "/self_rating" not in warnings_of(REVIEW, review)


def test_a_score_above_its_group_maximum_is_refused(review):
    review["score_general"] = 31
    assert errors_of(REVIEW, review)["/score_general"] == "score_above_maximum"


def test_the_2023_regime_has_no_score(review):
    review.update(year=2024, date="2024-12-05")
    errors = errors_of(REVIEW, review)
    assert errors["/score_general"] == errors["/score_tasks"] == "score_not_in_regime"


def test_text_for_a_line_the_form_lacks_is_a_warning(review):
    review["leadership"] = "Phụ trách Ban công tác Mặt trận thôn."  # leaders' item; 2C has none
    review["party_position"] = "Tổ trưởng tổ đảng"  # 2025: leaders' forms only
    warnings = warnings_of(REVIEW, review)
    assert warnings["/leadership"] == warnings["/party_position"] == "field_not_in_form"


def test_a_date_outside_the_review_season_is_a_warning(review):
    review["date"] = "2028-01-10"
    assert warnings_of(REVIEW, review)["/date"] == "review_date_year"


def test_only_the_identity_is_required(review):
    assert errors_of(REVIEW, {"organization": review["organization"], "year": 2026}) == {"/name": "missing"}
