"""The signature block (T/M CHI BỘ, the signer's title and name, or the two minutes signatures) and Nơi nhận."""

from __future__ import annotations

from service.formats.checks.base import Judge, Where, point_range, points, squeeze
from service.formats.checks.landmarks import Landmarks, is_recipients_label
from service.formats.docx_reader import Paragraph
from service.formats.profiles import TextStyle


def judge_signature(judge: Judge, marks: Landmarks) -> None:
    lines, authority = marks.signature, marks.authority
    if authority is not None:
        _judge_authority(judge, authority, lines)
        _judge_recipients(judge, lines, authority)
        return
    labels = [p for p in marks.labels if not is_recipients_label(p, judge.profile)]
    if not labels:
        title = squeeze(marks.title.text) if marks.title else ""
        if not title.startswith(judge.profile.check.unsigned_titles):
            judge.deviation(
                "signature_missing",
                marks.last_body or Where(),
                "Không tìm thấy phần chữ ký (T/M CHI BỘ hoặc chữ ký biên bản)",
                judge.profile.signature.resolution_authority,
                "không có",
            )
        return
    signature, check = judge.profile.signature, judge.profile.check
    minutes = {signature.minutes_left, signature.minutes_right, *check.signature_labels}
    if any(squeeze(p.text) in minutes for p in labels):
        _judge_minutes(judge, labels, lines)
    else:
        _judge_single(judge, labels[0], lines)


def _cell(paragraph: Paragraph) -> tuple:
    return paragraph.table, paragraph.row, paragraph.cell


def _following(lines: tuple[Paragraph, ...], start: Paragraph) -> list[Paragraph]:
    """Lines after `start` in the same table cell (or outside tables), skipping "(Đã ký)"-style notes."""
    return [p for p in lines if p.number > start.number and _cell(p) == _cell(start) and not squeeze(p.text).startswith("(")]


def _judge_authority(judge: Judge, authority: Paragraph, lines: tuple[Paragraph, ...]) -> None:
    signature = judge.profile.signature
    text = squeeze(authority.text)
    if not text.startswith(("T/M", "K/T", "T/L")):
        judge.deviation(
            "authority_format",
            authority,
            "Quyền hạn ký viết theo kiểu văn bản nhà nước",
            text.replace("TM.", "T/M").replace("KT.", "K/T").replace("TL.", "T/L"),
            text,
        )
    size = signature.size_pt
    judge.text_style(
        authority, TextStyle(size_pt=size, bold=signature.authority_bold, upper=True), "authority", "Quyền hạn ký"
    )
    after = _following(lines, authority)
    if not after:
        judge.deviation("signer_missing", authority, "Thiếu chức vụ và họ tên người ký", "BÍ THƯ và họ tên", "không có")
        return
    judge.text_style(
        after[0],
        TextStyle(size_pt=size, bold=signature.title_bold, upper=True),
        "signer_title",
        "Chức vụ người ký",
        severity={"bold": judge.profile.check.severity.signer_title_bold},
    )
    if len(after) < 2:
        judge.deviation("signer_name_missing", after[0], "Thiếu họ tên người ký", "họ tên, in đậm", "không có")
        return
    judge.text_style(after[1], TextStyle(size_pt=size, bold=signature.name_bold), "signer_name", "Họ tên người ký")


def _judge_minutes(judge: Judge, labels: list[Paragraph], lines: tuple[Paragraph, ...]) -> None:
    """The minutes' two signatures, minute-taker on the left and chair on the right."""
    signature, check = judge.profile.signature, judge.profile.check
    expected = [signature.minutes_left, signature.minutes_right]
    found = [squeeze(p.text) for p in labels]
    if found != expected:
        judge.deviation(
            "minutes_labels",
            labels[0],
            "Chữ ký biên bản: tên chức danh chưa đúng hướng dẫn",
            " / ".join(expected),
            " / ".join(found),
            check.severity.minutes_labels,
        )
    for label in labels:
        _judge_signer(judge, label, lines, "minutes_label", "Chức danh ký biên bản")


def _judge_single(judge: Judge, label: Paragraph, lines: tuple[Paragraph, ...]) -> None:
    """One person's signature on a form: the label, the note "(Ký, ghi rõ họ tên)" in italic, the name."""
    signature = judge.profile.signature
    _judge_signer(judge, label, lines, "signer_label", "Chức danh người ký")
    note = next(
        (p for p in lines if p.number > label.number and squeeze(p.text).startswith("(") and _cell(p) == _cell(label)), None
    )
    if note is not None:
        judge.text_style(
            note,
            TextStyle(size_pt=signature.size_pt, italic=signature.note_italic),
            "signer_note",
            "Dòng ghi chú dưới chức danh",
        )


def _judge_signer(judge: Judge, label: Paragraph, lines: tuple[Paragraph, ...], code: str, words: str) -> None:
    signature = judge.profile.signature
    judge.text_style(label, TextStyle(size_pt=signature.size_pt, bold=True, upper=True), code, words)
    after = _following(lines, label)
    if after:
        judge.text_style(
            after[0], TextStyle(size_pt=signature.size_pt, bold=signature.name_bold), "signer_name", "Họ tên người ký"
        )
    else:
        judge.deviation("signer_name_missing", label, "Thiếu họ tên người ký", "họ tên, in đậm", "không có")


def _judge_recipients(judge: Judge, lines: tuple[Paragraph, ...], authority: Paragraph) -> None:
    recipients, severity = judge.profile.recipients, judge.profile.check.severity
    label = next((p for p in lines if is_recipients_label(p, judge.profile)), None)
    if label is None:
        judge.deviation(
            "recipients_missing",
            authority,
            f"Thiếu «{recipients.label}» bên trái, ngang phần chữ ký",
            recipients.label,
            "không có",
        )
        return
    if squeeze(label.text) != recipients.label:
        judge.deviation("recipients_label", label, "Nhãn nơi nhận viết sai", recipients.label, squeeze(label.text))
    judge.text_style(
        label,
        TextStyle(
            size_pt=recipients.label_size_pt,
            bold=recipients.label_bold,
            italic=recipients.label_italic,
            underline=recipients.label_underline,
        ),
        "recipients_label",
        "Nhãn nơi nhận",
    )
    items = [p for p in _following(lines, label) if p.number < authority.number or p.table is not None]
    size = recipients.item_size_pt
    judge.grouped(
        "recipients_size",
        (
            (p, ", ".join(points(s) for s in sorted({r.format.size_pt for r in p.visible_runs})))
            for p in items
            if any(r.format.size_pt != size for r in p.visible_runs)
        ),
        "Cỡ chữ các dòng nơi nhận sai",
        point_range(size, size),
    )
    judge.grouped(
        "recipients_separator",
        _bad_endings(items, recipients.separator),
        "Dấu cuối dòng nơi nhận sai (các dòng ngăn cách nhau bằng dấu "
        f"«{recipients.separator}», dòng cuối kết thúc bằng dấu chấm)",
        f"{recipients.separator} (dòng cuối: .)",
        severity.recipients_separator,
    )


def _bad_endings(items: list[Paragraph], separator: str):
    for index, item in enumerate(items):
        text = item.text.rstrip()
        ending = "." if index == len(items) - 1 else separator
        if not text.endswith(ending) or (ending != "." and text.endswith(".")):
            yield item, text[-1:] or "không có"
