"""The font of every printed run, in each of Word's four font slots.

Word keeps four fonts per run: ASCII and "high ANSI" (Latin letters, which is
where Vietnamese letters print), East Asian and complex script. A wrong Latin
slot shows on the page: an error. A wrong East Asian or complex-script slot
only shows when text falls into it (some punctuation, a switched keyboard
language), so it is a warning.
"""

from __future__ import annotations

from service.formats.checks.base import Judge

LATIN = ("ascii", "hAnsi")


def judge_fonts(judge: Judge) -> None:
    family = judge.profile.font.family
    latin, other, unresolved, other_unresolved = [], [], [], False
    for paragraph in judge.document.paragraphs:
        for run in paragraph.visible_runs:
            for slot, font in run.format.fonts.items():
                if font is None and slot in LATIN:
                    unresolved.append((paragraph, "không xác định"))
                elif font is None:
                    other_unresolved = True
                elif font.strip().casefold() != family.casefold():
                    (latin if slot in LATIN else other).append((paragraph, font))
    judge.grouped("font", _first_per_paragraph(latin), "Phông chữ sai", family)
    judge.grouped(
        "font_slot",
        _first_per_paragraph(other),
        "Phông chữ Đông Á/phức hợp khác phông quy định (có thể hiện sai khi gõ dấu hoặc đổi bàn phím)",
        family,
        "warning",
    )
    judge.grouped(
        "font_unresolved",
        _first_per_paragraph(unresolved),
        "Phông chữ không được khai báo rõ (máy khác có thể dùng phông khác)",
        family,
        "warning",
    )
    if other_unresolved:
        judge.cannot(
            "font_slot_unresolved",
            "Phông chữ Đông Á/phức hợp lấy theo chủ đề (theme) hoặc không khai báo nên chưa kiểm tra.",
        )


def _first_per_paragraph(items: list[tuple]) -> list[tuple]:
    """One entry per paragraph and value: a paragraph with ten Arial runs is one Arial paragraph."""
    seen, kept = set(), []
    for paragraph, found in items:
        if (paragraph.number, found) not in seen:
            seen.add((paragraph.number, found))
            kept.append((paragraph, found))
    return kept
