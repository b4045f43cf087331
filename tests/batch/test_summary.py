"""The đảng bộ's summary in the batch ZIP: its report (DOCX) and its table (XLSX) hold the same numbers, which are
those counted by hand on a three-cell roster — proposed and decided levels, shares, the quota, members not
reviewed with the reason."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from service.batch.plan import plan
from service.formats.checker import check_docx
from service.batch.roster import BatchOptions
from tests.batch.conftest import rows_of, table_of
from tests.batch.helpers import entries, run_here
from tests.kinds.findings import table_rows
from tests.helpers import docx_text

UPPER = {"Đảng bộ": "Đảng bộ xã An Phú", "Địa danh": "An Phú"}
EAST, WEST, SCHOOL = (
    {**UPPER, "Chi bộ": name} for name in ("Chi bộ Thôn Đông", "Chi bộ Thôn Tây", "Chi bộ Trường Tiểu học An Phú")
)


def member(cell, name, self_rating="", proposed="", decided="", **other):
    return {
        **cell,
        "Họ và tên": name,
        "Tự xếp loại": self_rating,
        "Chi bộ đề nghị": proposed,
        "Cấp trên quyết định": decided,
        **other,
    }


ROSTER = table_of(
    member(EAST, "Nguyễn Văn An", "HTXSNV", "", "HTTNV", **{"Chức vụ đảng": "Bí thư Chi bộ"}),
    member(EAST, "Trần Thị Bình", "HTXSNV", "HTTNV", "HTTNV"),
    member(EAST, "Lê Văn Cường", "HTTNV", "", "HTTNV"),
    member(EAST, "Phạm Văn Dũng", "HTTNV", "", "HTTNV"),
    member(EAST, "Hoàng Văn Đức", "HTNV", "", "HTNV"),
    member(EAST, "Vũ Văn Sơn", **{"Miễn sinh hoạt": "x"}),
    member(WEST, "Lê Thị Lan", "HTXSNV", "", "HTXSNV", **{"Chức vụ đảng": "Bí thư Chi bộ"}),
    member(WEST, "Ngô Thị Nga", "HTXSNV", "", "HTTNV"),
    member(WEST, "Bùi Văn Phúc", "HTTNV", "", "HTTNV"),
    member(WEST, "Đinh Văn Quang", "HTNV", "KHTNV", "KHTNV"),
    member(WEST, "Đỗ Văn Minh", **{"Chính thức/dự bị": "Dự bị", "Ngày vào Đảng": "15/09/2026"}),
    member(SCHOOL, "Phan Thị Thu", "HTTNV", **{"Chức vụ đảng": "Bí thư Chi bộ"}),
    member(SCHOOL, "Nguyễn Thị Hương", "HTTNV", **{"Ngày sinh": "14/07/1980"}),
    member(SCHOOL, "Nguyễn Thị Hương", "HTTNV", **{"Ngày sinh": "02/03/1992"}),
    member(SCHOOL, "Đặng Thị Uyên"),
)
# Counted by hand: (chi bộ, reviewed, HTXSNV, HTTNV, HTNV, KHTNV, not rated).
PROPOSED = [
    ("Chi bộ Thôn Đông", 5, "1 (20%)", "3 (60%)", "1 (20%)", "0 (0%)", ""),
    ("Chi bộ Thôn Tây", 4, "2 (50%)", "1 (25%)", "0 (0%)", "1 (25%)", ""),
    ("Chi bộ Trường Tiểu học An Phú", 4, "0 (0%)", "3 (75%)", "0 (0%)", "0 (0%)", "1"),
    ("Toàn đảng bộ", 13, "3 (23,08%)", "7 (53,85%)", "1 (7,69%)", "1 (7,69%)", "1"),
]
DECIDED = [
    ("Chi bộ Thôn Đông", 5, "0 (0%)", "4 (80%)", "1 (20%)", "0 (0%)", ""),
    ("Chi bộ Thôn Tây", 4, "1 (25%)", "2 (50%)", "0 (0%)", "1 (25%)", ""),
    ("Chi bộ Trường Tiểu học An Phú", 4, "0 (0%)", "0 (0%)", "0 (0%)", "0 (0%)", "4"),
    ("Toàn đảng bộ", 13, "1 (7,69%)", "6 (46,15%)", "1 (7,69%)", "1 (7,69%)", "4"),
]
FOLDER = "Đảng bộ xã An Phú/"


def zip_of(app, tmp_path) -> dict[str, bytes]:
    database = app.extensions["database"]
    options = BatchOptions(year=2026, summary_upper="Đảng bộ tỉnh Hưng Yên")
    job_id = plan(database, rows_of(ROSTER, options), options, runner="local", source="test", chunk_documents=500)
    return entries(run_here(database, tmp_path, job_id))


def test_the_summary_report_holds_the_hand_counted_numbers(app, tmp_path):
    files = zip_of(app, tmp_path)
    report = files[FOLDER + "Tổng hợp xếp loại đảng viên năm 2026.docx"]
    for index, expected in ((1, PROPOSED), (2, DECIDED)):
        rows = table_rows(report, index)
        assert rows[0] == ["STT", "Chi bộ", "Số đảng viên", "HTXSNV", "HTTNV", "HTNV", "KHTNV", "Chưa xếp loại"]
        assert [tuple(row[1:]) for row in rows[1:]] == [(name, str(count), *levels) for name, count, *levels in expected]
    text = docx_text(report)
    assert text.startswith("ĐẢNG BỘ TỈNH HƯNG YÊN\nĐẢNG ỦY XÃ AN PHÚ\n*")
    assert (
        "- Chi bộ Thôn Tây: 2 đề nghị “Hoàn thành xuất sắc nhiệm vụ”, vượt 20% của 1 đề nghị “Hoàn thành tốt "
        "nhiệm vụ” (tối đa 0) theo Quy định 366-QĐ/TW."
    ) in text
    assert (
        "- Toàn đảng bộ: 3 đề nghị “Hoàn thành xuất sắc nhiệm vụ”, vượt 20% của 7 đề nghị “Hoàn thành tốt nhiệm "
        "vụ” (tối đa 1) theo Quy định 366-QĐ/TW."
    ) in text
    assert (
        "IV. ĐẢNG VIÊN KHÔNG ĐÁNH GIÁ, XẾP LOẠI\n- Chi bộ Thôn Đông: đồng chí Vũ Văn Sơn (miễn công tác và sinh "
        "hoạt đảng).\n- Chi bộ Thôn Tây: đồng chí Đỗ Văn Minh (vào Đảng chưa đủ 6 tháng).\n"
    ) in text
    assert text.endswith("- Lưu Văn phòng Đảng ủy.\nT/M ĐẢNG ỦY\nBÍ THƯ\n\n\n\n\n……………………")


def test_the_summary_workbook_holds_the_same_numbers(app, tmp_path):
    files = zip_of(app, tmp_path)
    workbook = load_workbook(io.BytesIO(files[FOLDER + "Tổng hợp xếp loại đảng viên năm 2026.xlsx"]))
    assert workbook.sheetnames == ["Đề nghị", "Quyết định", "Không đánh giá"]
    for sheet, expected in ((workbook["Đề nghị"], PROPOSED), (workbook["Quyết định"], DECIDED)):
        rows = [row for row in sheet.iter_rows(min_row=5, max_row=8, values_only=True)]
        counted = [
            (row[1], row[2], *(f"{row[3 + 2 * i]} ({row[4 + 2 * i]})" for i in range(4)), str(row[11]) if row[11] else "")
            for row in rows
        ]
        assert counted == expected
    not_reviewed = list(workbook["Không đánh giá"].iter_rows(min_row=4, values_only=True))
    assert not_reviewed == [
        (1, "Chi bộ Thôn Đông", "Vũ Văn Sơn", "miễn công tác và sinh hoạt đảng"),
        (2, "Chi bộ Thôn Tây", "Đỗ Văn Minh", "vào Đảng chưa đủ 6 tháng"),
    ]


def test_the_summary_is_the_same_bytes_for_the_same_roster(app, tmp_path):
    first = zip_of(app, tmp_path / "a")
    second = zip_of(app, tmp_path / "b")
    name = FOLDER + "Tổng hợp xếp loại đảng viên năm 2026.xlsx"
    assert first[name] == second[name]


def test_namesakes_are_told_apart_on_slips_minutes_and_file_names(app, tmp_path):
    files = zip_of(app, tmp_path)
    school = FOLDER + "Chi bộ Trường Tiểu học An Phú/"
    assert {name for name in files if name.startswith(school + "Bản kiểm điểm cá nhân/")} == {
        school + "Bản kiểm điểm cá nhân/001 - Bản kiểm điểm năm 2026 - Nguyễn Thị Hương (1980).docx",
        school + "Bản kiểm điểm cá nhân/002 - Bản kiểm điểm năm 2026 - Nguyễn Thị Hương (1992).docx",
        school + "Bản kiểm điểm cá nhân/003 - Bản kiểm điểm năm 2026 - Phan Thị Thu.docx",
        school + "Bản kiểm điểm cá nhân/004 - Bản kiểm điểm năm 2026 - Đặng Thị Uyên.docx",
    }
    slip = table_rows(files[school + "Phiếu xếp loại đảng viên năm 2026.docx"], 1)
    minutes = table_rows(files[school + "Biên bản xếp loại đảng viên năm 2026.docx"], 1)
    # The book, the slips and the minutes list the members in the same order (the minutes' STT).
    expected = ["Nguyễn Thị Hương (1980)", "Nguyễn Thị Hương (1992)", "Phan Thị Thu", "Đặng Thị Uyên"]
    assert [row[1] for row in slip[1:5]] == [row[1] for row in minutes[1:]] == expected
    # The self-review itself prints the name as it is, with the birth date.
    form = docx_text(files[school + "Bản kiểm điểm cá nhân/002 - Bản kiểm điểm năm 2026 - Nguyễn Thị Hương (1992).docx"])
    assert "Họ và tên: Nguyễn Thị Hương\nNgày sinh: 02/03/1992" in form


def test_every_document_of_a_batch_passes_the_checker_blanks_and_all(app, tmp_path):
    files = zip_of(app, tmp_path)
    documents = [name for name in files if name.endswith(".docx") and "/Tập in " not in name]
    assert len(documents) == 23  # 13 self-reviews, 3 × (report, slips, minutes), the summary
    for name in documents:
        report = check_docx(files[name])
        assert [deviation.line() for deviation in report.deviations] == [], name
