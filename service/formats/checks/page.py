"""Page size, margins and the page number, section by section."""

from __future__ import annotations

from service.formats.checks.base import Judge, Where, point_range, points
from service.formats.docx_reader import Paragraph, Section

_MARGINS = (
    ("top", "margin_top_mm", "trên"),
    ("bottom", "margin_bottom_mm", "dưới"),
    ("left", "margin_left_mm", "trái"),
    ("right", "margin_right_mm", "phải"),
)
_ALIGNMENT = {"center": "giữa", "right": "phải", "left": "trái", "justify": "đều hai bên"}


def _mm(value: float) -> str:
    return f"{round(value, 1):g} mm".replace(".", ",")


def judge_page(judge: Judge, copies: int = 1) -> None:
    """`copies`: how many times the document repeats its header, each copy a sheet of its own (ballots)."""
    if not judge.document.sections:
        judge.cannot("page_setup_missing", "Văn bản không khai báo khổ giấy và lề nên chưa kiểm tra được.")
    for section in judge.document.sections:
        _judge_size(judge, section)
        _judge_margins(judge, section)
    _judge_page_number(judge, copies)


def _judge_size(judge: Judge, section: Section) -> None:
    page, tolerance = judge.profile.page, judge.profile.check.margin_tolerance_mm
    if section.width_mm is None or section.height_mm is None:
        judge.cannot("page_size_missing", f"Phần {section.number} không khai báo khổ giấy nên chưa kiểm tra được.")
        return
    if abs(section.width_mm - page.width_mm) > tolerance or abs(section.height_mm - page.height_mm) > tolerance:
        judge.deviation(
            "page_size",
            Where(section=section.number),
            "Khổ giấy sai (A4 đứng)",
            f"{_mm(page.width_mm)} × {_mm(page.height_mm)}",
            f"{_mm(section.width_mm)} × {_mm(section.height_mm)}",
        )


def _judge_margins(judge: Judge, section: Section) -> None:
    page, tolerance = judge.profile.page, judge.profile.check.margin_tolerance_mm
    margins = dict(section.margins_mm)
    if "left" in margins:
        # Word adds the gutter to the left margin when it prints.
        margins["left"] += margins.get("gutter", 0)
    for key, setting, words in _MARGINS:
        if key not in margins:
            judge.cannot(f"margin_{key}_missing", f"Phần {section.number} không khai báo lề {words}.")
            continue
        expected = getattr(page, setting)
        if abs(margins[key] - expected) > tolerance:
            judge.deviation(
                f"page_margin_{key}", Where(section=section.number), f"Lề {words} sai", _mm(expected), _mm(margins[key])
            )


def _page_field(paragraphs: tuple[Paragraph, ...]) -> Paragraph | None:
    return next((p for p in paragraphs if "PAGE" in p.fields), None)


def _judge_page_number(judge: Judge, copies: int) -> None:
    style = judge.profile.page_number
    for section in judge.document.sections:
        where = Where(section=section.number)
        number = _page_field(section.headers.get("default", ()))
        if number is None:
            if any(_page_field(footer) for footer in section.footers.values()):
                judge.deviation(
                    "page_number_position",
                    where,
                    "Số trang phải ở đầu trang (lề trên), không ở chân trang",
                    "đầu trang",
                    "chân trang",
                )
            elif copies == 1:  # copies handed out one by one (a secret ballot's) carry no number on purpose
                judge.cannot(
                    "page_number_missing",
                    "Không thấy số trang ở đầu trang; văn bản dài hơn một trang cần đánh số trang từ trang 2.",
                )
            continue
        if number.format.alignment != style.alignment:
            judge.deviation(
                "page_number_alignment",
                where,
                "Số trang phải căn giữa",
                _ALIGNMENT[style.alignment],
                _ALIGNMENT.get(number.format.alignment, number.format.alignment),
            )
        # The printed number when the file carries one, else the field's own runs.
        sizes = sorted({run.format.size_pt for run in number.visible_runs or number.runs})
        if sizes != [style.size_pt]:
            judge.deviation(
                "page_number_size",
                where,
                "Cỡ chữ số trang sai",
                point_range(style.size_pt, style.size_pt),
                ", ".join(points(size) for size in sizes),
                judge.profile.check.severity.page_number_size,
            )
        first = section.headers.get("first", ()) if section.title_page else section.headers.get("default", ())
        if not style.first_page and section.number == 1 and _page_field(first) is not None:
            judge.deviation(
                "page_number_first_page", where, "Trang đầu không đánh số trang", "không có số trang", "có số trang"
            )
