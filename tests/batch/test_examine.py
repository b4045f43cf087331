"""The roster's check before anything is made: who reviews and in which order, namesakes told apart, forms given
or guessed, contradictions and the HTXSNV quota per cell and per đảng bộ — all in the check report."""

from __future__ import annotations

from service.batch.examine import examine
from service.batch.report import report_summary, report_text
from service.batch.roster import BatchOptions
from tests.batch.conftest import OPTIONS, rows_of, table_of

EAST = {"Đảng bộ": "Đảng bộ Cơ quan tỉnh", "Chi bộ": "Chi bộ Sở Nội vụ", "Địa danh": "Hưng Yên"}
WEST = {**EAST, "Chi bộ": "Chi bộ Sở Tài chính"}


def examined(*rows, options=OPTIONS):
    table_rows = rows_of(table_of(*rows), options)
    try:
        return examine(table_rows, options)
    finally:
        table_rows.close()


def row(name, **columns):
    return {**EAST, "Họ và tên": name, **columns}


def test_namesakes_get_their_birth_year_and_the_order_follows_the_minutes():
    result = examined(
        row("Nguyễn Thị Hương", **{"Ngày sinh": "02/03/1992"}),
        row("Trần Văn An"),
        row("Nguyễn Thị Hương", **{"Ngày sinh": "14/07/1980"}),
        row("Lê Thị Bích"),
    )
    cell = result.cells[0]
    assert [(m.name, m.distinction) for m in cell.reviewed] == [
        ("Trần Văn An", None),
        ("Lê Thị Bích", None),
        ("Nguyễn Thị Hương", "1980"),
        ("Nguyễn Thị Hương", "1992"),
    ]
    assert [(p.shown, p.position) for p in result.placements] == [
        ("Nguyễn Thị Hương (1992)", 4),
        ("Trần Văn An", 1),
        ("Nguyễn Thị Hương (1980)", 3),
        ("Lê Thị Bích", 2),
    ]


def test_namesakes_born_the_same_year_are_told_by_their_birth_date_else_their_unit_else_their_row():
    dates = examined(
        row("Phạm Văn Hùng", **{"Ngày sinh": "01/01/1980"}), row("Phạm Văn Hùng", **{"Ngày sinh": "09/09/1980"})
    )
    assert [m.distinction for m in dates.cells[0].reviewed] == ["01/01/1980", "09/09/1980"]
    units = examined(row("Phạm Văn Hùng", **{"Đơn vị": "Phòng Tổ chức"}), row("Phạm Văn Hùng", **{"Đơn vị": "Văn phòng"}))
    assert [m.distinction for m in units.cells[0].reviewed] == ["Phòng Tổ chức", "Văn phòng"]
    rows = examined(row("Phạm Văn Hùng"), row("Phạm văn  Hùng"))
    assert [m.distinction for m in rows.cells[0].reviewed] == ["dòng 2", "dòng 3"]
    assert (
        "2 đồng chí cùng họ tên “Phạm Văn Hùng” không phân biệt được bằng ngày sinh hay đơn vị: phiếu, biên bản "
        "và tên tệp ghi số dòng (dòng 2, dòng 3); hãy ghi ngày sinh"
    ) in rows.cells[0].warnings
    assert (
        "2 đồng chí cùng họ tên “Phạm Văn Hùng”: phiếu, biên bản và tên tệp ghi thêm (01/01/1980, 09/09/1980) để "
        "phân biệt" in dates.cells[0].warnings
    )


def test_namesakes_in_different_cells_need_nothing():
    result = examined(row("Nguyễn Thị Hương"), {**WEST, "Họ và tên": "Nguyễn Thị Hương"})
    assert [p.shown for p in result.placements] == ["Nguyễn Thị Hương", "Nguyễn Thị Hương"]


