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
FORM_CODE = re.compile(r"Mẫu\s+\S+")
_STYLE_SUFFIX = re.compile(r"[-,].*$")


def judge_printed_pages(judge: Judge, printed: Printed, sheets: list[Sheet]) -> None:
    starts = {sheet.first_page for sheet in sheets if sheet.first_page is not None}
    numbers = _expected_numbers(sheets)
    for page in printed.pages:
        area = Area.of(judge, page, printed)
        top = [line for line in printed.furniture(page) if line.baseline < area.top]
        _judge_number(judge, page, top, page.number in starts, numbers.get(page.number), area)
        if page.number not in starts:
            _judge_form_code(judge, page, top)
        _judge_area(judge, printed, page, area)
        _judge_overflow(judge, page)
        if len(printed.pages) > 1:
            _judge_blank(judge, page, area)
    _judge_truncated(judge, printed)
    _judge_table_names(judge, printed)
    _judge_inherited(judge, printed, sheets)
    _judge_fonts(judge, printed)


def _page_field(paragraphs: tuple[Paragraph, ...]) -> bool:
    return any("PAGE" in p.fields for p in paragraphs)


def _expected_numbers(sheets: list[Sheet]) -> dict[int, int]:
    """Page → the number it should print: its place in its copy, for every page after a copy's first (each
    document of a book numbers its pages from 1; a ballot handed out alone is one page and has none)."""
    return {number: place for sheet in sheets for place, number in enumerate(sheet.pages, 1) if place > 1}


def _judge_number(judge: Judge, page: PdfPage, top: list[Line], copy_start: bool, expected: int | None, area: Area) -> None:
    numbers = [line for line in top if NUMBER.fullmatch(line.text.strip())]
    if copy_start:
        if numbers and not judge.profile.page_number.first_page:
            judge.deviation(
                "page_number_printed_first_page",
                at(None, page, numbers[0]),
                "Trang đầu của văn bản có in số trang",
                "không có số trang",
                numbers[0].text.strip(),
            )
        return
    if expected is None:
        return
    if not numbers:
        if not any(d.code == "page_number_printed_missing" for d in judge.deviations):
            where = Where(page=page.number, x_mm=round(mm(area.center), 1), y_mm=judge.profile.page.header_distance_mm)
            judge.deviation(
                "page_number_printed_missing",
                where,
                "Trang không in số trang ở lề trên (văn bản nhiều trang đánh số từ trang 2)",
                f"số {expected} giữa lề trên",
                "không có",
            )
        return
    line = numbers[0]
    if judge.profile.page_number.alignment == "center" and abs(line.center - area.center) > tolerance(judge):
        judge.deviation(
            "page_number_printed_position",
            at(None, page, line),
            "Số trang không ở giữa lề trên",
            "giữa lề trên",
            f"lệch {mm(abs(line.center - area.center)):.0f} mm",
        )
    if int(line.text.strip()) != expected:
        judge.deviation(
            "page_number_printed_value", at(None, page, line), "Số trang sai thứ tự", str(expected), line.text.strip()
        )


def _judge_area(judge: Judge, printed: Printed, page: PdfPage, area: Area) -> None:
    margin = area.tolerance
    for line in printed.body_lines(page):
        if (
            line.x0 < area.left - margin
            or line.x1 > area.right + margin
            or line.bottom > area.bottom + margin
            or line.top < area.top - margin
        ):
            judge.deviation(
                "outside_text_area",
                at(None, page, line),
                "Chữ in ra ngoài vùng soạn thảo (lấn vào lề)",
                "trong lề",
                f"từ {mm(line.x0):.0f} mm đến {mm(line.x1):.0f} mm tính từ mép trái",
            )
            break
    for rule in page.rules:
        if rule.x0 < area.left - margin or rule.x1 > area.right + margin:
            judge.deviation(
                "outside_text_area_table",
                Where(page=page.number, x_mm=round(mm(rule.x0), 1), y_mm=round(mm(rule.top), 1)),
                "Bảng hoặc đường kẻ rộng quá lề giấy",
                "trong lề",
                f"từ {mm(rule.x0):.0f} mm đến {mm(rule.x1):.0f} mm tính từ mép trái",
            )
            return


def _judge_blank(judge: Judge, page: PdfPage, area: Area) -> None:
    """A sheet with nothing between its margins: an empty paragraph or a section's end that a full page pushed
    over prints a page blank but for its header and number (a voting slip's table filling its page did)."""
    if any(area.top <= line.baseline <= area.bottom for line in page.lines) or any(
        rule.bottom >= area.top and rule.top <= area.bottom for rule in page.rules
    ):
        return
    where = Where(page=page.number, x_mm=round(mm(area.center), 1), y_mm=round(mm(area.top), 1))
    judge.deviation(
        "page_blank",
        where,
        "Trang in trống, chỉ có đầu trang hoặc số trang (đoạn trống bị đẩy sang trang mới)",
        "trang có nội dung",
        "trang trống",
    )


