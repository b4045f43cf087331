"""A kind's JSON Schema as a tree of form parts, so that every kind gets a page without writing one.

Objects become fieldsets, arrays become rows that can be added and removed,
enums become drop-down lists of Vietnamese labels, dates dd/mm/yyyy and times
24-hour HH:MM text fields. The Vietnamese labels are the schema's `title`s; the
English `title` and docstring pydantic gives a class are never shown, nor a
description written for API users that names raw values ("leader: …").
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from service.kinds import all_kinds
from service.kinds.base import TIME_PATTERN
from service.kinds.common import HONORIFICS
from service.kinds.meeting_parts import ADOPTIONS, FORMS, MATTERS, VOTE_METHODS
from service.rules.reviews import all_review_rules

# Whom a self-review is for, in the words of the forms' subtitles.
ROLES = {
    "leader": "Giữ chức vụ lãnh đạo, quản lý",
    "non_leader": "Không giữ chức vụ lãnh đạo, quản lý",
    "outside_political_system": "Không làm việc trong hệ thống chính trị (hưu trí, học sinh, sinh viên, "
    "làm việc ở doanh nghiệp tư nhân…)",
}
VOTE_RULES = {
    "more_than_half": "Quá một nửa số đảng viên chính thức được triệu tập",
    "two_thirds": "Từ hai phần ba số đảng viên chính thức được triệu tập",
}
SIGNER_TITLES = {"BÍ THƯ": "Bí thư", "PHÓ BÍ THƯ": "Phó Bí thư"}
# Ratings by their code: the name the regulation gives, the code a secretary knows in brackets.
RATINGS: dict[str, str] = {level.code: f"{level.name} ({level.code})" for level in all_review_rules()[-1].level}
# Labels for enum values that are ids; a schema may carry its own as "x-enum-titles".
ENUM_TITLES: dict[str, str] = {
    **FORMS,
    **VOTE_METHODS,
    **HONORIFICS,
    **ADOPTIONS,
    **MATTERS,
    **ROLES,
    **VOTE_RULES,
    **SIGNER_TITLES,
    **RATINGS,
    "chi_bo": "chi bộ",
    "dang_bo": "đảng bộ",
    "official": "chính thức",
    "probationary": "dự bị",
    "male": "nam",
    "female": "nữ",
}
# Free-text fields whose values are ids, chosen from a list instead; by property name.
CHOICES: dict[str, dict[str, str]] = {"regime": {r.id: r.name for r in all_review_rules()}}
# Help written for the form where the schema's description speaks to API users; by property name.
FORM_HELP: dict[str, str] = {
    "regime": "Để trống: theo năm kiểm điểm (đến năm 2024 theo Quy định 124-QĐ/TW, từ năm 2025 theo Quy định 366-QĐ/TW).",
}
# Fields holding a person's name, by property name: the roster's names are suggested there. A "name" of the
# organization or of its cells is not a person's.
PERSON_NAMES = frozenset({"name", "speaker", "presenter", "person", "collective_presenter"})
NOT_PEOPLE = frozenset({"organization", "cells"})

# Properties a form does not ask for: "period" is the old way to name the month, kept by the API for old
# inputs; "quality" is a score sheet keyed by criterion ids, printed blank for scoring by hand when left out.
API_ONLY = frozenset({"period", "quality"})
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
# Longer strings than this get a multi-line box.
TEXTAREA_FROM = 1000
ROW_PLACEHOLDER = "__i__"


@dataclass(frozen=True)
class Field:
    pointer: str
    title: str
    widget: str  # text, textarea, number, date, time, select, checkbox
    required: bool = False
    description: str | None = None
    options: tuple[tuple[str, str], ...] = ()
    attrs: dict[str, Any] = field(default_factory=dict)
    kind: str = "field"


@dataclass(frozen=True)
class Group:
    pointer: str
    title: str
    children: tuple[Any, ...]
    required: bool = False
    description: str | None = None
    kind: str = "group"


@dataclass(frozen=True)
class Rows:
    pointer: str
    title: str
    item_schema: dict
    defs: dict
    min_items: int = 0
    max_items: int | None = None
    description: str | None = None
    kind: str = "rows"

    def item(self, index: int | str) -> Any:
        return _node(self.item_schema, self.defs, f"{self.pointer}/{index}", self.title, required=True)

    @property
    def template(self) -> Any:
        return self.item(ROW_PLACEHOLDER)


def option_label(text: str) -> str:
    """A drop-down entry starts with a capital, as a sentence does ("trực tiếp" → "Trực tiếp")."""
    return text[:1].upper() + text[1:]


def options(titles: dict[str, str]) -> list[tuple[str, str]]:
    return [(value, option_label(title)) for value, title in titles.items()]


def form_tree(schema: dict, title: str) -> Group:
    """The root fieldset of a model's JSON Schema."""
    return _object(schema, schema.get("$defs", {}), "", title, required=True)


def _resolve(schema: dict, defs: dict) -> tuple[dict, bool]:
    """The schema without $ref and nullable anyOf, and whether null was allowed."""
    nullable = False
    if "anyOf" in schema:
        options = [s for s in schema["anyOf"] if s.get("type") != "null"]
        nullable = len(options) < len(schema["anyOf"])
        if len(options) == 1:
            schema = {**options[0], **{k: v for k, v in schema.items() if k != "anyOf"}}
    if "$ref" in schema:
        target = defs[schema["$ref"].rsplit("/", 1)[-1]]
        own = {k: v for k, v in schema.items() if k != "$ref"}
        # A class's title is its English name and its description its docstring: only the property's own
        # (Vietnamese) title and description are shown.
        schema = {**{k: v for k, v in target.items() if k not in ("title", "description")}, **own}
    return schema, nullable


