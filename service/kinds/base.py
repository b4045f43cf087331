"""What every kind's input model shares: strict types, size and date bounds, and Vietnamese error messages.

Input is strict: a JSON value must already have its field's type — a number is not a date, a boolean is not
a count, "5" is not a number — because a value coerced without a word is a value the sender did not mean.
Doors whose values are text by nature (an HTML form, a multipart field, a spreadsheet cell) say so with
`parse(..., text=True)`, and only then is "5" read as 5. Dates and times are strings in one format in both
cases ("2026-11-05", "14:00"); a date that does not exist ("2026-02-30") is told apart from one written
wrongly, and every date and year lies in the range that the values derived from it (the month after, the
review year's December) can hold, so the JSON Schema says exactly what the service accepts.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import functools
import re
import typing
from typing import Annotated, Any, Callable

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, TypeAdapter, ValidationError, WithJsonSchema
from pydantic_core import PydanticCustomError

from service.findings import Finding, pointer

# Bounds that keep one request from exhausting the service; generous for any real meeting.
SHORT_TEXT = 300
LONG_TEXT = 20_000
MAX_ITEMS = 500

ShortText = Annotated[str, Field(min_length=1, max_length=SHORT_TEXT)]
LongText = Annotated[str, Field(min_length=1, max_length=LONG_TEXT)]
Count = Annotated[int, Field(ge=0, le=1_000_000)]

# The years a document may carry: the Party was founded in 1930; the far bound is arbitrary but fixed, so that
# no date typed is refused by a value derived from it.
MIN_YEAR, MAX_YEAR = 1930, 2200
Year = Annotated[int, Field(ge=MIN_YEAR, le=MAX_YEAR)]
_DATE_TEXT = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_TIME_TEXT = re.compile(r"[0-9]{2}:[0-9]{2}(:[0-9]{2})?")


def number_pattern(low: int, high: int) -> str:
    """A regular expression (a group) for the whole numbers `low` to `high` (≥ 0), written without leading zeros:
    what a JSON Schema pattern or a URL rule says of a range."""

    def same_length(first: str, last: str) -> str:
        if not first:
            return ""
        if first[0] == last[0]:
            return first[0] + same_length(first[1:], last[1:])
        rest = len(first) - 1
        choices = [first[0] + same_length(first[1:], "9" * rest), last[0] + same_length("0" * rest, last[1:])]
        if int(last[0]) - int(first[0]) > 1:
            choices.insert(1, f"[{int(first[0]) + 1}-{int(last[0]) - 1}]" + "[0-9]" * rest)
        return "(?:" + "|".join(choices) + ")"

    spans = [
        (max(low, 10 ** (length - 1) if length > 1 else 0), min(high, 10**length - 1))
        for length in range(len(str(low)), len(str(high)) + 1)
    ]
    return "(?:" + "|".join(same_length(str(first), str(last)) for first, last in spans if first <= last) + ")"


# The years MIN_YEAR..MAX_YEAR in a regular expression.
YEARS_PATTERN = number_pattern(MIN_YEAR, MAX_YEAR)


def _slash(day: dt.date) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def _dated(earliest: dt.date, latest: dt.date):
    """A date field taking "YYYY-MM-DD" between `earliest` and `latest` (or a date the service made itself)."""

    def read(value: Any) -> dt.date:
        if type(value) is dt.date:  # built by the service (the archive, a roster reader), not typed
            day = value
        elif not isinstance(value, str) or not _DATE_TEXT.fullmatch(value):
            raise PydanticCustomError("date_format", "phải là ngày theo định dạng YYYY-MM-DD (ví dụ 2026-11-05)")
        else:
            try:
                day = dt.date.fromisoformat(value)
            except ValueError:
                raise PydanticCustomError("date_nonexistent", "không có ngày này ({value})", {"value": value}) from None
        if not earliest <= day <= latest:
            raise PydanticCustomError(
                "date_out_of_range",
                "phải từ ngày {earliest} đến ngày {latest}",
                {"earliest": _slash(earliest), "latest": _slash(latest)},
            )
        return day

    years = number_pattern(earliest.year, latest.year)
    schema = {
        "pattern": f"^{years}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$",
        "formatMinimum": earliest.isoformat(),
        "formatMaximum": latest.isoformat(),
    }
    return Annotated[dt.date, BeforeValidator(read), Field(json_schema_extra=schema)]


def _clock(value: Any) -> dt.time:
    """ "14:00" (or "14:00:00", as the archive keeps it): a meeting's clock time, without a time zone."""
    if type(value) is dt.time and value.tzinfo is None:
        return value
    if not isinstance(value, str) or not _TIME_TEXT.fullmatch(value):
        raise PydanticCustomError("time_format", "phải là giờ theo định dạng HH:MM (ví dụ 14:00), không kèm múi giờ")
    try:
        return dt.time.fromisoformat(value)
    except ValueError:
        raise PydanticCustomError("time_nonexistent", "không có giờ này ({value})", {"value": value}) from None


