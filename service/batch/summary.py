"""The đảng bộ's summary as a workbook (XLSX) for the level above, from the same numbers as its report
(service/kinds/review_summary.py: `summarize` computes them once): a sheet per stage of the review (proposed,
decided once entered) with counts and percentages per level per chi bộ and in total, the quota check, and the
members not reviewed with the reason. Values, not formulas: what is printed is what was counted.
"""

from __future__ import annotations

from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, NamedStyle, Side
from openpyxl.utils import get_column_letter

from service import pipeline
from service.kinds.review_summary import LevelTable, ReviewSummaryInput, Summary, summarize
from service.rules.reviews import LEVEL_CODES
from service.store.roster import reproducible_bytes

SUMMARY_KIND = "tong-hop-xep-loai"
_THIN = Side(style="thin", color="000000")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_BOLD = Font(name="Times New Roman", bold=True)
_PLAIN = Font(name="Times New Roman")


def summary_of(data: Any) -> tuple[ReviewSummaryInput, Summary]:
    """The summary's input checked as the report's is (InputInvalid when it is wrong), and its numbers."""
    prepared = pipeline.check(SUMMARY_KIND, data)
    return prepared.model, summarize(prepared.model)


def summary_lines(summary: Summary) -> list[str]:
    """The counts as text lines for a terminal: per chi bộ and in total, proposed (and decided)."""
    lines = []
    for stage, table in (("Đề nghị", summary.proposed), ("Quyết định", summary.decided)):
        if table is None:
            continue
        lines.append(f"{stage}: " + ", ".join(LEVEL_CODES) + ", chưa xếp loại")
        for tally in (*table.cells, table.total):
            levels = ", ".join(f"{tally.counts[code]} ({tally.share(code)})" for code in LEVEL_CODES)
            lines.append(f"  {tally.name}: {tally.reviewed} đảng viên — {levels}, {tally.unrated}")
    lines += [f"Không đánh giá: {cell} – {name} ({reason})" for cell, name, reason in summary.not_reviewed]
    return lines


def workbook_bytes(model: ReviewSummaryInput, summary: Summary) -> bytes:
    """The workbook, the same bytes for the same summary."""
    workbook = Workbook()
    _named_styles(workbook)
    sheet = workbook.active
    sheet.title = "Đề nghị"
    _stage(
        sheet, model, summary.proposed, "KẾT QUẢ ĐỀ NGHỊ XẾP LOẠI (chi bộ đề nghị; chưa biểu quyết: đảng viên tự đề xuất)"
    )
    if summary.decided is not None:
        _stage(workbook.create_sheet("Quyết định"), model, summary.decided, "KẾT QUẢ CẤP CÓ THẨM QUYỀN QUYẾT ĐỊNH")
    _not_reviewed(workbook.create_sheet("Không đánh giá"), summary)
    return reproducible_bytes(workbook)


def _stage(sheet, model: ReviewSummaryInput, table: LevelTable, title: str) -> None:
    sheet.append(
        [f"{model.organization.name.upper()} — TỔNG HỢP KẾT QUẢ ĐÁNH GIÁ, XẾP LOẠI CHẤT LƯỢNG ĐẢNG VIÊN NĂM {model.year}"]
    )
    sheet.append([title])
    sheet.append([])
    header = ["STT", "Chi bộ", "Số đảng viên được đánh giá"]
    for code in LEVEL_CODES:
        header += [f"{code} (số)", f"{code} (%)"]
    header.append("Chưa xếp loại")
    sheet.append(header)
    first = sheet.max_row
    for number, tally in enumerate([*table.cells, table.total], 1):
        row: list[Any] = [number if tally is not table.total else "", tally.name, tally.reviewed]
        for code in LEVEL_CODES:
            row += [tally.counts[code], tally.share(code)]
        row.append(tally.unrated)
        sheet.append(row)
    _format_table(sheet, first, sheet.max_row, len(header))
    sheet.append([])
    sheet.append(["Tỷ lệ hoàn thành xuất sắc nhiệm vụ"])
    sheet.cell(sheet.max_row, 1).font = _BOLD
    for line in table.over_quota or ["Không chi bộ nào và toàn đảng bộ không vượt tỷ lệ."]:
        sheet.append(["", line])
    for cell in (sheet["A1"], sheet["A2"]):
        cell.font = _BOLD
    widths = [6, 34, 14] + [10] * (2 * len(LEVEL_CODES)) + [12]
    for index, width in enumerate(widths, 1):
        sheet.column_dimensions[get_column_letter(index)].width = width


# Named once per workbook and referred to by name: styling each cell with its own font, border and alignment
# objects cost two thirds of making a workbook.
_STYLES = {
    "head": (_BOLD, "center"),
    "text": (_PLAIN, "left"),
    "figure": (_PLAIN, "center"),
    "total-text": (_BOLD, "left"),
    "total-figure": (_BOLD, "center"),
}


def _named_styles(workbook: Workbook) -> None:
    for name, (font, horizontal) in _STYLES.items():
        workbook.add_named_style(
            NamedStyle(
                name=name,
                font=font,
                border=_BOX,
                alignment=Alignment(wrap_text=True, vertical="center", horizontal=horizontal),
            )
        )


def _format_table(sheet, first: int, last: int, columns: int, *, total: bool = True) -> None:
    """The header row, the rows, and the last row (in bold when it is a total) of a table, boxed; text in column 2
    to the left."""
    for row in sheet.iter_rows(min_row=first, max_row=last, max_col=columns):
        for cell in row:
            kind = "text" if cell.column == 2 else "figure"
            cell.style = "head" if cell.row == first else f"total-{kind}" if total and cell.row == last else kind


def _not_reviewed(sheet, summary: Summary) -> None:
    sheet.append(["ĐẢNG VIÊN KHÔNG ĐÁNH GIÁ, XẾP LOẠI"])
    sheet["A1"].font = _BOLD
    sheet.append([])
    sheet.append(["STT", "Chi bộ", "Họ và tên", "Lý do"])
    first = sheet.max_row
    for number, (cell, name, reason) in enumerate(summary.not_reviewed, 1):
        sheet.append([number, cell, name, reason])
    _format_table(sheet, first, sheet.max_row, 4, total=False)
    for letter, width in zip("ABCD", (6, 34, 28, 40)):
        sheet.column_dimensions[letter].width = width