def test_guessed_forms_are_listed_with_their_reason_and_ambiguous_ones_warned():
    result = examined(
        row("Trần Văn An", **{"Chức vụ chính quyền": "Phó Giám đốc Sở"}),
        row("Lê Văn Bảo", **{"Chức vụ đảng": "Bí thư Chi bộ", "Đơn vị": "Cán bộ hưu trí"}),
        row("Ngô Văn Cảnh", **{"Mẫu": "2B"}),
    )
    assert (result.guessed_total, result.ambiguous_total) == (2, 1)
    assert [guess.line() for guess in result.guessed] == [
        "Dòng 2 (Chi bộ Sở Nội vụ) Trần Văn An: Mẫu 2A, đoán vì chức vụ “Phó Giám đốc Sở” là chức vụ lãnh đạo, quản lý",
        "Dòng 3 (Chi bộ Sở Nội vụ) Lê Văn Bảo: Mẫu 2C, đoán vì “Cán bộ hưu trí” (nghỉ hưu) "
        "nhưng giữ chức vụ “Bí thư Chi bộ” — cần ghi rõ cột “Mẫu”",
    ]
    assert result.warnings == [
        "Dòng 3 (Chi bộ Sở Nội vụ) Lê Văn Bảo: chưa rõ mẫu bản kiểm điểm: “Cán bộ hưu trí” (nghỉ hưu) nhưng giữ chức "
        "vụ “Bí thư Chi bộ”; tạm dùng Mẫu 2C, đề nghị ghi rõ cột “Mẫu” (2A hoặc 2C)"
    ]
    assert [p.guessed for p in result.placements] == [True, True, False]


def test_contradictions_are_warned():
    result = examined(
        row("Trần Văn An", **{"Chức vụ đảng": "Bí thư Chi bộ", "Ngày sinh": "01/02/1970"}),
        row("Lê Văn Bảo", **{"Chức vụ đảng": "Bí thư Chi bộ"}),
        row("Ngô Văn Cảnh", **{"Chức vụ chính quyền": "Trưởng phòng Kế hoạch", "Mẫu": "2B"}),
        row("Trần Văn An", **{"Ngày sinh": "01/02/1970"}),
        row("Đỗ Thị Duyên", **{"Miễn sinh hoạt": "x", "Tự xếp loại": "HTTNV"}),
    )
    warnings = "\n".join(result.warnings)
    assert "Chi bộ Sở Nội vụ (Đảng bộ Cơ quan tỉnh): có hai Bí thư: Trần Văn An và Lê Văn Bảo" in warnings
    assert (
        "Dòng 4 (Chi bộ Sở Nội vụ) Ngô Văn Cảnh: ghi Mẫu 2B (cá nhân không giữ chức vụ lãnh đạo, quản lý) nhưng "
        "chức vụ “Trưởng phòng Kế hoạch” là chức vụ lãnh đạo, quản lý (Mẫu 2A)"
    ) in warnings
    assert (
        "Dòng 2 và dòng 5: cùng họ tên “Trần Văn An” và ngày sinh 01/02/1970 — có thể một đảng viên được ghi hai lần"
    ) in warnings
    assert "Đỗ Thị Duyên: được miễn công tác và sinh hoạt đảng (không kiểm điểm) nhưng có ghi “Tự xếp loại”" in warnings


def test_a_member_admitted_less_than_six_months_before_the_review_does_not_review():
    result = examined(
        row("Trần Văn An"),
        row("Vũ Thị Mai", **{"Chính thức/dự bị": "Dự bị", "Ngày vào Đảng": "15/06/2026"}),
        row("Lý Văn Nam", **{"Chính thức/dự bị": "Dự bị", "Ngày vào Đảng": "01/06/2026"}),
    )
    assert [m.name for m in result.cells[0].reviewed] == ["Trần Văn An", "Lý Văn Nam"]
    assert result.cells[0].not_reviewed == [("Vũ Thị Mai", "vào Đảng chưa đủ 6 tháng")]
    assert (
        "Dòng 3 (Chi bộ Sở Nội vụ) Vũ Thị Mai: vào Đảng ngày 15/06/2026, chưa đủ 6 tháng đến ngày kiểm điểm "
        "01/12/2026: theo Quy định 366-QĐ/TW không kiểm điểm, xếp loại"
    ) in result.warnings[0]
    # The meeting's date, when given, is the day counted to.
    later = examined(
        row("Vũ Thị Mai", **{"Chính thức/dự bị": "Dự bị", "Ngày vào Đảng": "15/06/2026"}),
        options=BatchOptions(year=2026, date="2026-12-20"),
    )
    assert later.cells[0].not_reviewed == []


