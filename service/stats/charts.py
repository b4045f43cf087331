"""The đảng bộ page's charts as SVG, drawn on the server by pygal: attendance by month, thematic sittings against
the plan, the year-end ratings. The page shows each as an image next to the table of its numbers (the text
alternative); pygal's tooltip script is left out, so a chart is a picture and nothing runs.

With many cells one line each is a tangle: the attendance chart draws the đảng bộ's line and the cells whose
attendance over the period is lowest (MAX_LINES in all); the table beside it has every cell.
"""

from __future__ import annotations

from lxml import etree
import pygal
from pygal.style import Style

from service.rules.reviews import LEVEL_CODES
from service.store.statistics import Statistics
from service.vietnamese.dates import month_slash

SVG_MEDIA_TYPE = "image/svg+xml"
MAX_LINES = 8
STYLE = Style(
    background="white",
    plot_background="white",
    foreground="#1b1b1b",
    foreground_strong="#1b1b1b",
    foreground_subtle="#b8b8b8",
    font_family="'Times New Roman', 'Liberation Serif', serif",
    title_font_size=18,
    label_font_size=13,
    major_label_font_size=13,
    legend_font_size=13,
    value_font_size=12,
    opacity=".85",
    opacity_hover=".95",
    colors=("#a50e0e", "#1f5fa8", "#2e7d32", "#b58100", "#6a3d9a", "#00838f", "#5d4037", "#ad1457"),
)
_CONFIG = {
    "style": STYLE,
    "js": [],
    "disable_xml_declaration": True,
    "width": 900,
    "height": 400,
    "legend_at_bottom": True,
    "legend_at_bottom_columns": 3,
    "print_values": False,
    "show_minor_x_labels": True,
    "truncate_legend": 40,
    "truncate_label": 20,
}
TOTAL = "Toàn đảng bộ"


def attendance(stats: Statistics) -> bytes:
    lowest = min((cell.total.rate for cell in stats.cells if cell.total.rate is not None), default=1)
    chart = pygal.Line(
        title="Tỷ lệ đảng viên chính thức dự sinh hoạt theo tháng (%)",
        range=(min(50, int(lowest * 10) * 10), 100),
        allow_interruptions=True,
        **_CONFIG,
    )
    chart.x_labels = [month_slash(month, year) for year, month in stats.months]
    shown = sorted((cell for cell in stats.cells if cell.total.rate is not None), key=lambda cell: cell.total.rate or 0)[
        : MAX_LINES - 1
    ]
    if len(stats.cells) > 1:
        chart.add(TOTAL, [_percent(stats.month_total(month).rate) for month in stats.months], stroke_style={"width": 4})
    for cell in sorted(shown, key=stats.cells.index):
        chart.add(cell.name, [_percent(cell.months[month].rate) for month in stats.months])
    return _svg(chart)


def thematic(stats: Statistics) -> bytes:
    done = [sum(cell.thematic_done.values()) for cell in stats.cells]
    planned = [sum(cell.thematic_planned.values()) for cell in stats.cells]
    chart = pygal.Bar(
        title="Sinh hoạt chuyên đề: đã sinh hoạt và theo kế hoạch năm (buổi)",
        y_labels=_whole_numbers(max(done + planned, default=0)),
        **_CONFIG,
    )
    chart.x_labels = [cell.name for cell in stats.cells]
    chart.add("Đã sinh hoạt", done)
    chart.add("Theo kế hoạch", planned)
    return _svg(chart)


def ratings(stats: Statistics) -> bytes:
    tallest = max((sum(cell.ratings.values()) for cell in stats.cells), default=0)
    chart = pygal.StackedBar(
        title=f"Xếp loại chất lượng đảng viên năm {stats.ratings_year} (người)", y_labels=_whole_numbers(tallest), **_CONFIG
    )
    chart.x_labels = [cell.name for cell in stats.cells]
    for code in LEVEL_CODES:
        chart.add(code, [cell.ratings[code] for cell in stats.cells])
    return _svg(chart)


CHARTS = {"attendance": attendance, "thematic": thematic, "ratings": ratings}


def _whole_numbers(top: int) -> list[int]:
    """Axis labels for counts: whole numbers only, about ten of them."""
    step = max(1, -(-top // 10))
    return list(range(0, top + step, step))


def _percent(rate) -> float | None:
    return None if rate is None else round(float(rate) * 100, 1)


def _svg(chart) -> bytes:
    tree = etree.fromstring(chart.render())
    for script in tree.iter("{http://www.w3.org/2000/svg}script"):
        script.getparent().remove(script)
    return etree.tostring(tree, encoding="utf-8")
