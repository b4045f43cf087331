"""Text checks on any DOCX: the recipient lines, doubled punctuation, manual line breaks in justified
paragraphs, and vote sentences whose figures must agree ("14/15 đồng chí tán thành, đạt 93,33%")."""

from __future__ import annotations

import re
from fractions import Fraction

from service.formats.checks.base import Judge, squeeze
from service.formats.checks.landmarks import is_recipients_label
from service.formats.docx_reader import Paragraph
from service.vietnamese.figures import percent

# Two marks in a row (spaces between allowed), except an ellipsis "..." and the closing mark "./.".
DOUBLED = re.compile(r"(?<![.])([,;:])\s*[,;:.]|(?<![./])\.\s*[,;:]|(?<![./])\.\s*\.(?![./])")
SPACE_BEFORE = re.compile(r"\w\s+[,;:](?=\s|$)")
DOUBLED_DASH = re.compile(r"(?:^|\s)[-–—]\s*[-–—](?=\s)")
RECIPIENT_DASHES = re.compile(r"[-–—]\s*[-–—]")
RECIPIENT_END = re.compile(r"[,;:.]\s*[,;:.]\s*$")
FRACTION = re.compile(r"(?P<part>\d+)\s*/\s*(?P<whole>\d+)\s+(?:đồng chí|đảng viên|phiếu|người)")
COUNT = re.compile(r"(?P<part>\d+)\s+(?:đồng chí|đảng viên|phiếu|người)")
PERCENT = re.compile(r"(?:đạt|chiếm|bằng|là)\s+(?P<value>\d+(?:,\d+)?)\s*%")
CLAUSE_END = re.compile(r";|\.(?!\d)")
# "thông qua" said of a vote, unless negated ("chưa được thông qua", "không thông qua").
ADOPTED = re.compile(r"(?<!chưa được )(?<!không được )(?<!không )(?<!chưa )thông qua", re.IGNORECASE)


def judge_wording(judge: Judge) -> None:
    paragraphs = [p for p in judge.document.paragraphs if p.text.strip()]
    recipients = _recipient_lists(judge, paragraphs)
    listed = {p.number for items in recipients for p in items}
    for items in recipients:
        _judge_recipients(judge, items)
    for paragraph in paragraphs:
        if paragraph.number not in listed:
            _judge_punctuation(judge, paragraph)
        _judge_votes(judge, paragraph)
        if paragraph.breaks and paragraph.table is None and paragraph.format.alignment == "justify":
            judge.deviation(
                "manual_line_break",
                paragraph,
                "Đoạn căn đều hai bên có ngắt dòng thủ công (Shift+Enter): dòng trước chỗ ngắt sẽ bị giãn rộng khi in",
                "xuống đoạn mới (Enter) hoặc không ngắt",
                f"{paragraph.breaks} chỗ ngắt dòng",
                "warning",
            )


def _recipient_lists(judge: Judge, paragraphs: list[Paragraph]) -> list[list[Paragraph]]:
    """The lines under each "Nơi nhận:" label: the rest of its table cell, or the lines after it up to a blank."""
    found = []
    for index, label in enumerate(paragraphs):
        if not is_recipients_label(label, judge.profile):
            continue
        items = []
        for paragraph in paragraphs[index + 1 :]:
            same_place = (paragraph.table, paragraph.row, paragraph.cell) == (label.table, label.row, label.cell)
            if not same_place or paragraph.number != (items[-1].number if items else label.number) + 1:
                break
            items.append(paragraph)
        found.append(items)
    return found


def _key(text: str) -> str:
    return squeeze(text.strip(" -–—\t").rstrip(" ,;:.")).casefold()


def _judge_recipients(judge: Judge, items: list[Paragraph]) -> None:
    recipients = judge.profile.recipients
    seen: dict[str, Paragraph] = {}
    for item in items:
        text = squeeze(item.text)
        if RECIPIENT_DASHES.match(text):
            judge.deviation(
                "recipient_dashes",
                item,
                "Dòng nơi nhận có hai dấu gạch đầu dòng",
                recipients.item_prefix + _key(text).capitalize(),
                text,
            )
        elif not text.startswith(recipients.item_prefix.strip()):
            judge.deviation(
                "recipient_prefix", item, "Dòng nơi nhận phải bắt đầu bằng «- »", recipients.item_prefix + text, text
            )
        if RECIPIENT_END.search(text):
            judge.deviation(
                "recipient_punctuation",
                item,
                "Cuối dòng nơi nhận lặp dấu câu",
                f"một dấu «{recipients.separator}» (dòng cuối: «.»)",
                text[-3:].strip(),
            )
        key = _key(text)
        if key in seen:
            judge.deviation(
                "recipient_duplicate",
                item,
                "Nơi nhận bị lặp lại",
                "mỗi nơi nhận một lần",
                f"trùng với dòng «{squeeze(seen[key].text)}»",
            )
        seen.setdefault(key, item)
    _judge_archive(judge, items)


