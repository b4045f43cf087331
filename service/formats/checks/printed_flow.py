"""How the text flows over the pages: the signature block with body lines before it and never split,
headings that do not end on a lone word or year nor stand last on a page, justified lines not stretched."""

from __future__ import annotations

import re

from service.formats.checks.base import Judge, uniform
from service.formats.checks.sheet import Sheet, spot_at
from service.formats.docx_reader import Paragraph

LONE = re.compile(r"\S+")
YEAR = re.compile(r"\d{4}\W*")


def judge_printed_flow(judge: Judge, sheet: Sheet) -> None:
    _judge_signature(judge, sheet)
    _judge_headings(judge, sheet)
    _judge_stretched(judge, sheet)


def _judge_signature(judge: Judge, sheet: Sheet) -> None:
    block = [p for p in sheet.marks.signature if sheet.printed.spots(p)]
    if not block:
        return
    spots = [spot for p in block for spot in sheet.printed.spots(p)]
    pages = sorted({spot.page.number for spot in spots})
    first = min((s for s in spots if s.page.number == pages[0]), key=lambda s: s.line.top)
    if len(pages) > 1:
        judge.deviation(
            "signature_split",
            spot_at(block[0], first),
            "Khối chữ ký (và nơi nhận) bị tách sang trang sau",
            "nằm trọn trên một trang",
            f"trải trên các trang {', '.join(map(str, pages))}",
        )
    before = [line for line in sheet.printed.body_lines(first.page) if line.baseline < first.line.top]
    needed = judge.profile.check.printed.body_lines_before_signature
    if len(before) < needed:
        judge.deviation(
            "signature_alone",
            spot_at(block[0], first),
            "Khối chữ ký đứng một mình trên trang: phải có ít nhất hai dòng nội dung đi cùng",
            f"ít nhất {needed} dòng nội dung trước khối chữ ký",
            f"{len(before)} dòng trên trang {first.page.number}",
        )


def _headings(sheet: Sheet) -> list[Paragraph]:
    marks = sheet.marks
    found = [p for p in (marks.title, *marks.summary) if p is not None]
    return found + [p for p in marks.body if uniform(p, "bold") is True]


def _judge_headings(judge: Judge, sheet: Sheet) -> None:
    body = {p.number for p in sheet.marks.body}
    for paragraph in _headings(sheet):
        spots = sheet.printed.spots(paragraph)
        if len(spots) > 1:
            last = spots[-1].line.text.strip()
            if len(LONE.findall(last)) == 1 or YEAR.fullmatch(last):
                judge.deviation(
                    "heading_lone_word",
                    spot_at(paragraph, spots[-1]),
                    "Dòng cuối của đề mục chỉ có một từ hoặc một năm",
                    "ngắt dòng để dòng cuối có từ hai từ trở lên (hoặc đề mục vừa một dòng)",
                    " / ".join(s.line.text.strip() for s in spots),
                )
        if paragraph.number in body and spots:
            _judge_kept_with_next(judge, sheet, paragraph)


def _judge_kept_with_next(judge: Judge, sheet: Sheet, heading: Paragraph) -> None:
    """The heading and the first printed line after it (a paragraph or a table's first cell) share a page."""
    following = next((p for p in sheet.printed.document.paragraphs[heading.number :] if sheet.printed.spots(p)), None)
    if following is None:
        return
    last, after = sheet.printed.spots(heading)[-1], sheet.printed.spots(following)[0]
    if after.page.number > last.page.number:
        judge.deviation(
            "heading_last_on_page",
            spot_at(heading, last),
            "Đề mục đứng cuối trang, nội dung của nó sang trang sau",
            "đề mục cùng trang với nội dung",
            f"đề mục ở trang {last.page.number}, nội dung ở trang {after.page.number}",
        )


def _judge_stretched(judge: Judge, sheet: Sheet) -> None:
    """A justified line that ends at a manual line break is spread across the whole width."""
    ratio = judge.profile.check.printed.stretched_gap_ratio
    for paragraph in sheet.marks.body:
        if paragraph.format.alignment != "justify" or not paragraph.breaks:
            continue
        for spot in _lines_before_breaks(paragraph, sheet.printed.spots(paragraph)):
            gaps = spot.line.gaps()
            stretch = sum(gap for gap, _ in gaps) / sum(space for _, space in gaps) if gaps else 0
            if stretch > ratio:
                judge.deviation(
                    "stretched_line",
                    spot_at(paragraph, spot),
                    "Dòng căn đều bị giãn rộng do ngắt dòng thủ công (Shift+Enter)",
                    "khoảng cách giữa các từ bình thường",
                    f"khoảng trống gấp {stretch:.1f} lần dấu cách".replace(".", ","),
                )
                return


def _lines_before_breaks(paragraph: Paragraph, spots) -> list:
    """The printed lines that end where the paragraph has a manual line break."""
    ends, count = set(), 0
    for piece in paragraph.text.split("\n")[:-1]:
        count += len("".join(piece.split()))
        ends.add(count)
    found, count = [], 0
    for spot in spots:
        count += len("".join(spot.line.text.split()))
        if count in ends:
            found.append(spot)
    return found
