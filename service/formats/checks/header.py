"""The header: "ĐẢNG CỘNG SẢN VIỆT NAM" and its rule, the issuer lines, "*", the number, place and date."""

from __future__ import annotations

import datetime as dt
import re
import string
from dataclasses import dataclass

from service.formats.checks.base import Judge, Where, squeeze
from service.formats.checks.landmarks import DATE, NUMBER_LINE, Landmarks, is_date_line, is_party_title
from service.formats.docx_reader import Paragraph
from service.formats.profiles import Profile
from service.vietnamese.dates import date_words

_FIELDS = {
    "number": r"(?P<number>\d+|\s*)",
    "type": r"(?P<type>[A-ZĐ][A-Za-zĐđ]*)",
    "issuer": r"(?P<issuer>[A-ZĐ0-9]+(?:-[A-ZĐ0-9]+)*)",
}
# State documents (Nghị định 30/2020) write "Số: 05/NQ-UBND": a colon, then slash before hyphen.
STATE_NUMBER = re.compile(r"Số\s*:\s*(?P<number>\d+)\s*/\s*(?P<type>[A-Za-zĐđ]+)\s*-\s*(?P<issuer>[A-ZĐ0-9-]+)$")
# Anything else that still shows a number, a type and an issuer, for a precise "expected".
LOOSE_NUMBER = re.compile(
    r"Số\s*:?\s*(?P<number>\d*)\s*[-/]\s*(?P<type>[A-Za-zĐđ]+)\s*[-/]\s*(?P<issuer>[A-ZĐ0-9-]+)$", re.IGNORECASE
)


def number_regex(pattern: str) -> re.Pattern:
    """The profile's number pattern ("Số {number}-{type}/{issuer}") as a regular expression."""
    pieces = []
    for literal, name, _, _ in string.Formatter().parse(pattern):
        pieces.append(r"\s+".join(re.escape(part) for part in literal.split(" ")))
        if name:
            pieces.append(_FIELDS[name])
    return re.compile("".join(pieces) + "$")


@dataclass
class HeaderLines:
    party_title: Paragraph | None = None
    asterisk: Paragraph | None = None
    number: Paragraph | None = None
    place_date: Paragraph | None = None
    organization: tuple[Paragraph, ...] = ()


def identify(marks: Landmarks, profile: Profile) -> HeaderLines:
    found = HeaderLines()
    rest = []
    for paragraph in marks.header:
        text = squeeze(paragraph.text)
        if found.party_title is None and is_party_title(paragraph, profile):
            found.party_title = paragraph
        elif found.asterisk is None and text == profile.header.asterisk.text:
            found.asterisk = paragraph
        elif found.number is None and NUMBER_LINE.match(text):
            found.number = paragraph
        elif found.place_date is None and is_date_line(paragraph):
            found.place_date = paragraph
        else:
            rest.append(paragraph)
    title_cell = _cell(found.party_title)
    found.organization = tuple(p for p in rest if title_cell is None or _cell(p) != title_cell)
    return found


def _cell(paragraph: Paragraph | None) -> tuple | None:
    return None if paragraph is None or paragraph.table is None else (paragraph.table, paragraph.row, paragraph.cell)


def judge_header(judge: Judge, marks: Landmarks) -> None:
    profile, header = judge.profile, judge.profile.header
    if not marks.header:
        judge.deviation(
            "header_missing",
            Where(),
            "Không tìm thấy phần tiêu đề văn bản",
            f"{header.party_title.text}, tên chi bộ, *, số, địa danh và ngày",
            "không có",
        )
        return
    if marks.header_table is None:
        judge.deviation(
            "header_not_table",
            marks.header[0],
            "Không có bảng tiêu đề: phần đầu văn bản nên là bảng hai cột không viền",
            "bảng hai cột",
            "các dòng rời",
            "warning",
        )
    found = identify(marks, profile)
    _judge_party_title(judge, found.party_title)
    _judge_organization(judge, found, marks)
    if found.asterisk is None:
        judge.deviation(
            "asterisk_missing",
            found.organization[-1] if found.organization else marks.header[0],
            "Thiếu dấu «*» dưới tên cơ quan ban hành",
            header.asterisk.text,
            "không có",
        )
    else:
        judge.text_style(found.asterisk, header.asterisk, "asterisk", "Dấu «*»")
    _judge_number(judge, found.number, marks)
    _judge_place_date(judge, found.place_date, marks)
    _judge_order(judge, found)


def _judge_party_title(judge: Judge, paragraph: Paragraph | None) -> None:
    title = judge.profile.header.party_title
    if paragraph is None:
        judge.deviation("party_title_missing", Where(), f"Thiếu tiêu đề «{title.text}»", title.text, "không có")
        return
    judge.text_style(paragraph, title, "party_title", f"Tiêu đề «{title.text}»")
    if title.rule and not _has_rule(judge, paragraph):
        judge.deviation(
            "party_title_rule_missing", paragraph, "Thiếu đường kẻ liền dưới tiêu đề", "đường kẻ dưới tiêu đề", "không có"
        )


def _has_rule(judge: Judge, paragraph: Paragraph) -> bool:
    """A bottom border, the next line's top border, or a drawn line anchored at either."""
    following = judge.document.paragraphs[paragraph.number] if paragraph.number < len(judge.document.paragraphs) else None
    if paragraph.format.border_bottom or paragraph.has_drawing:
        return True
    return following is not None and (following.format.border_top or following.has_drawing)