def _judge_overflow(judge: Judge, page: PdfPage) -> None:
    """Text running out of its table cell: a glyph a vertical border cuts through, or glyphs printed over
    one another (a cell's text running into the next cell's)."""
    borders = [rule for rule in page.rules if not rule.horizontal and rule.bottom - rule.top > 4]
    for line in page.lines:
        glyphs = sorted(line.printed, key=lambda g: g.x0)
        cut = any(
            glyph.x0 + 0.5 < (b.x0 + b.x1) / 2 < glyph.x1 - 0.5 and b.top <= glyph.baseline <= b.bottom
            for glyph in glyphs
            for b in borders
        )
        if cut or any(_overlap(left, right) for left, right in zip(glyphs, glyphs[1:])):
            judge.deviation(
                "cell_overflow",
                at(None, page, line),
                "Chữ tràn ra ngoài ô bảng hoặc in chồng lên chữ khác",
                "chữ nằm trong ô",
                line.text.strip(),
            )
            return


def _overlap(left, right) -> bool:
    narrower = min(left.x1 - left.x0, right.x1 - right.x0)
    return left.x1 - right.x0 > max(1.0, 0.3 * narrower)


def _judge_form_code(judge: Judge, page: PdfPage, top: list[Line]) -> None:
    """A form's code ("Mẫu 2B-HD KĐ.ĐG 2025") belongs to the top of its first page only."""
    code = next((line for line in top if FORM_CODE.match(line.text.strip())), None)
    if code is not None:
        judge.deviation(
            "form_code_repeated",
            at(None, page, code),
            "Ký hiệu mẫu lặp lại ở trang sau của văn bản",
            "chỉ ở trang đầu",
            code.text.strip(),
        )


def _is_name(text: str) -> bool:
    """A person's name as typed in a table: two to five words, each capitalized, letters only."""
    words = text.split()
    return 2 <= len(words) <= 5 and all(w[0].isupper() and w.isalpha() and w[1:].islower() for w in words)


def _judge_table_names(judge: Judge, printed: Printed) -> None:
    """A person's name in a table cell printed whole on one line ("Đinh Văn / Quang" is a defect)."""
    for paragraph in printed.document.paragraphs:
        spots = printed.spots(paragraph)
        if paragraph.table is None or len(spots) < 2:
            continue
        lines = ["".join(spot.line.text.split()) for spot in spots]
        for name in paragraph.text.split("\n"):
            if _is_name(name) and not any("".join(name.split()) in line for line in lines):
                judge.deviation(
                    "table_name_broken",
                    at(paragraph, spots[0].page, spots[0].line),
                    "Họ tên trong bảng bị ngắt sang dòng sau",
                    name.strip(),
                    " / ".join(spot.line.text.strip() for spot in spots),
                )
                break


def _judge_truncated(judge: Judge, printed: Printed) -> None:
    """A table cell that printed only its first letters: the rest is cut off by a row of fixed height."""
    for paragraph in printed.truncated:
        spot = printed.spots(paragraph)[-1]
        judge.deviation(
            "cell_overflow_cut",
            at(paragraph, spot.page, spot.line),
            "Chữ trong ô bảng bị cắt khi in (hàng có chiều cao cố định thấp hơn nội dung)",
            paragraph.text.strip()[:60],
            spot.line.text.strip(),
        )


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
    for stories, own, words in (
        (section.headers, section.own_headers, "đầu trang"),
        (section.footers, section.own_footers, "chân trang"),
    ):
        if kind in own:
            continue
        texts = {"".join(p.text.split()) for p in stories.get(kind, ()) if p.text.strip()}
        texts = {text for text in texts if not NUMBER.fullmatch(text)}
        for line in printed.furniture(page):
            letters = "".join(line.text.split())
            if letters and any(letters in text for text in texts):
                judge.deviation(
                    "furniture_inherited",
                    at(None, page, line),
                    f"Trang đầu văn bản mang {words} của văn bản đứng trước trong tập (phần này không "
                    f"khai báo {words} riêng)",
                    f"không có «{line.text.strip()}»",
                    line.text.strip(),
                )
                return


def _font_family(name: str) -> str:
    family = _STYLE_SUFFIX.sub("", name)
    for suffix in ("PSMT", "MT", "PS"):
        family = family.removesuffix(suffix)
    return family.casefold()


def _judge_fonts(judge: Judge, printed: Printed) -> None:
    """Every glyph in an allowed font; Vietnamese letters drawn in another font than the line's unaccented
    letters are LibreOffice's fallback for a font that lacks them."""
    allowed = {
        "".join(name.split()).casefold()
        for name in (judge.profile.font.family, *judge.profile.check.printed.metric_compatible_fonts)
    }
    reported: set[tuple[str, str]] = set()
    for page in printed.pages:
        for line in page.lines:
            plain = [_font_family(g.font) for g in line.printed if g.char.isascii() and g.char.isalpha()]
            usual = max(set(plain), key=plain.count) if plain else None
            for glyph in line.printed:
                family = _font_family(glyph.font)
                if glyph.char.isalpha() and not glyph.char.isascii() and usual is not None and family != usual:
                    code, message = (
                        "vietnamese_fallback",
                        ("Chữ tiếng Việt in bằng phông thay thế (phông của đoạn thiếu chữ này)"),
                    )
                elif family not in allowed and unicodedata.category(glyph.char)[0] not in "SZC":
                    code, message = "pdf_font", "Trang in dùng phông khác phông quy định"
                else:
                    continue
                if (code, glyph.font) not in reported:
                    reported.add((code, glyph.font))
                    judge.deviation(
                        code, at(None, page, line), message, judge.profile.font.family, f"{glyph.font} (chữ «{glyph.char}»)"
                    )