MIN_DATE, MAX_DATE = dt.date(MIN_YEAR, 1, 1), dt.date(MAX_YEAR, 12, 31)
# A document's date, a term's, a member's admission: MIN_YEAR to MAX_YEAR.
Date = _dated(MIN_DATE, MAX_DATE)
# A member's birth date: members born before the Party are still on rosters.
BirthDate = _dated(dt.date(1900, 1, 1), MAX_DATE)
# Not JSON Schema's "format": "time", which asks for a time zone ("14:00:00Z") that a meeting's clock has not.
TIME_PATTERN = "^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?$"
ClockTime = Annotated[
    dt.time, BeforeValidator(_clock), WithJsonSchema({"type": "string", "pattern": TIME_PATTERN, "examples": ["14:00"]})
]


class Model(BaseModel):
    """Unknown fields are refused so that a misspelt key is reported instead of silently ignored; values are
    taken only with their own JSON type (see the module's docstring)."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True, strict=True)


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
    "list_type": "phải là một danh sách",
    "dict_type": "phải là một đối tượng",
    "model_type": "phải là một đối tượng",
    "model_attributes_type": "phải là một đối tượng",
    "extra_forbidden": "trường này không có trong mẫu dữ liệu",
    "unexpected_keyword_argument": "trường này không có trong mẫu dữ liệu",
}


# Errors raised by this module's own types: their message is Vietnamese already.
_OWN = {"date_format", "date_nonexistent", "date_out_of_range", "time_format", "time_nonexistent"}


def error_message(error: dict) -> str:
    """A pydantic error in Vietnamese, without the field's name."""
    kind, ctx = error["type"], error.get("ctx") or {}
    if kind in _OWN:
        return error["msg"]
    if kind == "int_type" and isinstance(error.get("input"), bool):
        return "phải là số nguyên, không phải true/false"
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


def inner_model(annotation: Any) -> type[BaseModel] | None:
    """The model class inside list[...], Optional[...], Annotated[...] — if any."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin is None:
        return None
    for arg in typing.get_args(annotation):
        found = inner_model(arg)
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
            current = inner_model(fields[part].annotation)
        else:
            label, current = str(part), None
    return label


def parse(model: type[BaseModel], data: Any, *, text: bool = False) -> tuple[BaseModel | None, list[Finding]]:
    """Validate `data` against `model`; every problem comes back as a Vietnamese finding.

    text: the values were typed as text (form fields, spreadsheet cells), so "5" may be read as 5 and "on" as
    true; JSON and values the service made keep the strict types.
    """
    if not isinstance(data, dict):
        return None, [Finding("", "not_an_object", "Dữ liệu gửi lên phải là một đối tượng JSON.")]
    try:
        return model.model_validate(data, strict=not text), []
    except ValidationError as exc:
        findings = []
        for error in exc.errors(include_url=False):
            location = error_location(error)
            findings.append(
                Finding(pointer(*location), error["type"], f"{field_label(model, location)}: {error_message(error)}.")
            )
        return None, findings


# Set while a kind's checks read a partial model (see partial()): a check that reads a field the input got wrong
# is skipped there, and is a bug anywhere else.
_PARTIAL = contextvars.ContextVar("partial", default=False)


def partial(model: type[BaseModel], data: dict, failed: list[tuple], *, text: bool = False) -> BaseModel:
    """`model` built from the valid parts of `data` only: a field with an error (at `failed`, paths of
    keys) is left out, an object with an error inside keeps its other fields. What a kind's checks read so
    that one submit lists the rule errors (votes against attendance, a signer) beside the schema's."""
    values = {}
    for name, value in data.items():
        inside = [path[1:] for path in failed if path[:1] == (name,)]
        if name not in model.model_fields or () in inside:
            continue
        nested = inner_model(model.model_fields[name].annotation)
        if inside and not (isinstance(value, dict) and nested is not None):
            continue
        try:
            values[name] = (
                partial(nested, value, inside, text=text)
                if inside
                else _adapter(model, name).validate_python(value, strict=not text)
            )
        except ValidationError:
            continue  # the error is in `failed` under another path (a union member's)
    return model.model_construct(**values)


@functools.lru_cache(maxsize=256)
def _adapter(model: type[BaseModel], name: str) -> TypeAdapter:
    field = model.model_fields[name]
    return TypeAdapter(Annotated[field.annotation, field])


def partial_checks(read: Callable[[], list[Finding]]) -> list[Finding]:
    """Run a kind's checks on a partial model; a check that needs a field the input got wrong gives nothing."""
    token = _PARTIAL.set(True)
    try:
        return read()
    except AttributeError:
        return []
    finally:
        _PARTIAL.reset(token)


def each(*checks: Callable[[], list[Finding]]) -> list[Finding]:
    """The findings of independent checks, in order. On a partial model a check that reads a missing field
    is skipped so the others still run; on a valid model nothing is missing and every error surfaces."""
    findings: list[Finding] = []
    for run in checks:
        try:
            findings += run()
        except AttributeError:
            if not _PARTIAL.get():
                raise
    return findings


def error_location(error: dict) -> tuple:
    """Where a pydantic error is, without the union-member names ("function-after[...]") it inserts."""
    return tuple(part for part in error["loc"] if not isinstance(part, str) or "[" not in part)
