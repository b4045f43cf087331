"""The three months of a monthly sitting (spec §3.4a) and the titles they give its documents.

A sitting on 05/12/2026 is "Sinh hoạt chi bộ thường kỳ tháng 12" (the sitting
month), adopts the "Nghị quyết về nhiệm vụ tháng 12" (the tasks month) and
evaluates the resolution of November (the reviewed month). Each month has a
default from the meeting date and may be given instead; combinations that
cannot happen are refused and doubtful ones warned about, and the titles they
produce are shown before anything is issued.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Iterable

from pydantic import Field

from service.findings import Finding, pointer
from service.kinds.base import Model, Year
from service.rules.meetings import MeetingRules
from service.vietnamese.dates import month_words, slash_date


class Period(Model):
    month: int = Field(ge=1, le=12, title="Tháng")
    year: Year = Field(title="Năm")

    @classmethod
    def of(cls, day: dt.date) -> "Period":
        # Derived months are not input: built without the input's bounds, which the month after
        # December 2200 would break.
        return cls.model_construct(month=day.month, year=day.year)

    def shifted(self, months: int) -> "Period":
        index = self.index + months
        return Period.model_construct(month=index % 12 + 1, year=index // 12)

    def next(self) -> "Period":
        return self.shifted(1)

    def previous(self) -> "Period":
        return self.shifted(-1)

    @property
    def index(self) -> int:
        """Months since year 0: differences of two periods count months."""
        return self.year * 12 + self.month - 1

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month, 1)

    def words(self) -> str:
        return month_words(self.month, self.year)


def default_tasks(day: dt.date, rules: MeetingRules) -> Period:
    """The month the resolution adopted on `day` is for: this month early in the month, else the next."""
    sitting = Period.of(day)
    return sitting if day.day < rules.tasks_next_month_from_day else sitting.next()


@dataclass(frozen=True)
class Months:
    """The three months of a sitting and where each came from: "input" (its own field), "period" (the field
    these replace) or "default" (the meeting date)."""

    sitting: Period
    tasks: Period
    reviewed: Period
    sources: tuple[tuple[str, str], ...]

    def source(self, name: str) -> str:
        return dict(self.sources)[name]

    def field(self, name: str) -> str:
        """The input field a finding about month `name` points at."""
        return "period" if self.source(name) == "period" else f"{name}_month"

    def as_dict(self) -> dict:
        return {
            name: {"month": period.month, "year": period.year, "source": self.source(name)}
            for name, period in (("sitting", self.sitting), ("tasks", self.tasks), ("reviewed", self.reviewed))
        }


def sitting_months(
    day: dt.date,
    rules: MeetingRules,
    *,
    sitting: Period | None,
    tasks: Period | None,
    reviewed: Period | None,
    period: Period | None,
) -> Months:
    """The months of a sitting on `day` from what the input gives. `period` is the field these replace: it
    named the month evaluated, whose following month the resolution was for."""
    sources = {
        "sitting": "input" if sitting else "default",
        "tasks": "input" if tasks else "default",
        "reviewed": "input" if reviewed else "default",
    }
    if period is not None:
        sources.update({name: "period" for name in ("reviewed", "tasks") if sources[name] == "default"})
        reviewed = reviewed or period
        tasks = tasks or period.next()
    tasks = tasks or default_tasks(day, rules)
    return Months(
        sitting=sitting or Period.of(day), tasks=tasks, reviewed=reviewed or tasks.previous(), sources=tuple(sources.items())
    )


# Checks --------------------------------------------------------------------------------------------


def check_months(
    months: Months,
    day: dt.date,
    rules: MeetingRules,
    *,
    period_given: bool,
    reviewed_given: bool,
    day_label: str = "ngày họp",
) -> list[Finding]:
    """Errors for months that cannot go with the meeting date, warnings for unusual ones."""
    findings = []

    def found(field: str, code: str, message: str, severity: str = "error") -> None:
        findings.append(Finding(pointer(field), code, message, severity))

    when = slash_date(day)
    if period_given:
        if reviewed_given:
            found(
                "period",
                "period_conflict",
                "Trường “period” (tháng được đánh giá, cách nhập cũ) không dùng cùng “reviewed_month”: hãy bỏ “period”.",
            )
        else:
            found(
                "period",
                "period_replaced",
                "Trường “period” đã được thay bằng “reviewed_month” (tháng được đánh "
                f"giá): đã hiểu là đánh giá {months.reviewed.words()}, nghị quyết về "
                f"nhiệm vụ {months.tasks.words()}.",
                "warning",
            )
    held = Period.of(day)
    gap = months.sitting.index - held.index
    if abs(gap) > 1:
        found(
            "sitting_month",
            "sitting_month_far",
            f"Tháng sinh hoạt ({months.sitting.words()}) cách tháng của {day_label} {when} quá một tháng.",
        )
    elif gap:
        found(
            "sitting_month",
            "sitting_month_differs",
            f"Tháng sinh hoạt ({months.sitting.words()}) khác tháng của {day_label} {when}.",
            "warning",
        )
    tasks = f"Nghị quyết về nhiệm vụ {months.tasks.words()}"
    if months.tasks.next().first_day <= day:
        found(months.field("tasks"), "tasks_month_past", f"{tasks}: tháng này đã kết thúc trước {day_label} {when}.")
    elif months.tasks.index - held.index > 1:
        found(months.field("tasks"), "tasks_month_far", f"{tasks}: cách {day_label} {when} hơn một tháng.", "warning")
    if months.reviewed.index >= months.tasks.index:
        found(
            months.field("reviewed"),
            "reviewed_month_not_before_tasks",
            f"Tháng được đánh giá ({months.reviewed.words()}) phải trước tháng của nghị quyết mới ({months.tasks.words()}).",
        )
    elif _unfinished(months.reviewed, day, rules):
        found(
            months.field("reviewed"),
            "reviewed_month_unfinished",
            f"Chưa thể đánh giá kết quả thực hiện Nghị quyết {months.reviewed.words()}: tháng này chưa kết thúc "
            f"vào {day_label} {when}.",
        )
    elif months.tasks.index - months.reviewed.index > 1:
        found(
            months.field("reviewed"),
            "reviewed_month_gap",
            f"Tháng được đánh giá ({months.reviewed.words()}) không liền trước tháng của nghị quyết mới "
            f"({months.tasks.words()}).",
            "warning",
        )
    return findings


def _unfinished(reviewed: Period, day: dt.date, rules: MeetingRules) -> bool:
    """A month still running on the meeting date cannot be evaluated; a sitting late in the month (the day
    from which its resolution is for the next month) evaluates its own month, as the defaults do."""
    held = Period.of(day)
    if reviewed.index != held.index:
        return reviewed.index > held.index
    return day.day < rules.tasks_next_month_from_day


_DEADLINE = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b")


def deadline_date(text: str) -> dt.date | None:
    """The first dd/mm/yyyy date written in a deadline ("15/12/2026", "trước 15/12/2026"), if any."""
    for day, month, year in _DEADLINE.findall(text):
        try:
            return dt.date(int(year), int(month), int(day))
        except ValueError:
            continue
    return None


def check_deadlines(deadlines: Iterable[tuple[tuple, str]], tasks: Period) -> list[Finding]:
    """A task due before its resolution's month starts was written for another month: a warning each."""
    findings = []
    for path, text in deadlines:
        due = deadline_date(text)
        if due is not None and due < tasks.first_day:
            findings.append(
                Finding(
                    pointer(*path),
                    "task_deadline_before_month",
                    f"Thời hạn {slash_date(due)} trước khi bắt đầu {tasks.words()}, tháng của nghị quyết.",
                    "warning",
                )
            )
    return findings


