"""The document forms: kinds that share an input model share one form, which produces all of them.

The monthly meeting's input gives both the minutes and the resolution, so the
secretary fills one form and gets both. The most used form is designed by hand;
every other kind is drawn from its JSON Schema (schema_form.py).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Any

from pydantic import BaseModel

from service import pipeline
from service.findings import Finding
from service.kinds import Kind, all_kinds, get_kind
from service.kinds.base import parse
from service.kinds.meeting_parts import Attendance, attendance_context
from service.kinds.months import Period, month_titles, sitting_months
from service.rules.meetings import meeting_rules_for
from service.web.form_layouts import LAYOUTS
from service.web.formdata import flatten, row_counts
from service.web.schema_form import Group, defaults, form_tree, row_names

# What a form asks for where the model's message names the API's formats (YYYY-MM-DD): the form takes dates and
# times the Vietnamese way (formdata.typed_date, typed_time).
_TYPED_AS = {
    "date_format": "hãy ghi ngày theo dạng ngày/tháng/năm, ví dụ 05/12/2026",
    "time_format": "hãy ghi giờ theo 24 giờ, dạng giờ:phút, ví dụ 14:00",
}

# Forms laid out by hand, by the id of their first kind: (template, title).
HAND_DESIGNED = {
    "bien-ban-thuong-ky": ("forms/monthly_meeting.html", "Sinh hoạt chi bộ thường kỳ"),
    "ban-kiem-diem-ca-nhan": ("forms/self_review.html", "Bản kiểm điểm, tự đánh giá, xếp loại cá nhân"),
    "bien-ban-xep-loai": ("forms/review_meeting.html", "Biên bản họp kiểm điểm, đánh giá, xếp loại đảng viên"),
}


@dataclass(frozen=True)
class DocumentForm:
    id: str
    kinds: tuple[Kind, ...]

    @property
    def model(self) -> type[BaseModel]:
        return self.kinds[0].input_model

    @property
    def title(self) -> str:
        if self.id in HAND_DESIGNED:
            return HAND_DESIGNED[self.id][1]
        if self.id in LAYOUTS:
            return LAYOUTS[self.id][0]
        return self.kinds[0].title if len(self.kinds) == 1 else " và ".join(k.title for k in self.kinds)

    @property
    def template(self) -> str:
        if self.id in LAYOUTS:
            return "forms/steps.html"
        return HAND_DESIGNED.get(self.id, ("forms/generic.html",))[0]

    @property
    def steps(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        return LAYOUTS[self.id][1]

    def tree(self) -> Group:
        return form_tree(self.model.model_json_schema(), self.title)

    def part(self, pointer: str) -> Any:
        """One part of the schema's tree, for a hand-made form that lays out the parts in its own order with the
        schema's labels and choices."""
        return next(node for node in self.tree().children if node.pointer == pointer)

    def message(self, finding: Finding) -> str:
        """A finding as the summary lists it: one in a repeated row names the row ("Đại biểu mời thứ 2: …")."""
        rows = row_names(self.model.model_json_schema(), finding.pointer)
        return f"{rows}: {finding.message}" if rows else finding.message

    def findings_json(self, findings: list[Finding]) -> list[dict[str, Any]]:
        """Findings for the live check, in the form's words; "summary" is the line the error summary lists."""
        return [{**f.as_dict(), "summary": self.message(f)} for f in for_form(findings)]

    @property
    def member_rows(self) -> str | None:
        """The list of members the roster can fill in one click (review minutes, voting slips)."""
        return "/members" if "members" in self.model.model_fields else None

    @property
    def member_rows_title(self) -> str:
        return self.model.model_fields["members"].title or ""

    @property
    def picks_member(self) -> bool:
        """A form about one member (the self-review): picking them from the roster fills their identity."""
        return {"name", "birth_date"} <= set(self.model.model_fields)

    @property
    def has_roll_call(self) -> bool:
        """The meeting's attendance has the shape the roll call fills (monthly, thematic, combined sittings)."""
        attendance = self.model.model_fields.get("attendance")
        return attendance is not None and attendance.annotation is Attendance

    def months(self, data: dict[str, Any]) -> list[str]:
        """The three months of a monthly sitting (party-documents §3.4a) and the titles they give, from the
        meeting date and the months typed, shown before anything is issued, even while other parts are
        missing; [] for other forms, or before the date can be read."""
        if not {"meeting", "tasks_month"} <= set(self.model.model_fields):
            return []
        try:
            day = dt.date.fromisoformat((data.get("meeting") or {}).get("date") or "")
            typed = {
                name: Period.model_validate(data[f"{name}_month"], strict=False)
                for name in ("sitting", "tasks", "reviewed")
                if data.get(f"{name}_month")
            }
        except (ValueError, TypeError, AttributeError):
            return []
        months = sitting_months(
            day,
            meeting_rules_for(day),
            sitting=typed.get("sitting"),
            tasks=typed.get("tasks"),
            reviewed=typed.get("reviewed"),
            period=None,
        )
        titles = month_titles(months)
        return [titles[key] for key in ("minutes", "resolution", "evaluation")]

    def kind(self, kind_id: str) -> Kind | None:
        return next((k for k in self.kinds if k.id == kind_id), None)

    def starting_data(self, today: dt.date) -> dict[str, Any]:
        return defaults(self.model, today)


