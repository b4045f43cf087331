"""Hypothesis strategies that draw values shaped by a JSON Schema (the subset pydantic and the OpenAPI
document emit).

Values follow the schema's types, enums, formats and bounds most of the time, so requests get past
the parser into the rules; one draw in four is a value of another type. Dates and numbers are often
at the edges of their ranges and just outside them (the first and last day, the day before and after,
years 0, 1 and 9999, days that do not exist), where derived values (the month after, a review year's
December) go wrong.
"""

from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st

ANY_SCALAR = st.none() | st.booleans() | st.integers() | st.text(max_size=20)


def from_schema(schema: dict, defs: dict | None = None, depth: int = 0) -> st.SearchStrategy:
    defs = defs if defs is not None else schema.get("$defs", {})
    shaped = _shaped(schema, defs, depth)
    return st.one_of(shaped, shaped, shaped, ANY_SCALAR)  # one draw in four has a wrong type


def _shaped(schema: dict, defs: dict, depth: int) -> st.SearchStrategy:
    if "$ref" in schema:
        return from_schema(defs[schema["$ref"].rsplit("/", 1)[1]], defs, depth)
    if "anyOf" in schema and "properties" not in schema:  # beside properties, anyOf only names requirements
        return st.one_of([from_schema(option, defs, depth) for option in schema["anyOf"]])
    if "enum" in schema:
        return st.sampled_from(schema["enum"])
    if "const" in schema:
        return st.just(schema["const"])
    kind = schema.get("type")
    if kind == "object":
        return _object(schema, defs, depth)
    if kind == "array":
        items = from_schema(schema.get("items", {}), defs, depth + 1) if depth < 4 else ANY_SCALAR
        return st.lists(items, min_size=schema.get("minLength", schema.get("minItems", 0)), max_size=4)
    if kind == "integer":
        return _integer(schema)
    if kind == "number":
        return st.floats(allow_nan=False, allow_infinity=False)
    if kind == "boolean":
        return st.booleans()
    if kind == "string":
        return _string(schema)
    if kind == "null":
        return st.none()
    return ANY_SCALAR


def _object(schema: dict, defs: dict, depth: int) -> st.SearchStrategy:
    properties = schema.get("properties", {})
    required = set(schema.get("required", ()))
    fields = {name: from_schema(sub, defs, depth + 1) if depth < 5 else ANY_SCALAR for name, sub in properties.items()}
    optional = {name: strategy for name, strategy in fields.items() if name not in required}
    return st.fixed_dictionaries({name: fields[name] for name in required}, optional=optional)


def _integer(schema: dict) -> st.SearchStrategy:
    low, high = schema.get("minimum"), schema.get("maximum")
    start = -5 if low is None else low
    usual = st.integers(min_value=start, max_value=min(start + 60, start + 60 if high is None else high))
    edges = {0, -1, 2**31, 2**63, 10**30}
    edges |= {value for bound in (low, high) if bound is not None for value in (bound - 1, bound, bound + 1)}
    return st.one_of(usual, st.sampled_from(sorted(edges)))


# Days every date field is tried with, whatever its range: no year 0, days that do not exist, leap days.
ODD_DAYS = [
    "0000-01-01",
    "0001-01-01",
    "0266-11-03",
    "1900-01-15",
    "9999-12-31",
    "2026-02-30",
    "2026-13-01",
    "2026-00-10",
    "2100-02-29",
    "2024-02-29",
    "2026-1-5",
    "2026-11-05T00:00:00",
    "05/11/2026",
    "",
]
ODD_TIMES = ["00:00", "23:59", "24:00", "12:60", "00:00:00Z", "14:00+07:00", "14:00:00", "7:30", ""]


def _date(schema: dict) -> st.SearchStrategy:
    low = dt.date.fromisoformat(schema.get("formatMinimum", "2017-01-01"))
    high = dt.date.fromisoformat(schema.get("formatMaximum", "2027-12-31"))
    edges = [low, high] + [
        day + step
        for day, step in ((low, -dt.timedelta(days=1)), (high, dt.timedelta(days=1)))
        if dt.date.min + dt.timedelta(days=1) < day < dt.date.max - dt.timedelta(days=1)
    ]
    usual = st.dates(min_value=max(low, dt.date(2017, 1, 1)), max_value=min(high, dt.date(2027, 12, 31)))
    return st.one_of(usual.map(str), st.sampled_from([day.isoformat() for day in edges] + ODD_DAYS))


def _string(schema: dict) -> st.SearchStrategy:
    if schema.get("format") == "date":
        return _date(schema)
    if schema.get("format") == "time":
        return st.one_of(st.times().map(lambda t: t.strftime("%H:%M")), st.sampled_from(ODD_TIMES))
    if schema.get("format") == "binary":
        return st.binary(max_size=200)
    return st.text(min_size=schema.get("minLength", 0), max_size=min(schema.get("maxLength", 40), 40))