# "tháng 11", "tháng 11 năm 2026", "tháng 11/2026" in running text.
_NAMED_MONTH = re.compile(r"\btháng\s+(\d{1,2})(?:\s+năm\s+(\d{4})|/(\d{4}))?", re.IGNORECASE)


def check_agenda_months(agenda: Iterable[str], day: dt.date, months: Months) -> list[Finding]:
    """A warning for each agenda line naming a month more than a month from the meeting date and none of the
    sitting's months: a date typed wrong, or a programme copied from another sitting. A month without its year
    is of the meeting's year."""
    held, known = Period.of(day), {months.sitting.index, months.tasks.index, months.reviewed.index}
    findings = []
    for index, line in enumerate(agenda):
        for found in _NAMED_MONTH.finditer(line):
            month, year = int(found.group(1)), int(found.group(2) or found.group(3) or day.year)
            if not 1 <= month <= 12:
                continue
            named = Period.model_construct(month=month, year=year)
            if abs(named.index - held.index) > 1 and named.index not in known:
                findings.append(
                    Finding(
                        pointer("agenda", index),
                        "agenda_month_far",
                        f"Chương trình: nội dung thứ {index + 1} nhắc {named.words()}, cách ngày họp "
                        f"{slash_date(day)} hơn một tháng; xem lại ngày họp hoặc nội dung này.",
                        "warning",
                    )
                )
                break
    return findings


def month_titles(months: Months) -> dict[str, str]:
    """What the person issuing should see before anything is issued: the three titles the months give."""
    return {
        "minutes": f"Sinh hoạt chi bộ thường kỳ {months.sitting.words()}",
        "resolution": f"Nghị quyết về nhiệm vụ {months.tasks.words()}",
        "evaluation": f"Đánh giá kết quả thực hiện Nghị quyết {months.reviewed.words()}",
    }
