"""The figures as a workbook for the organization officer's own tables: a row per chi bộ and month, the thematic
sittings per quarter against the plan, the year-end ratings, the alerts. Values, not formulas, with attendance as
a number (a share between 0 and 1, shown as a percentage) so that the sheet can be sorted and summed."""

from __future__ import annotations

from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from service.rules.reviews import LEVEL_CODES
from service.store.roster import reproducible_bytes
from service.store.statistics import Statistics
from service.vietnamese.dates import month_slash, quarter_words, slash_date

XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_BOLD = Font(name="Times New Roman", bold=True)

MONTH_COLUMNS = [
    ("Chi bộ", 34),
    ("Tháng", 9),
    ("Sinh hoạt thường kỳ (buổi)", 12),
    ("Sinh hoạt chuyên đề (buổi)", 12),
    ("Ngày họp", 22),
    ("Thời lượng bình quân (phút)", 12),
    ("Đảng viên chính thức dự", 12),
    ("Đảng viên chính thức được triệu tập", 13),
    ("Tỷ lệ dự", 10),
    ("Cấp ủy cấp trên dự (lượt)", 12),
    ("Học tập và làm theo Bác (buổi)", 12),
    ("Điểm tự đánh giá bình quân", 12),
    ("Nghị quyết", 10),
]


def workbook_bytes(stats: Statistics) -> bytes:
    """The same bytes for the same figures."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Theo tháng"
    _title(sheet, stats, "SỐ LIỆU SINH HOẠT CHI BỘ THEO THÁNG")
    _table(
        sheet,
        MONTH_COLUMNS,
        [_month_row(cell.name, month, figures) for cell in stats.cells for month, figures in cell.months.items()],
    )
    for (cell,) in sheet.iter_rows(min_row=5, min_col=9, max_col=9):
        cell.number_format = "0.00%"
    sheet.freeze_panes = "C5"
    quarters = workbook.create_sheet("Chuyên đề")
    _title(quarters, stats, "SINH HOẠT CHUYÊN ĐỀ THEO QUÝ SO VỚI KẾ HOẠCH NĂM")
    _table(
        quarters,
        [("Chi bộ", 34), ("Quý", 18), ("Đã sinh hoạt (buổi)", 14), ("Theo kế hoạch (chuyên đề)", 14)],
        [
            [cell.name, quarter_words(quarter, year), done, cell.thematic_planned[(year, quarter)]]
            for cell in stats.cells
            for (year, quarter), done in cell.thematic_done.items()
        ],
    )
    if stats.ratings_year is not None:
        ratings = workbook.create_sheet("Xếp loại")
        _title(ratings, stats, f"XẾP LOẠI CHẤT LƯỢNG ĐẢNG VIÊN NĂM {stats.ratings_year}")
        _table(
            ratings,
            [("Chi bộ", 34)] + [(code, 10) for code in LEVEL_CODES],
            [[cell.name, *(cell.ratings[code] for code in LEVEL_CODES)] for cell in stats.cells],
        )
    alerts = workbook.create_sheet("Cảnh báo")
    _title(alerts, stats, "NHỮNG VẤN ĐỀ CẦN LƯU Ý")
    _table(
        alerts,
        [("Chi bộ", 34), ("Thời điểm", 18), ("Mã", 24), ("Nội dung", 90)],
        [[alert.cell, alert.when, alert.code, alert.message] for alert in stats.alerts],
    )
    return reproducible_bytes(workbook)


def _title(sheet, stats: Statistics, title: str) -> None:
    sheet.append([f"{stats.organization['name'].upper()} — {title}"])
    sheet.append([f"Kỳ thống kê: {stats.period.title()}"])
    sheet.append([])
    sheet["A1"].font = _BOLD


def _table(sheet, columns: list[tuple[str, int]], rows: list[list[Any]]) -> None:
    sheet.append([title for title, _ in columns])
    for cell in sheet[sheet.max_row]:
        cell.font = _BOLD
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
    for row in rows:
        sheet.append(row)
    for index, (_, width) in enumerate(columns, 1):
        sheet.column_dimensions[get_column_letter(index)].width = width


def _month_row(name: str, month, figures) -> list[Any]:
    rate = float(figures.rate) if figures.rate is not None else None
    return [
        name,
        month_slash(month[1], month[0]),
        figures.sittings,
        figures.thematic,
        ", ".join(slash_date(day) for day in sorted(figures.dates)),
        figures.average_minutes,
        figures.present_official,
        figures.summoned,
        rate,
        figures.upper_guests,
        figures.ho_chi_minh,
        figures.average_quality,
        figures.resolutions,
    ]