def test_a_cell_where_everyone_is_exempt_is_warned():
    result = examined(row("Trần Văn An", **{"Miễn sinh hoạt": "x"}), {**WEST, "Họ và tên": "Lê Văn Bảo"})
    assert result.cells[0].reviewed == [] and result.cells[0].not_reviewed == [
        ("Trần Văn An", "miễn công tác và sinh hoạt đảng")
    ]
    assert any(
        w.startswith("Chi bộ Sở Nội vụ (Đảng bộ Cơ quan tỉnh): không có đảng viên nào phải kiểm điểm")
        for w in result.warnings
    )


def test_the_quota_is_checked_per_cell_and_per_dang_bo():
    # East: 2 HTXSNV for 3 HTTNV (more than 20 %); west: 0 for 7. The đảng bộ: 2 for 10 — within 20 %.
    east = [
        row(f"Người {n}", **{"Tự xếp loại": level})
        for n, level in enumerate(["HTXSNV", "HTXSNV", "HTTNV", "HTTNV", "HTTNV"])
    ]
    west = [{**WEST, "Họ và tên": f"Người {n}", "Tự xếp loại": "HTTNV"} for n in range(7)]
    result = examined(*east, *west)
    assert quota(result) == [
        "Chi bộ Sở Nội vụ (Đảng bộ Cơ quan tỉnh): 2 đề xuất “Hoàn thành xuất sắc nhiệm vụ”, vượt 20% của 3 đề xuất "
        "“Hoàn thành tốt nhiệm vụ” (tối đa 0) theo Quy định 366-QĐ/TW; cấp có thẩm quyền xem xét theo tỷ lệ"
    ]
    assert quota(result)[0].split(": ", 1)[1] in result.cells[0].warnings
    # The cell's proposal, once voted, counts instead of the member's own.
    proposed = examined(*[{**member, "Chi bộ đề nghị": "HTTNV"} for member in east[:2]], *east[2:], *west[:2])
    assert quota(proposed) == []
    over = examined(*east, *west[:2])
    assert quota(over)[-1] == (
        "Đảng bộ Cơ quan tỉnh (toàn đảng bộ): 2 đề xuất “Hoàn thành xuất sắc nhiệm vụ”, "
        "vượt 20% của 5 đề xuất “Hoàn thành tốt nhiệm vụ” (tối đa 1) theo Quy định 366-QĐ/TW"
    )


def quota(result) -> list[str]:
    return [warning for warning in result.warnings if "Hoàn thành xuất sắc" in warning]


def test_a_cell_without_secretary_is_told_its_report_is_signed_by_hand():
    result = examined(row("Trần Văn An"))
    assert result.warnings == [
        "Chi bộ Sở Nội vụ (Đảng bộ Cơ quan tỉnh): danh sách không có Bí thư, Phó Bí thư: tên người ký báo cáo để trống"
    ]


def test_the_report_lists_guesses_and_warnings_in_full_and_keeps_the_first_in_the_job():
    result = examined(
        row("Trần Văn An", **{"Chức vụ đảng": "Bí thư Chi bộ"}),
        row("Lê Văn Bảo", **{"Chức vụ đảng": "Bí thư Chi bộ", "Đơn vị": "Nghỉ hưu"}),
    )
    text = report_text(result, OPTIONS)
    assert text.startswith(
        "KIỂM TRA DANH SÁCH KIỂM ĐIỂM NĂM 2026 (Quy định 366-QĐ/TW)\n2 đảng viên đang sinh hoạt, "
        "1 chi bộ, 1 đảng bộ; 2 đảng viên kiểm điểm.\n"
    )
    assert "Cảnh báo (2):\n- Dòng 3 (Chi bộ Sở Nội vụ) Lê Văn Bảo: chưa rõ mẫu bản kiểm điểm" in text
    assert (
        "Mẫu bản kiểm điểm đoán từ chức vụ, đơn vị (2, trong đó 1 cần ghi rõ cột “Mẫu”; ghi “đoán” trong "
        "manifest):\n- Dòng 2 (Chi bộ Sở Nội vụ) Trần Văn An: Mẫu 2A, đoán vì"
    ) in text
    summary = report_summary(result)
    assert (summary["guessed_total"], summary["ambiguous_total"], summary["warnings_total"]) == (2, 1, 2)
