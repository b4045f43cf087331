"""Hypothesis strategies that draw values shaped by a JSON Schema (the subset pydantic emits).

Values follow the schema's types, enums, formats and bounds most of the time, so requests get past
the parser into the rules; `wrong` swaps in a value of another type now and then.
"""
from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st

ANY_SCALAR = st.none() | st.booleans() | st.integers() | st.text(max_size=20)


def from_schema(schema: dict, defs: dict | None = None, depth: int = 0) -> st.SearchStrategy:
    defs = defs if defs is not None else schema.get("$defs", {})
    shaped = _shaped(schema, defs, depth)
    return st.one_of(shaped, shaped, shaped, ANY_SCALAR)      # one draw in four has a wrong type


def _shaped(schema: dict, defs: dict, depth: int) -> st.SearchStrategy:
    if "$ref" in schema:
        return from_schema(defs[schema["$ref"].rsplit("/", 1)[1]], defs, depth)
    if "anyOf" in schema:
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
        low = schema.get("minimum", -5)
        return st.integers(min_value=low, max_value=min(schema.get("maximum", low + 60), low + 60))
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
    fields = {name: from_schema(sub, defs, depth + 1) if depth < 5 else ANY_SCALAR
              for name, sub in properties.items()}
    optional = {name: strategy for name, strategy in fields.items() if name not in required}
    return st.fixed_dictionaries({name: fields[name] for name in required}, optional=optional)


def _string(schema: dict) -> st.SearchStrategy:
    formats = {
        "date": st.dates(min_value=dt.date(2017, 1, 1), max_value=dt.date(2027, 12, 31)).map(str),
        "time": st.times().map(lambda t: t.strftime("%H:%M")),
    }
    if schema.get("format") in formats:
        return formats[schema["format"]]
    return st.text(min_size=schema.get("minLength", 0), max_size=min(schema.get("maxLength", 40), 40))