def _judge_archive(judge: Judge, items: list[Paragraph]) -> None:
    recipients = judge.profile.recipients
    expected = f"{recipients.item_prefix}{recipients.archive_line}."
    archives = [item for item in items if _key(item.text).startswith("lưu")]
    if not items:
        return
    if not archives:
        judge.deviation(
            "recipient_archive_missing", items[-1], "Thiếu dòng lưu văn bản ở cuối nơi nhận", expected, "không có"
        )
        return
    for extra in archives[1:]:
        judge.deviation(
            "recipient_archive_repeated", extra, "Dòng «Lưu» xuất hiện nhiều lần", "một lần, ở cuối", squeeze(extra.text)
        )
    if archives[0] is not items[-1]:
        judge.deviation(
            "recipient_archive_not_last",
            archives[0],
            "Dòng «Lưu» phải là dòng cuối của nơi nhận",
            "dòng cuối",
            squeeze(archives[0].text),
        )
    for archive in archives:
        words = set(re.findall(r"\w+", archive.text))
        for word in judge.profile.check.forbidden_archive_words:
            if word in words:
                judge.deviation(
                    "recipient_archive_vt",
                    archive,
                    f"Dòng lưu của văn bản Đảng không ghi «{word}»",
                    expected,
                    squeeze(archive.text),
                )


def _judge_punctuation(judge: Judge, paragraph: Paragraph) -> None:
    text = squeeze(paragraph.text)
    doubled = DOUBLED.search(text)
    if doubled:
        judge.deviation(
            "doubled_punctuation",
            paragraph,
            "Lặp dấu câu",
            "một dấu câu",
            text[max(0, doubled.start() - 12) : doubled.end() + 2].strip(),
        )
    dash = DOUBLED_DASH.search(text)
    if dash:
        judge.deviation(
            "doubled_dash",
            paragraph,
            "Hai dấu gạch liền nhau",
            "một dấu «-»",
            text[max(0, dash.start() - 2) : dash.end() + 12].strip(),
        )
    space = SPACE_BEFORE.search(text)
    if space:
        judge.deviation(
            "doubled_space_before_punctuation",
            paragraph,
            "Có dấu cách trước dấu câu",
            "dấu câu liền sau chữ",
            text[max(0, space.start() - 10) : space.end() + 1].strip(),
            "warning",
        )


def _judge_votes(judge: Judge, paragraph: Paragraph) -> None:
    text = squeeze(paragraph.text)
    for sentence in re.split(r"(?<=\D)\.(?=\s|$)", text):
        _judge_adoption(judge, paragraph, sentence)
        whole = None
        for clause in CLAUSE_END.split(sentence):
            fraction = FRACTION.search(clause)
            if fraction:
                part, whole = int(fraction["part"]), int(fraction["whole"])
                if part > whole:
                    judge.deviation(
                        "vote_arithmetic_exceeds",
                        paragraph,
                        "Số tán thành lớn hơn tổng số",
                        f"không quá {whole}",
                        fraction.group(0),
                    )
                    continue
            else:
                count = COUNT.search(clause)
                part = int(count["part"]) if count else None
            shown = PERCENT.search(clause)
            if shown is None or whole in (None, 0) or part is None or part > whole:
                continue
            value = Fraction(shown["value"].replace(",", "."))
            if abs(value - Fraction(part * 100, whole)) >= Fraction(1, 100):
                judge.deviation(
                    "vote_arithmetic",
                    paragraph,
                    "Tỷ lệ phần trăm không khớp với số người",
                    f"{part}/{whole} = {percent(part, whole)}",
                    f"{shown['value']}%",
                )


def _judge_adoption(judge: Judge, paragraph: Paragraph, sentence: str) -> None:
    """A vote of no more than half in favour adopts nothing: the sentence must not read "thông qua"."""
    fraction = FRACTION.search(sentence)
    if fraction is None or "tán thành" not in sentence or not ADOPTED.search(sentence):
        return
    part, whole = int(fraction["part"]), int(fraction["whole"])
    if 0 < whole and 2 * part <= whole:
        judge.deviation(
            "vote_failed_adopted",
            paragraph,
            "Biểu quyết không quá một nửa mà văn bản ghi «thông qua»",
            "«chưa được thông qua» (tán thành phải quá một nửa)",
            fraction.group(0),
        )
