"""What every kind's input model shares: strictness, size limits, and Vietnamese error messages."""
from __future__ import annotations

import typing
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from service.findings import Finding, pointer

# Bounds that keep one request from exhausting the service; generous for any real meeting.
SHORT_TEXT = 300
LONG_TEXT = 20_000
MAX_ITEMS = 500

ShortText = Annotated[str, Field(min_length=1, max_length=SHORT_TEXT)]
LongText = Annotated[str, Field(min_length=1, max_length=LONG_TEXT)]
Count = Annotated[int, Field(ge=0, le=1_000_000)]


class Model(BaseModel):
    """Unknown fields are refused so that a misspelt key is reported instead of silently ignored."""
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


_MESSAGES = {
    "missing": "bắt buộc phải nhập",
    "int_type": "phải là số nguyên",
    "int_parsing": "phải là số nguyên",
    "int_from_float": "phải là số nguyên",
    "float_type": "phải là số",
    "float_parsing": "phải là số",
    "finite_number": "phải là số hữu hạn",
    "string_type": "phải là chuỗi ký tự",
    "string_too_short": "không được để trống",
    "bool_type": "phải là true hoặc false",
    "bool_parsing": "phải là true hoặc false",
    "date_type": "phải là ngày theo định dạng YYYY-MM-DD",
    "date_parsing": "phải là ngày theo định dạng YYYY-MM-DD",
    "date_from_datetime_parsing": "phải là ngày theo định dạng YYYY-MM-DD",
    "date_from_datetime_inexact": "phải là ngày theo định dạng YYYY-MM-DD",
    "time_type": "phải là giờ theo định dạng HH:MM",
    "time_parsing": "phải là giờ theo định dạng HH:MM",
    "list_type": "phải là một danh sách",
    "dict_type": "phải là một đối tượng",
    "model_type": "phải là một đối tượng",
    "model_attributes_type": "phải là một đối tượng",
    "extra_forbidden": "trường này không có trong mẫu dữ liệu",
    "unexpected_keyword_argument": "trường này không có trong mẫu dữ liệu",
}


def _message(error: dict) -> str:
    kind, ctx = error["type"], error.get("ctx") or {}
    if kind in _MESSAGES:
        return _MESSAGES[kind]
    if kind == "greater_than_equal":
        return f"phải lớn hơn hoặc bằng {ctx['ge']}"
    if kind == "greater_than":
        return f"phải lớn hơn {ctx['gt']}"
    if kind == "less_than_equal":
        return f"phải nhỏ hơn hoặc bằng {ctx['le']}"
    if kind == "less_than":
        return f"phải nhỏ hơn {ctx['lt']}"
    if kind == "string_too_long":
        return f"dài quá {ctx['max_length']} ký tự"
    if kind == "too_long":
        return f"có quá {ctx['max_length']} mục"
    if kind == "too_short":
        return f"phải có ít nhất {ctx['min_length']} mục"
    if kind in ("literal_error", "enum"):
        return f"phải là một trong các giá trị: {ctx.get('expected', '')}"
    if kind == "value_error":
        return str(ctx.get("error", "giá trị không hợp lệ"))
    return "giá trị không hợp lệ"


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    """The model class inside list[...], Optional[...], Annotated[...] — if any."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin is None:
        return None
    for arg in typing.get_args(annotation):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def field_label(model: type[BaseModel], location: tuple) -> str:
    """The Vietnamese title of the field at `location` (its key when it has none)."""
    current: type[BaseModel] | None = model
    label = "Dữ liệu"
    for part in location:
        if isinstance(part, int):
            continue
        fields = current.model_fields if current is not None else {}
        if part in fields:
            label = fields[part].title or str(part)
            current = _inner_model(fields[part].annotation)
        else:
            label, current = str(part), None
    return label


def parse(model: type[BaseModel], data: Any) -> tuple[BaseModel | None, list[Finding]]:
    """Validate `data` against `model`; every problem comes back as a Vietnamese finding."""
    if not isinstance(data, dict):
        return None, [Finding("", "not_an_object", "Dữ liệu gửi lên phải là một đối tượng JSON.")]
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        findings = []
        for error in exc.errors(include_url=False):
            # Pydantic inserts union-member names such as "function-after[...]" into locations.
            location = tuple(part for part in error["loc"] if not isinstance(part, str) or "[" not in part)
            label = field_label(model, location)
            findings.append(Finding(pointer(*location), error["type"], f"{label}: {_message(error)}."))
        return None, findings

