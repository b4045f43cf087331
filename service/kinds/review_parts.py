"""What the year-end review documents share: the regime in force, the four levels, the self-score,
and the printed form (sections, items, rating boxes) built from the regime's data.

The forms' wording is not settled for 2025 ([U] in the spec), so every title,
label and form code comes from service/rules/reviews.toml; this module only
numbers the sections, fills them from the input and checks what the regime says.
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import Annotated, Any, Callable, Optional

from pydantic import AfterValidator, BaseModel, BeforeValidator, Field

from service.findings import Finding, pointer
from service.formats.layout import Heading, If, Loop, Para
from service.kinds.base import LONG_TEXT, SHORT_TEXT, BirthDate, Date
from service.rules.reviews import (
    LEVEL_CODES,
    FormItem,
    FormLine,
    FormSection,
    ReviewRules,
    Role,
    all_review_rules,
    rank,
    review_rules_for,
    review_rules_named,
)
from service.vietnamese.dates import roman, slash_date
from service.vietnamese.figures import format_decimal
from service.vietnamese.names import name_sort_key
from service.vietnamese.text import one_line

SCORE_FIELDS = {"general": "score_general", "tasks": "score_tasks"}
Form = Callable[[ReviewRules], tuple[FormLine, ...]]  # a regime's form: its identity lines and sections

# A roster's empty cell arrives as "": it means "not filled in", as a missing key does.
_EMPTY_IS_MISSING = BeforeValidator(lambda value: None if value == "" else value)
Text = Annotated[Optional[Annotated[str, Field(max_length=LONG_TEXT)]], _EMPTY_IS_MISSING]
# A one-line value is printed inside running text: a line break typed in it becomes a space.
Line = Annotated[Optional[Annotated[str, Field(max_length=SHORT_TEXT), AfterValidator(one_line)]], _EMPTY_IS_MISSING]
Day = Annotated[Optional[Date], _EMPTY_IS_MISSING]
BirthDay = Annotated[Optional[BirthDate], _EMPTY_IS_MISSING]
Points = Annotated[Optional[Annotated[float, Field(ge=0, le=1000)]], _EMPTY_IS_MISSING]
ReviewYear = Annotated[int, Field(ge=2000, le=2200, title="Năm kiểm điểm")]
Regime = Annotated[
    str | None,
    Field(
        title="Quy định áp dụng",
        description="qd124-2023 (QĐ 124, HD 25: Mẫu 01, 02A, 02B) hoặc qd366-2025 (QĐ 366, HD 43: Mẫu 01, 2A, 2B, 2C); "
        "mặc định theo năm kiểm điểm: đến năm 2024 là qd124-2023, từ năm 2025 là qd366-2025.",
    ),
]


# The regime --------------------------------------------------------------------------------


def regime_of(year: int, regime: str | None) -> ReviewRules | None:
    """The regime named by the input, else the one in force for the review year (None: unknown name)."""
    return review_rules_for(year) if regime is None else review_rules_named(regime)


def rules_of(model: BaseModel) -> ReviewRules:
    """The regime of a checked input (with `year` and `regime`): check_regime() has refused unknown names."""
    rules = regime_of(model.year, model.regime)
    if rules is None:
        raise LookupError(f"unknown review regime {model.regime!r} reached the context")
    return rules


def review_date(day: dt.date | None, year: int) -> dt.date:
    """The document's date, or else 1 December of the review year: reviews are held in November and
    December, and the date picks the layout profile."""
    return day or dt.date(year, 12, 1)


def check_regime(regime: str | None) -> list[Finding]:
    if regime is None or review_rules_named(regime) is not None:
        return []
    known = ", ".join(rules.id for rules in all_review_rules())
    return [Finding(pointer("regime"), "unknown_regime", f"Quy định áp dụng: “{regime}” không có; chọn một trong: {known}.")]


Distinction = Annotated[
    Optional[Annotated[str, Field(max_length=100)]],
    _EMPTY_IS_MISSING,
    Field(
        title="Ghi chú phân biệt người trùng tên",
        description="Năm sinh hoặc đặc điểm khác, in trong ngoặc sau họ tên khi chi bộ có hai người trùng họ tên.",
    ),
]


def shown_name(name: str, distinction: str | None) -> str:
    """ "Nguyễn Thị Hương (1980)": a name with what tells it from a namesake's."""
    return f"{name} ({distinction})" if distinction else name