def all_forms() -> list[DocumentForm]:
    groups: dict[type, list[Kind]] = {}
    for kind in all_kinds():
        groups.setdefault(kind.input_model, []).append(kind)
    return [DocumentForm(kinds[0].id, tuple(kinds)) for kinds in groups.values()]


def get_form(form_id: str) -> DocumentForm | None:
    return next((f for f in all_forms() if form_id in (k.id for k in f.kinds)), None)


def for_form(findings: list[Finding]) -> list[Finding]:
    """The findings in the words of the form: a date or a time it could not read says how the form takes it."""
    return [
        replace(f, message=f"{f.message.split(': ', 1)[0]}: {_TYPED_AS[f.code]}.") if f.code in _TYPED_AS else f
        for f in findings
    ]


def live_figures(prepared: list[pipeline.Prepared], kind_ids: list[str], data: dict[str, Any]) -> dict[str, str]:
    """The attendance and vote figures as the documents will print them, from the documents the live check has
    just prepared: the live panels show the server's own reckoning, never a copy of its rules in the browser
    ("17/17 = 100%" while the server counted 15 official members present). The vote needs a valid input; the
    attendance line only a valid attendance part, so that a roll call shows its line before the rest of the form
    is filled in."""
    for one in prepared:
        figures = {}
        attendance, vote = one.context.get("attendance"), one.context.get("vote")
        if isinstance(attendance, dict) and attendance.get("present_line"):
            figures["attendance"] = attendance["present_line"] + "."
        if isinstance(vote, dict) and vote.get("result"):
            figures["vote"] = f"{vote['result']}, tính trên {vote['denominator']} đảng viên chính thức được triệu tập."
        if figures:
            return figures
    return _attendance_alone(kind_ids, data)


def _attendance_alone(kind_ids: list[str], data: dict[str, Any]) -> dict[str, str]:
    models = {get_kind(kind_id).input_model for kind_id in kind_ids}
    shaped = any(
        model.model_fields.get("attendance") and model.model_fields["attendance"].annotation is Attendance
        for model in models
    )
    attendance, _ = parse(Attendance, data.get("attendance"), text=True) if shaped else (None, [])
    return {"attendance": attendance_context(attendance)["present_line"] + "."} if attendance else {}


class FormState:
    """What a rendered form shows: the values, how many rows each list has, and the findings by field."""

    def __init__(self, data: dict[str, Any], errors: list[Finding] = (), warnings: list[Finding] = ()):
        self.data = data
        self.values = flatten(data)
        self.counts = row_counts(data)
        self.errors = for_form(list(errors))
        self.warnings = list(warnings)

    def value(self, pointer: str, default: str = "") -> str:
        return self.values.get(pointer, default)

    def rows(self, pointer: str, minimum: int = 0) -> int:
        return max(self.counts.get(pointer, 0), minimum)

    def errors_at(self, pointer: str) -> list[str]:
        return [f.message for f in self.errors if f.pointer == pointer]

    def warnings_at(self, pointer: str) -> list[str]:
        return [f.message for f in self.warnings if f.pointer == pointer]
