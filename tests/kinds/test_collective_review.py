"""The cell's collective review report, Mẫu 01, under both regimes."""

from __future__ import annotations

import io
import zipfile

import pytest

from service import pipeline
from tests.kinds.findings import errors_of, sample, text_of, warnings_of

REPORT = "bao-cao-kiem-diem-tap-the"


@pytest.fixture
def report() -> dict:
    return sample("collective-review.json")


def test_2025_report_golden(report):
    content = pipeline.produce(REPORT, report).content
    text = text_of(REPORT, report)
    assert "Số 15-BC/CB" in text
    assert "BÁO CÁO\nkiểm điểm, tự đánh giá, xếp loại chất lượng tập thể chi bộ năm 2026\n-----" in text
    assert (
        "A. NỘI DUNG KIỂM ĐIỂM\nI. Ưu điểm, kết quả đạt được\n1. Việc thực hiện nguyên tắc tổ chức và hoạt động của Đảng"
    ) in text
    assert "V. Làm rõ trách nhiệm của tập thể và cá nhân đối với những hạn chế, khuyết điểm" in text
    assert "Tổng điểm: 89/100 điểm" in text
    assert "□ HTXSNV   ■ HTTNV   □ HTNV   □ KHTNV." in text
    assert "T/M CHI BỘ\nBÍ THƯ" in text and "- Lưu Chi bộ." in text
    with zipfile.ZipFile(io.BytesIO(content)) as package:
        assert "Mẫu 01-HD KĐ.ĐG 2025" in package.read("word/header2.xml").decode("utf-8")


def test_2023_report_has_the_older_sections(report):
    report.update(
        year=2024,
        date="2024-12-02",
        score_general=None,
        score_tasks=None,
        responsibility=None,
        implementation=None,
        inspection="Chi ủy kiểm tra 03 đảng viên.",
    )
    text = text_of(REPORT, report)
    assert "BÁO CÁO\nkiểm điểm tập thể chi bộ năm 2024\n" in text
    assert "5. Công tác kiểm tra, giám sát\nChi ủy kiểm tra 03 đảng viên." in text
    assert "VI. Tự nhận mức xếp loại chất lượng của tập thể chi bộ\n□ Hoàn thành xuất sắc nhiệm vụ" in text
    assert "Tổng điểm" not in text


def test_text_the_regime_does_not_print_is_a_warning(report):
    report["inspection"] = "Chi ủy kiểm tra 03 đảng viên."  # a 2023 item only
    assert warnings_of(REPORT, report)["/inspection"] == "field_not_in_form"


def test_collective_score_against_its_band(report):
    report["self_rating"] = "HTXSNV"  # 89 points
    assert errors_of(REPORT, report)["/self_rating"] == "score_level_mismatch"


def test_number_is_required_unless_draft(report):
    del report["report_number"]
    assert errors_of(REPORT, report)["/report_number"] == "number_missing"
    report["draft"] = True
    assert "Dự thảo" in text_of(REPORT, report)


def test_the_report_goes_to_the_cell_s_own_upper_committee_by_default(report):
    report.pop("recipients")
    report["organization"]["upper"] = "Đảng bộ Khối các cơ quan tỉnh"
    text = text_of(REPORT, report)
    assert "Nơi nhận:\n- Đảng ủy Khối các cơ quan tỉnh (để báo cáo);\n- Đảng viên trong chi bộ;\n- Lưu Chi bộ." in text
    assert "Đảng ủy cấp trên" not in text


def test_a_draft_without_a_date_leaves_the_date_to_be_written(report):
    for key in ("date", "report_number"):
        report.pop(key)
    report["draft"] = True
    assert "An Phú, ngày …… tháng …… năm ……" in text_of(REPORT, report)