def _node(schema: dict, defs: dict, pointer: str, title: str, *, required: bool) -> Any:
    schema, nullable = _resolve(schema, defs)
    title = schema.get("title", title)
    description = _help(schema, pointer.rsplit("/", 1)[-1])
    if schema.get("type") == "object" or "properties" in schema:
        return _object(schema, defs, pointer, title, required=required and not nullable)
    if schema.get("type") == "array":
        return Rows(
            pointer, title, schema.get("items", {}), defs, schema.get("minItems", 0), schema.get("maxItems"), description
        )
    return _field(schema, pointer, title, required=required and not nullable, description=description)


def _object(schema: dict, defs: dict, pointer: str, title: str, *, required: bool) -> Group:
    needed = set(schema.get("required", ()))
    children = tuple(
        _node(prop, defs, f"{pointer}/{key}", key, required=key in needed)
        for key, prop in schema.get("properties", {}).items()
        if key not in API_ONLY
    )
    return Group(pointer, title, children, required, _help(schema, pointer.rsplit("/", 1)[-1]) if pointer else None)


def _help(schema: dict, key: str) -> str | None:
    """The help under a field: the form's own, else the schema's unless it names raw values ("leader: …")."""
    if key in FORM_HELP:
        return FORM_HELP[key]
    description = schema.get("description")
    if description and (
        any(value in description for value in CHOICES.get(key, ()))
        or not _raw_words().isdisjoint(_WORD.findall(description))
    ):
        return None
    return description


@functools.cache
def _raw_words() -> frozenset[str]:
    """Every property name and enum value of every kind, and JSON's literals: words a person never reads."""
    words = {"null", "true", "false"}

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            words.update(key for key in node.get("properties", {}) if key.islower())
            words.update(str(v) for v in node.get("enum", ()) if _WORD.fullmatch(str(v)) and str(v).islower())
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for kind in all_kinds():
        walk(kind.input_model.model_json_schema())
    return frozenset(words)


def _field(schema: dict, pointer: str, title: str, *, required: bool, description: str | None) -> Field:
    kind = schema.get("type")
    attrs: dict[str, Any] = {}
    key = pointer.rsplit("/", 1)[-1]
    if key in CHOICES:
        return Field(pointer, title, "select", required, description, tuple(options(CHOICES[key])))
    if "enum" in schema:
        titles = schema.get("x-enum-titles", {})
        labels = tuple((str(v), option_label(titles.get(v) or ENUM_TITLES.get(v) or str(v))) for v in schema["enum"])
        return Field(pointer, title, "select", required, description, labels)
    if kind == "boolean":
        return Field(pointer, title, "checkbox", False, description)
    if kind in ("integer", "number"):
        attrs = {k: schema[s] for k, s in (("min", "minimum"), ("max", "maximum")) if s in schema}
        attrs["step"] = 1 if kind == "integer" else "any"
        return Field(pointer, title, "number", required, description, attrs=attrs)
    if schema.get("format") == "date":
        return Field(pointer, title, "date", required, description)
    if schema.get("pattern") == TIME_PATTERN:
        return Field(pointer, title, "time", required, description)
    if "maxLength" in schema:
        attrs["maxlength"] = schema["maxLength"]
    parents = [part for part in pointer.split("/")[:-1] if part and not part.isdigit()]
    if key in PERSON_NAMES and not (parents and parents[-1] in NOT_PEOPLE):
        attrs.update({"list": "roster-names", "autocomplete": "off"})
    widget = "textarea" if schema.get("maxLength", TEXTAREA_FROM + 1) > TEXTAREA_FROM else "text"
    return Field(pointer, title, widget, required, description, attrs=attrs)


def defaults(model: type[BaseModel], today: dt.date) -> dict[str, Any]:
    """The starting values of a new form: the model's defaults, its required parts, today for a "date"."""
    data: dict[str, Any] = {}
    for key, info in model.model_fields.items():
        annotation = info.annotation
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            data[key] = defaults(annotation, today)
        elif not info.is_required():
            value = info.get_default(call_default_factory=True)
            if value is not None:
                data[key] = _json_value(value)
        elif key == "date" and annotation is dt.date:
            data[key] = today.isoformat()
    return data


def _json_value(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [_json_value(v) for v in value]
    return value


def row_names(schema: dict, pointer: str) -> str:
    """Which rows a pointer is in, as a person counts them: "/guests/1/name" → "Đại biểu mời thứ 2", so that
    a message in a list of look-alike rows says which one it is about ("" outside any list)."""
    defs = schema.get("$defs", {})
    node, title, names = schema, "", []
    for part in pointer.split("/")[1:]:
        node, _ = _resolve(node, defs)
        if node.get("type") == "array" and part.isdigit():
            names.append(f"{title} thứ {int(part) + 1}")
            node = node.get("items", {})
        elif part in node.get("properties", {}):
            node = node["properties"][part]
            title = _resolve(node, defs)[0].get("title", part)
        else:
            break
    return ", ".join(names)
