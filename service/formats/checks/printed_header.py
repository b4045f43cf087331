"""The header block as printed: names broken only between word groups, the Party title and its rule in the
right column, "*" under the cell name, the place-date line in italics on the right."""

from __future__ import annotations

from service.formats.checks.base import Judge
from service.formats.checks.header import HeaderLines, identify
from service.formats.checks.sheet import Area, Sheet, cannot_place, spot_at, tolerance
from service.formats.checks.word_groups import bad_breaks
from service.formats.docx_reader import Paragraph
from service.formats.pdf_reader import Line, Rule, mm
from service.formats.printed import Spot


def judge_printed_header(judge: Judge, sheet: Sheet) -> None:
    if not sheet.marks.header:
        return
    found = identify(sheet.marks, judge.profile)
    for paragraph in found.organization:
        _judge_name_breaks(judge, sheet, paragraph)
    _judge_party_title(judge, sheet, found)
    _judge_asterisk(judge, sheet, found)
    _judge_place_date(judge, sheet, found)


def _placed(judge: Judge, sheet: Sheet, paragraph: Paragraph | None, what: str) -> tuple[Spot, ...]:
    """The printed lines of a header paragraph; () when there is none, said so when it did not print."""
    if paragraph is None:
        return ()
    spots = sheet.printed.spots(paragraph)
    if not spots:
        cannot_place(judge, paragraph, what)
    return spots


def _judge_name_breaks(judge: Judge, sheet: Sheet, paragraph: Paragraph) -> None:
    spots = _placed(judge, sheet, paragraph, "dòng tên cơ quan")
    if not spots:
        return
    lines = [spot.line.text.strip() for spot in spots]
    bad = bad_breaks(paragraph.text, lines)
    if bad:
        printed = " / ".join(lines)
        judge.deviation(
            "header_name_break",
            spot_at(paragraph, spots[bad[0] - 1], printed),
            "Tên cơ quan xuống dòng giữa một cụm từ (địa danh, tên riêng) — người đọc thấy tên bị tách đôi"
            + (f" ({len(bad)} chỗ)" if len(bad) > 1 else ""),
            "xuống dòng giữa các cụm từ",
            printed,
        )


def _right_column(judge: Judge, line: Line, area: Area) -> bool:
    boundary = area.left + (area.right - area.left) * judge.profile.header.left_width_pct / 100
    return line.x0 >= boundary - tolerance(judge)


def _judge_party_title(judge: Judge, sheet: Sheet, found: HeaderLines) -> None:
    paragraph = found.party_title
    spots = _placed(judge, sheet, paragraph, "tiêu đề")
    if not spots:
        return
    spot = spots[0]
    line, area = spot.line, Area.of(judge, spot.page, sheet.printed)
    if len(spots) > 1:
        judge.deviation(
            "party_title_printed_wrapped",
            spot_at(paragraph, spot),
            "Tiêu đề Đảng bị xuống dòng",
            "một dòng",
            " / ".join(s.line.text for s in spots),
        )
    if not _right_column(judge, line, area):
        judge.deviation(
            "party_title_printed_position",
            spot_at(paragraph, spot),
            "Tiêu đề Đảng phải ở cột bên phải",
            "cột phải",
            "cột trái",
        )
    if judge.profile.header.party_title.bold and not line.all_fonts("Bold"):
        judge.deviation(
            "party_title_printed_bold", spot_at(paragraph, spot), "Tiêu đề Đảng in ra không đậm", "in đậm", "không in đậm"
        )
    if judge.profile.header.party_title.rule:
        _judge_rule(judge, paragraph, spot, [s.line for s in spots])


def _judge_rule(judge: Judge, paragraph, spot, lines: list[Line]) -> None:
    last = lines[-1]
    width = max(l.x1 for l in lines) - min(l.x0 for l in lines)
    under = [rule for rule in spot.page.rules if rule.horizontal and _under(rule, last)]
    if not under:
        judge.deviation(
            "party_title_printed_rule",
            spot_at(paragraph, spot),
            "Trên trang in không có đường kẻ liền dưới tiêu đề Đảng",
            "đường kẻ dưới tiêu đề",
            "không có",
        )
        return
    rule = max(under, key=lambda r: r.x1 - r.x0)
    share = judge.profile.check.printed.rule_length_tolerance
    if abs((rule.x1 - rule.x0) - width) > share * width:
        judge.deviation(
            "party_title_printed_rule_length",
            spot_at(paragraph, spot),
            "Đường kẻ dưới tiêu đề Đảng không dài bằng dòng tiêu đề",
            f"{mm(width):.0f} mm",
            f"{mm(rule.x1 - rule.x0):.0f} mm",
            "warning",
        )


def _under(rule: Rule, line: Line) -> bool:
    """A rule drawn just below the line (within one line height) and under most of it."""
    overlap = min(rule.x1, line.x1) - max(rule.x0, line.x0)
    return line.baseline - 1 <= rule.top <= line.baseline + line.size and overlap >= 0.5 * (line.x1 - line.x0)


def _judge_asterisk(judge: Judge, sheet: Sheet, found: HeaderLines) -> None:
    asterisk, issuer = found.asterisk, found.organization[-1] if found.organization else None
    if asterisk is None or issuer is None:
        return
    star, name = sheet.printed.spots(asterisk), sheet.printed.spots(issuer)
    if not star or not name:
        return
    under, above = star[0].line, name[-1].line
    centered = abs(under.center - above.center) <= tolerance(judge)
    if not centered or under.baseline <= above.baseline or star[0].page is not name[-1].page:
        judge.deviation(
            "asterisk_printed_position",
            spot_at(asterisk, star[0]),
            "Dấu «*» phải nằm giữa, ngay dưới tên cơ quan ban hành",
            "giữa, dưới tên chi bộ",
            f"lệch {mm(abs(under.center - above.center)):.0f} mm so với giữa tên chi bộ",
        )


def _judge_place_date(judge: Judge, sheet: Sheet, found: HeaderLines) -> None:
    paragraph = found.place_date
    spots = _placed(judge, sheet, paragraph, "dòng địa danh, ngày tháng")
    if not spots:
        return
    spot = spots[0]
    if judge.profile.header.place_date.italic and not all(s.line.all_fonts("Italic") for s in spots):
        judge.deviation(
            "place_date_printed_italic",
            spot_at(paragraph, spot),
            "Dòng địa danh, ngày tháng năm in ra không nghiêng",
            "in nghiêng",
            "chữ đứng",
        )
    if not _right_column(judge, spot.line, Area.of(judge, spot.page, sheet.printed)):
        judge.deviation(
            "place_date_printed_position",
            spot_at(paragraph, spot),
            "Dòng địa danh, ngày tháng năm phải ở cột bên phải",
            "cột phải",
            "cột trái",
        )
