"""A kind's JSON Schema as a tree of form parts, so that every kind gets a page without writing one.

Objects become fieldsets, arrays become rows that can be added and removed,
enums become drop-down lists, dates and times native inputs. The Vietnamese
labels are the schema's `title`s; the English `title` pydantic gives a class
is never shown.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from service.kinds.base import TIME_PATTERN
from service.kinds.meeting_parts import FORMS, VOTE_METHODS

# Labels for enum values that are English ids; a schema may carry its own as "x-enum-titles".
ENUM_TITLES: dict[str, str] = {**FORMS, **VOTE_METHODS, "chi_bo": "chi bộ", "dang_bo": "đảng bộ",
                               "official": "chính thức", "probationary": "dự bị", "male": "nam", "female": "nữ"}
# Longer strings than this get a multi-line box.
TEXTAREA_FROM = 1000
ROW_PLACEHOLDER = "__i__"


@dataclass(frozen=True)
class Field:
    pointer: str
    title: str
    widget: str                          # text, textarea, number, date, time, select, checkbox
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
        # A class's title is its English name: only the property's own (Vietnamese) title is shown.
        schema = {**{k: v for k, v in target.items() if k != "title"}, **own}
    return schema, nullable


def _node(schema: dict, defs: dict, pointer: str, title: str, *, required: bool) -> Any:
    schema, nullable = _resolve(schema, defs)
    title = schema.get("title", title)
    description = schema.get("description")
    if schema.get("type") == "object" or "properties" in schema:
        return _object(schema, defs, pointer, title, required=required and not nullable)
    if schema.get("type") == "array":
        return Rows(pointer, title, schema.get("items", {}), defs, schema.get("minItems", 0),
                    schema.get("maxItems"), description)
    return _field(schema, pointer, title, required=required and not nullable, description=description)


def _object(schema: dict, defs: dict, pointer: str, title: str, *, required: bool) -> Group:
    needed = set(schema.get("required", ()))
    children = tuple(_node(prop, defs, f"{pointer}/{key}", key, required=key in needed)
                     for key, prop in schema.get("properties", {}).items())
    return Group(pointer, title, children, required, schema.get("description"))


def _field(schema: dict, pointer: str, title: str, *, required: bool, description: str | None) -> Field:
    kind = schema.get("type")
    attrs: dict[str, Any] = {}
    if "enum" in schema:
        titles = schema.get("x-enum-titles", {})
        options = tuple((str(v), option_label(titles.get(v) or ENUM_TITLES.get(v) or str(v))) for v in schema["enum"])
        return Field(pointer, title, "select", required, description, options)
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