def months_later(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    last = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(year, month, min(day.day, last))


def admitted_recently(admitted_on: dt.date | None, review_day: dt.date, rules: ReviewRules) -> bool:
    """Admitted less than the regime's months before the review: such a member is not reviewed (QĐ 366 Điều 5)."""
    return admitted_on is not None and months_later(admitted_on, rules.new_member_months) > review_day


def distinctions(people: list[tuple[tuple, dt.date | None, str | None, str]]) -> list[str | None]:
    """For members of one cell, each (name_sort_key of the name, birth date, unit, where the roster lists them):
    what tells those who share a full name apart — the first of birth year, birth date, unit, roster place that
    differs for all of them — and None for a name nobody else has."""
    groups: dict[tuple, list[int]] = {}
    for index, (key, *_) in enumerate(people):
        groups.setdefault(key, []).append(index)
    found: list[str | None] = [None] * len(people)
    describe = (lambda p: p[1] and str(p[1].year), lambda p: p[1] and slash_date(p[1]), lambda p: p[2], lambda p: p[3])
    for group in (g for g in groups.values() if len(g) > 1):
        for told in describe:
            values = [told(people[index]) for index in group]
            if all(values) and len(set(values)) == len(values):
                for index, value in zip(group, values):
                    found[index] = value
                break
    return found


def people_order(people: list, *, name=lambda p: p.name, distinction=lambda p: p.distinction) -> list:
    """People in Vietnamese name order; namesakes by what tells them apart, then in their given order."""
    return sorted(people, key=lambda p: (name_sort_key(name(p)), distinction(p) or ""))


def namesake_findings(members: list) -> list[Finding]:
    """Two members listed under the same name with nothing that tells them apart: nobody could tell their slips
    or their lines of the minutes apart."""
    findings, seen = [], set()
    for index, member in enumerate(members):
        key = (name_sort_key(member.name), member.distinction or "")
        if key in seen:
            findings.append(
                Finding(
                    pointer("members", index, "name"),
                    "duplicate_member",
                    f"Họ và tên: đồng chí {shown_name(member.name, member.distinction)} có tên hai lần "
                    "trong danh sách; nếu là hai người trùng họ tên, ghi năm sinh vào “Ghi chú phân "
                    "biệt người trùng tên”.",
                    "warning",
                )
            )
        seen.add(key)
    return findings


def regime_context(rules: ReviewRules, year: int) -> dict:
    return {"id": rules.id, "name": rules.name, "year": year, "scored": rules.scored}


# Scores and levels -------------------------------------------------------------------------


@functools.lru_cache(maxsize=1024, typed=True)  # scores take a few hundred values; every form prints several
def points(value: float) -> str:
    """ "27", "27,5": points as the forms write them, decimals only when there are some."""
    text = format_decimal(value, 2)
    return text.rstrip("0").rstrip(",") if "," in text else text


def total_score(model: BaseModel) -> float | None:
    scores = [getattr(model, name) for name in SCORE_FIELDS.values()]
    return None if any(score is None for score in scores) else sum(scores)


def check_score(model: BaseModel, rules: ReviewRules, *, level_field: str) -> list[Finding]:
    """Scores only in a scored regime, each within its group's maximum, and the level within the total's band
    (QĐ 366 Điều 11: a level needs its score band; a lower level than the band is possible when its other
    conditions are not met, and only warned about)."""
    given = {key: getattr(model, name) for key, name in SCORE_FIELDS.items() if getattr(model, name) is not None}
    if not rules.scored:
        return [
            Finding(
                pointer(SCORE_FIELDS[key]),
                "score_not_in_regime",
                f"Điểm tự chấm: {rules.name} không chấm điểm; bỏ trống trường này.",
            )
            for key in given
        ]
    findings = []
    for group in rules.score_group:
        score = given.get(group.key)
        if score is not None and score > group.max:
            findings.append(
                Finding(
                    pointer(SCORE_FIELDS[group.key]),
                    "score_above_maximum",
                    f"Điểm tự chấm: {points(score)} vượt số điểm tối đa {points(group.max)} của nhóm tiêu chí.",
                )
            )
    total, level = total_score(model), getattr(model, level_field)
    if findings or total is None or level is None:
        return findings
    band = rules.band(total)
    if rank(level) < rank(band.code):
        findings.append(
            Finding(
                pointer(level_field),
                "score_level_mismatch",
                f"Mức xếp loại: tổng điểm {points(total)}/{points(rules.max_score)} chỉ đạt khung "
                f"“{band.name}”, không thể tự xếp loại “{rules.level_named(level).name}”.",
            )
        )
    elif rank(level) > rank(band.code):
        findings.append(
            Finding(
                pointer(level_field),
                "score_level_below_band",
                f"Mức xếp loại: tổng điểm {points(total)} thuộc khung “{band.name}” nhưng tự xếp "
                f"loại “{rules.level_named(level).name}”; kiểm tra lại các điều kiện của mức "
                "xếp loại.",
                "warning",
            )
        )
    return findings


def check_form(model: BaseModel, form_of: Form, role: Role | None, label_of: Callable[[ReviewRules], str]) -> list[Finding]:
    """A self-review or collective report: the regime named exists, the self-score fits it, and no text is
    given for a section the chosen form does not print."""
    findings = check_regime(model.regime)
    if findings:
        return findings
    rules = rules_of(model)
    return [*check_score(model, rules, level_field="self_rating"), *check_unprinted(model, form_of, role, label_of(rules))]


def level_lines(rules: ReviewRules, chosen: str | None) -> list[str]:
    """The four rating boxes as the regime's form prints them, the chosen level's box filled."""
    boxes = [
        f"{rules.box_checked if level.code == chosen else rules.box_empty} "
        f"{level.code if rules.rating_inline else level.name}"
        for level in rules.level
    ]
    return ["   ".join(boxes)] if rules.rating_inline else boxes


def proposal_of(member: Any) -> str | None:
    """The level a member is proposed for: the cell's proposal once voted, else the member's own (the
    self-review's "Đề xuất xếp loại")."""
    return member.proposed or member.self_rating


def level_counts(levels) -> dict[str, int]:
    """How many of each level, best first; None (not rated yet) is not counted."""
    counts = dict.fromkeys(LEVEL_CODES, 0)
    for level in levels:
        if level is not None:
            counts[level] += 1
    return counts


def quota_excess(counts: dict[str, int], rules: ReviewRules, *, what: str = "đề xuất") -> str | None:
    """More HTXSNV than the regime's share of HTTNV (QĐ 366 Điều 11: at most 20 %), said in Vietnamese; the
    deciding level applies the quota, so a cell or a đảng bộ over it is warned, never refused."""
    excellent, good = counts["HTXSNV"], counts["HTTNV"]
    if 100 * excellent <= rules.quota_percent * good:
        return None
    allowed = int(rules.quota_percent * good // 100)
    return (
        f"{excellent} {what} “{rules.level_named('HTXSNV').name}”, vượt {rules.quota_percent:g}% của {good} "
        f"{what} “{rules.level_named('HTTNV').name}” (tối đa {allowed}) theo {rules.short_name}"
    )


def check_disciplined(level: str | None, rules: ReviewRules, at: tuple) -> list[Finding]:
    cap = rules.disciplined_max_level
    if level is None or cap is None or rank(level) >= rank(cap):
        return []
    return [
        Finding(
            pointer(*at),
            "disciplined_member_rating",
            f"Đảng viên bị kỷ luật trong năm được đề xuất “{rules.level_named(level).name}”; theo {rules.name} "
            f"thường không xếp cao hơn “{rules.level_named(cap).name}”.",
            "warning",
        )
    ]


# The printed form --------------------------------------------------------------------------


def _applies(line: FormItem, role: Role | None) -> bool:
    return role is None or line.applies(role)


def form_fields(lines: tuple[FormLine, ...], role: Role | None) -> set[str]:
    """The input fields a form prints: its identity lines, sections and their items."""
    printed = [line for line in lines if _applies(line, role)]
    printed += [item for line in printed for item in getattr(line, "items", ()) if _applies(item, role)]
    return {line.field for line in printed if line.field}


def check_unprinted(model: BaseModel, form_of: Form, role: Role | None, label: str) -> list[Finding]:
    """Text given for a line that the chosen form does not have (another regime's or role's) would
    silently vanish: warn. `form_of` must be a module-level function: what it gives is remembered."""
    return [
        Finding(
            pointer(name),
            "field_not_in_form",
            f"{type(model).model_fields[name].title}: {label} không có mục này nên nội dung không được in.",
            "warning",
        )
        for name in _unprinted(form_of, rules_of(model).id, role)
        if getattr(model, name) is not None
    ]


@functools.lru_cache(maxsize=256)
def _unprinted(form_of: Form, rules_id: str, role: Role | None) -> tuple[str, ...]:
    """The fields some regime's form prints and this regime's form for this role does not: the same for
    every document of a batch, and a walk over every regime's forms to find."""
    every_form = {name for rules in all_review_rules() for name in form_fields(form_of(rules), None)}
    rules = next(rules for rules in all_review_rules() if rules.id == rules_id)
    return tuple(sorted(every_form - form_fields(form_of(rules), role)))


def text_lines(value: Any, rules: ReviewRules) -> list[str]:
    """A field as printed paragraphs; a blank field gets dotted lines to write on by hand."""
    if value is None or value == "":
        return [rules.blank_line] * rules.blank_lines
    return [line for line in str(value).split("\n") if line.strip()]


def _content(line: FormItem, model: BaseModel, rules: ReviewRules, level_field: str) -> tuple[str, list[str]]:
    """What follows the line's title on its own line (a score) and the paragraphs under it."""
    if line.score is not None:
        score = total_score(model) if line.score == "total" else getattr(model, SCORE_FIELDS[line.score])
        maximum = (
            rules.max_score
            if line.score == "total"
            else next(group.max for group in rules.score_group if group.key == line.score)
        )
        shown = points(score) if score is not None else "……"
        return f": {shown}/{points(maximum)} điểm", []
    if line.levels:
        return "", level_lines(rules, getattr(model, level_field))
    if line.field:
        return "", text_lines(getattr(model, line.field), rules)
    return "", []


def form_parts(
    sections: tuple[FormSection, ...], model: BaseModel, rules: ReviewRules, role: Role | None, *, level_field: str
) -> list[dict]:
    """Parts (A, B, or one untitled), each with its sections numbered I, II, … and their items 1, 2, …"""
    parts: list[dict] = []
    for section in (s for s in sections if _applies(s, role)):
        if not parts or parts[-1]["title"] != section.part:
            parts.append({"title": section.part, "sections": []})
        number = roman(len(parts[-1]["sections"]) + 1)
        suffix, lines = _content(section, model, rules, level_field)
        items, counter = [], 0
        for item in (i for i in section.items if _applies(i, role)):
            counter += item.numbered
            item_suffix, item_lines = _content(item, model, rules, level_field)
            label = f"{counter}. {item.title}" if item.numbered else item.title
            items.append({"title": label + item_suffix, "lines": item_lines})
        # "entries", not "items": Jinja would find the dict's items() method first.
        parts[-1]["sections"].append(
            {"title": f"{number}. {section.title}{suffix}", "lines": lines, "entries": items, "last": False}
        )
    if parts:
        # The form's last section (the rating boxes: a few lines) travels with the signature below it.
        parts[-1]["sections"][-1]["last"] = True
    return parts


def close_form(parts: list[dict], note: str, closing: str) -> str:
    """End the body with the profile's closing mark: on the note under the form when there is one (returned),
    else on the form's last line."""
    if note:
        return note.rstrip(" .") + closing
    last = parts[-1]["sections"][-1]
    holder = last["entries"][-1] if last["entries"] else last
    if holder["lines"]:
        holder["lines"][-1] = holder["lines"][-1].rstrip(" .") + closing
    else:
        holder["title"] = holder["title"].rstrip(" .") + closing
    return note


def identity_value(value: Any, rules: ReviewRules) -> str:
    """An identity line's value: dates as 05/03/1962, a blank to write on when missing."""
    if value is None:
        return rules.blank_value
    return slash_date(value) if isinstance(value, dt.date) else str(value)


def _lines(clause: str) -> tuple:
    """The lines of a section or item: those of the form's last section keep with what follows, so that the
    signature never starts a page alone."""
    return (Loop(clause, If("s.last", Para("{{ x }}", keep_next=True)), If("not s.last", Para("{{ x }}"))),)


# The printed form over form_parts(): parts, sections and items come numbered with their titles.
FORM_BODY = Loop(
    "p in parts",
    If("p.title", Heading(1, "{{ p.title }}", number="none")),
    Loop(
        "s in p.sections",
        Heading(2, "{{ s.title }}", number="none"),
        *_lines("x in s.lines"),
        Loop(
            "i in s.entries",
            # An item with text under it keeps with it; a score line alone ("…/30 điểm") does not
            # hold the rest of the form together, so the page may break after it.
            If("i.lines", Heading(3, "{{ i.title }}", number="none")),
            If("not i.lines", Para("{{ i.title }}")),
            *_lines("x in i.lines"),
        ),
    ),
)