def _judge_organization(judge: Judge, found: HeaderLines, marks: Landmarks) -> None:
    header = judge.profile.header
    lines = found.organization
    if not lines:
        judge.deviation(
            "issuer_missing",
            marks.header[0],
            "Thiếu tên cơ quan ban hành (tên chi bộ)",
            "tên chi bộ, in hoa, đậm",
            "không có",
        )
    else:
        judge.text_style(lines[-1], header.issuer, "issuer", "Tên cơ quan ban hành")
    if len(lines) < 2:
        judge.deviation(
            "upper_org_missing",
            lines[0] if lines else marks.header[0],
            "Thiếu tên cấp ủy cấp trên trực tiếp trên tên chi bộ",
            "tên cấp ủy cấp trên, in hoa",
            "không có",
        )
    for line in lines[:-1]:
        judge.text_style(line, header.upper_org, "upper_org", "Tên cấp ủy cấp trên trực tiếp")


def _judge_number(judge: Judge, paragraph: Paragraph | None, marks: Landmarks) -> None:
    profile, style = judge.profile, judge.profile.header.number
    example = profile.number_line(5, "NQ", "CB")
    if paragraph is None:
        # Required of what the organization issues (signed T/M …); minutes may stay unnumbered and
        # personal forms have no number.
        if marks.authority is not None:
            judge.deviation("number_missing", marks.header[0], "Thiếu dòng số và ký hiệu", example, "không có")
        return
    judge.text_style(paragraph, style, "number", "Số và ký hiệu")
    text = squeeze(paragraph.text)
    match = number_regex(style.pattern).match(text)
    if match:
        digits = match["number"].strip()
        if digits and len(digits) < style.pad_to:
            judge.deviation(
                "number_padding",
                paragraph,
                "Số văn bản dưới 10 phải có số 0 đứng trước",
                profile.number_line(int(digits), match["type"], match["issuer"]),
                text,
            )
        return
    state = STATE_NUMBER.match(text)
    loose = state or LOOSE_NUMBER.match(text)
    if loose:
        number = int(loose["number"]) if loose["number"] else None
        expected = profile.number_line(number, loose["type"], loose["issuer"])
        message = (
            "Số và ký hiệu viết theo kiểu văn bản nhà nước («Số:», gạch chéo trước gạch nối)"
            if state
            else "Số và ký hiệu sai mẫu"
        )
        judge.deviation("number_state_style" if state else "number_format", paragraph, message, expected, text)
        return
    judge.deviation("number_format", paragraph, "Số và ký hiệu sai mẫu", f"{example} (ví dụ)", text)


def _judge_place_date(judge: Judge, paragraph: Paragraph | None, marks: Landmarks) -> None:
    style = judge.profile.header.place_date
    if paragraph is None:
        # Every signed document is dated; an unsigned paper (a ballot) is not.
        if marks.labels:
            judge.deviation(
                "place_date_missing",
                marks.header[-1],
                "Thiếu dòng địa danh, ngày tháng năm",
                style.pattern.format(place="<địa danh>", date=date_words(dt.date(2026, 3, 5))),
                "không có",
            )
        return
    judge.text_style(paragraph, style, "place_date", "Địa danh, ngày tháng năm")
    text = squeeze(paragraph.text)
    match = DATE.search(text)
    if match is None:
        judge.cannot("date_blank", "Ngày tháng năm ở tiêu đề còn để trống nên chưa kiểm tra cách viết ngày tháng.")
        return
    try:
        day = dt.date(int(match["year"]), int(match["month"]), int(match["day"]))
    except ValueError:
        judge.deviation("date_invalid", paragraph, "Ngày tháng năm không có thật", "một ngày có thật", match.group(0))
        return
    place = text[: match.start()].rstrip(" ,")
    expected = style.pattern.format(place=place or "<địa danh>", date=date_words(day))
    if text != expected:
        judge.deviation(
            "place_date_format",
            paragraph,
            "Địa danh, ngày tháng năm viết sai quy cách (ngày dưới 10 "
            "và tháng 1, 2 có số 0 đứng trước; sau địa danh có dấu phẩy)",
            expected,
            text,
        )


def _judge_order(judge: Judge, found: HeaderLines) -> None:
    issuer = found.organization[-1] if found.organization else None
    left = [(p, name) for p, name in ((issuer, "tên chi bộ"), (found.asterisk, "*"), (found.number, "số")) if p is not None]
    for (before, first), (after, second) in zip(left, left[1:]):
        if after.number < before.number:
            judge.deviation(
                "header_order",
                after,
                "Thứ tự các dòng tiêu đề bên trái sai",
                f"{first} trước {second}",
                f"{second} trước {first}",
            )
    title, date_line = found.party_title, found.place_date
    if title is not None and date_line is not None and date_line.number < title.number:
        judge.deviation(
            "header_order",
            date_line,
            "Thứ tự các dòng tiêu đề bên phải sai",
            "tiêu đề Đảng trước địa danh, ngày tháng",
            "địa danh, ngày tháng trước tiêu đề Đảng",
        )
    if (
        title is not None
        and issuer is not None
        and title.table is not None
        and title.table == issuer.table
        and (title.cell or 0) <= (issuer.cell or 0)
    ):
        judge.deviation(
            "header_layout",
            title,
            "Tiêu đề Đảng phải ở cột bên phải, tên chi bộ ở cột bên trái",
            "cột phải",
            f"cột {title.cell}",
        )
