"""Page furniture and the page's edges as printed: page numbers where the profile puts them and none on a
copy's first page, no header text a section inherits from another document, nothing outside the text area,
no cell overflowing its borders, and every glyph in the profile's font or a metric-compatible one."""
from __future__ import annotations

import re
import unicodedata

from service.formats.checks.base import Judge, Where
from service.formats.checks.sheet import Area, Sheet, at, tolerance
from service.formats.docx_reader import Paragraph, Section
from service.formats.pdf_reader import Line, PdfPage, mm
from service.formats.printed import Printed

NUMBER = re.compile(r"\d+")
_STYLE_SUFFIX = re.compile(r"[-,].*$")


def judge_printed_pages(judge: Judge, printed: Printed, sheets: list[Sheet]) -> None:
    starts = {sheet.first_page: sheet for sheet in sheets if sheet.first_page is not None}
    numbers = _expected_numbers(printed, sheets)
    for page in printed.pages:
        area = Area.of(judge, page)
        top = [line for line in printed.furniture(page) if line.baseline < area.top]
        _judge_number(judge, page, top, page.number in starts, numbers.get(page.number), area)
        _judge_area(judge, printed, page, area)
        _judge_overflow(judge, page)
    _judge_inherited(judge, printed, sheets)
    _judge_fonts(judge, printed)


def _page_field(paragraphs: tuple[Paragraph, ...]) -> bool:
    return any("PAGE" in p.fields for p in paragraphs)


def _expected_numbers(printed: Printed, sheets: list[Sheet]) -> dict[int, int]:
    """Page → the number it should print, for pages after a copy's first whose section numbers its pages."""
    sections = printed.document.sections
    section_of = _section_of_pages(printed)
    expected, counter, current = {}, 0, None
    starts = {sheet.first_page for sheet in sheets}
    for page in printed.pages:
        number = section_of.get(page.number)
        section = sections[number - 1] if number is not None and number <= len(sections) else None
        if section is None:
            continue
        if number != current:
            current = number
            counter = section.page_start if section.page_start is not None else counter + 1
        else:
            counter += 1
        if page.number not in starts and _page_field(section.headers.get("default", ())):
            expected[page.number] = counter
    return expected


def _section_of_pages(printed: Printed) -> dict[int, int]:
    """Page → the section of the body text printed on it (the last one when a page holds two)."""
    found: dict[int, int] = {}
    for paragraph in printed.document.paragraphs:
        for spot in printed.spots(paragraph):
            found[spot.page.number] = paragraph.section
    return found


def _judge_number(judge: Judge, page: PdfPage, top: list[Line], copy_start: bool, expected: int | None,
                  area: Area) -> None:
    numbers = [line for line in top if NUMBER.fullmatch(line.text.strip())]
    if copy_start:
        if numbers and not judge.profile.page_number.first_page:
            judge.deviation("page_number_printed_first_page", at(None, page, numbers[0]),
                            "Trang đầu của văn bản có in số trang", "không có số trang", numbers[0].text.strip())
        return
    if expected is None:
        return
    if not numbers:
        judge.deviation("page_number_printed_missing", Where(page=page.number),
                        "Trang không in số trang ở lề trên", f"số {expected} giữa lề trên", "không có")
        return
    line = numbers[0]
    if judge.profile.page_number.alignment == "center" and abs(line.center - area.center) > tolerance(judge):
        judge.deviation("page_number_printed_position", at(None, page, line), "Số trang không ở giữa lề trên",
                        "giữa lề trên", f"lệch {mm(abs(line.center - area.center)):.0f} mm")
    if int(line.text.strip()) != expected:
        judge.deviation("page_number_printed_value", at(None, page, line), "Số trang sai thứ tự",
                        str(expected), line.text.strip())


