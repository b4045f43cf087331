"""Title, trích yếu and its "-----", and the body: size, line spacing, closing mark."""

from __future__ import annotations

from service.formats.checks.base import Judge, Where, point_range, points, squeeze
from service.formats.checks.landmarks import Landmarks
from service.formats.docx_reader import Paragraph
from service.formats.profiles import TextStyle


def judge_title(judge: Judge, marks: Landmarks) -> None:
    profile = judge.profile
    if marks.title is None:
        judge.deviation(
            "title_missing",
            Where(),
            "Không tìm thấy tên loại văn bản (dòng in hoa, đậm, căn giữa dưới phần tiêu đề)",
            "tên loại văn bản, ví dụ NGHỊ QUYẾT",
            "không có",
        )
        return
    judge.text_style(marks.title, profile.title, "title", "Tên loại văn bản", sizes=profile.check.title_size_pt)
    if not marks.summary:
        judge.deviation(
            "summary_missing", marks.title, "Thiếu trích yếu dưới tên loại văn bản", "trích yếu, in đậm", "không có"
        )
    summary_style = TextStyle(size_pt=profile.summary.size_pt, bold=profile.summary.bold)
    for line in marks.summary:
        judge.text_style(line, summary_style, "summary", "Trích yếu", sizes=profile.check.summary_size_pt)
    expected = profile.summary.separator
    if marks.separator is None:
        anchor = marks.summary[-1] if marks.summary else marks.title
        judge.deviation("separator_missing", anchor, f"Thiếu dòng «{expected}» dưới trích yếu", expected, "không có")
    elif squeeze(marks.separator.text) != expected:
        judge.deviation(
            "separator_format",
            marks.separator,
            f"Dòng dưới trích yếu phải là «{expected}»",
            expected,
            squeeze(marks.separator.text),
        )


def judge_body(judge: Judge, marks: Landmarks) -> None:
    check = judge.profile.check
    low, high = check.body_size_pt
    judge.grouped(
        "body_size",
        (
            (p, ", ".join(points(s) for s in sizes))
            for p in marks.body
            if (sizes := sorted({r.format.size_pt for r in p.visible_runs})) and any(not low <= s <= high for s in sizes)
        ),
        "Cỡ chữ phần nội dung sai",
        point_range(low, high),
    )
    judge.grouped(
        "line_spacing",
        ((p, found) for p in marks.body if (found := _bad_spacing(judge, p))),
        "Giãn dòng phần nội dung sai",
        _spacing_rule(judge),
        check.severity.line_spacing,
    )
    _judge_closing(judge, marks.last_body)


def _spacing_rule(judge: Judge) -> str:
    check = judge.profile.check
    rule = f"đúng {point_range(*check.line_spacing_exact_pt)}"
    if check.line_spacing_multiple:
        low, high = check.line_spacing_multiple
        rule += f" hoặc {low:g}–{high:g} dòng".replace(".", ",")
    return rule


def _bad_spacing(judge: Judge, paragraph: Paragraph) -> str | None:
    check, spacing = judge.profile.check, paragraph.format
    if spacing.line_rule == "exact" and check.line_spacing_exact_pt[0] <= spacing.line <= check.line_spacing_exact_pt[1]:
        return None
    multiple = check.line_spacing_multiple
    if spacing.line_rule == "multiple" and multiple and multiple[0] <= spacing.line <= multiple[1]:
        return None
    if spacing.line_rule == "multiple":
        return f"{spacing.line:g} dòng".replace(".", ",")
    return ("đúng " if spacing.line_rule == "exact" else "ít nhất ") + points(spacing.line)


def _judge_closing(judge: Judge, paragraph: Paragraph | None) -> None:
    mark = judge.profile.closing.mark
    if paragraph is None:
        judge.cannot("body_missing", "Không tìm thấy phần nội dung nên chưa kiểm tra dấu kết thúc.")
        return
    text = paragraph.text.rstrip()
    found = "./." if text.endswith("./.") else text[-1:]
    if found != mark:
        message = (
            "Hướng dẫn này không dùng dấu «./.» cuối nội dung; kết thúc bằng dấu chấm"
            if found == "./."
            else f"Nội dung phải kết thúc bằng «{mark}»"
        )
        judge.deviation(
            "closing_mark", paragraph, message, mark, found or "không có", judge.profile.check.severity.closing_mark
        )