def _judge_area(judge: Judge, printed: Printed, page: PdfPage, area: Area) -> None:
    margin = area.tolerance
    for line in printed.body_lines(page):
        if line.x0 < area.left - margin or line.x1 > area.right + margin or line.bottom > area.bottom + margin \
                or line.top < area.top - margin:
            judge.deviation("outside_text_area", at(None, page, line), "Chữ in ra ngoài vùng soạn thảo (lấn vào lề)",
                            "trong lề", f"từ {mm(line.x0):.0f} mm đến {mm(line.x1):.0f} mm tính từ mép trái")
            return
    for rule in page.rules:
        if rule.x0 < area.left - margin or rule.x1 > area.right + margin:
            judge.deviation("outside_text_area_table", Where(page=page.number, x_mm=round(mm(rule.x0), 1),
                                                             y_mm=round(mm(rule.top), 1)),
                            "Bảng hoặc đường kẻ rộng quá lề giấy", "trong lề",
                            f"từ {mm(rule.x0):.0f} mm đến {mm(rule.x1):.0f} mm tính từ mép trái")
            return


def _judge_overflow(judge: Judge, page: PdfPage) -> None:
    """A glyph that a vertical border cuts through: text running out of its table cell."""
    borders = [rule for rule in page.rules if not rule.horizontal and rule.bottom - rule.top > 4]
    for line in page.lines:
        for glyph in line.printed:
            middle = (glyph.top + glyph.bottom) / 2
            cut = next((b for b in borders if glyph.x0 + 0.5 < (b.x0 + b.x1) / 2 < glyph.x1 - 0.5
                        and b.top <= middle <= b.bottom), None)
            if cut is not None:
                judge.deviation("cell_overflow", at(None, page, line), "Chữ tràn ra ngoài ô bảng",
                                "chữ nằm trong ô", line.text.strip())
                return


def _judge_inherited(judge: Judge, printed: Printed, sheets: list[Sheet]) -> None:
    """A section that starts a new document (a merged book) must not print the page header or footer of the
    document before it: Word and LibreOffice carry a header over to a section that does not name its own."""
    sections, seen = printed.document.sections, set()
    for sheet in sheets:
        paragraph = next(iter(sheet.marks.header), None)
        if paragraph is None or paragraph.section in seen or paragraph.section < 2 or not sheet.pages:
            continue
        seen.add(paragraph.section)
        if paragraph.section > len(sections):
            continue
        section = sections[paragraph.section - 1]
        for index, number in enumerate(sheet.pages):
            kind = "first" if index == 0 and section.title_page else "default"
            _judge_inherited_page(judge, printed, section, kind, printed.pages[number - 1])


def _judge_inherited_page(judge: Judge, printed: Printed, section: Section, kind: str, page: PdfPage) -> None:
    for stories, own, words in ((section.headers, section.own_headers, "đầu trang"),
                                (section.footers, section.own_footers, "chân trang")):
        if kind in own:
            continue
        texts = {"".join(p.text.split()) for p in stories.get(kind, ()) if p.text.strip()}
        texts = {text for text in texts if not NUMBER.fullmatch(text)}
        for line in printed.furniture(page):
            letters = "".join(line.text.split())
            if letters and any(letters in text for text in texts):
                judge.deviation("furniture_inherited", at(None, page, line),
                                f"Trang đầu văn bản mang {words} của văn bản đứng trước trong tập (phần này không "
                                f"khai báo {words} riêng)", f"không có «{line.text.strip()}»", line.text.strip())
                return


def _font_family(name: str) -> str:
    family = _STYLE_SUFFIX.sub("", name)
    for suffix in ("PSMT", "MT", "PS"):
        family = family.removesuffix(suffix)
    return family.casefold()


def _judge_fonts(judge: Judge, printed: Printed) -> None:
    allowed = {"".join(name.split()).casefold()
               for name in (judge.profile.font.family, *judge.profile.check.printed.metric_compatible_fonts)}
    reported: set[tuple[str, str]] = set()
    for page in printed.pages:
        for line in page.lines:
            for glyph in line.printed:
                if _font_family(glyph.font) in allowed or unicodedata.category(glyph.char)[0] in "SZC":
                    continue
                vietnamese = glyph.char.isalpha() and ord(glyph.char) > 127
                code = "vietnamese_fallback" if vietnamese else "pdf_font"
                if (code, glyph.font) in reported:
                    continue
                reported.add((code, glyph.font))
                message = ("Chữ tiếng Việt in bằng phông thay thế (phông văn bản thiếu chữ này)" if vietnamese
                           else "Trang in dùng phông khác phông quy định")
                judge.deviation(code, at(None, page, line), message, judge.profile.font.family,
                                f"{glyph.font} (chữ «{glyph.char}»)")
