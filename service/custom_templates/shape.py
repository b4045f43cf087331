"""The shape of a kind's template context: which fields exist at each level, and inside lists.

A template is checked against the context the kind builds from its sample
(`python -m service context` prints one); the shape keeps only the names, so
that `org.name` and `m.name` inside `{% for m in members %}` can be looked up
and a misspelt field gets the nearest existing one as a suggestion.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Union

# What dict methods a template may call on a mapping (the sandbox refuses the changing ones).
_MAPPING_METHODS = frozenset(name for name in dir(dict) if not name.startswith("_"))


class _Unknown:
    """A value whose fields cannot be known: text, a number, null, or anything the template computed."""

    def __repr__(self) -> str:
        return "Unknown"


Unknown = _Unknown()


@dataclass(frozen=True)
class Fields:
    fields: dict[str, "Shape"] = field(default_factory=dict)

    def has(self, name: str) -> bool:
        return name in self.fields

    def keys(self) -> list[str]:
        return sorted(self.fields)

    def field(self, name: str) -> "Shape":
        return self.fields.get(name, Unknown)


@dataclass(frozen=True)
class Items:
    element: "Shape"


Shape = Union[Fields, Items, _Unknown]


def shape_of(value: Any) -> Shape:
    if isinstance(value, dict):
        return Fields({str(key): shape_of(item) for key, item in value.items()})
    if isinstance(value, (list, tuple)):
        element: Shape | None = None
        for item in value:
            element = _merge(element, shape_of(item))
        return Items(element if element is not None else Unknown)
    return Unknown


def _merge(first: Shape | None, second: Shape) -> Shape:
    """List elements that differ (an optional field present in some) have the union of their fields."""
    if first is None:
        return second
    if isinstance(first, Fields) and isinstance(second, Fields):
        names = dict.fromkeys([*first.fields, *second.fields])
        return Fields(
            {
                name: _merge(first.fields.get(name), second.fields[name]) if name in second.fields else first.fields[name]
                for name in names
            }
        )
    if isinstance(first, Items) and isinstance(second, Items):
        return Items(_merge(first.element, second.element))
    return first if first == second else Unknown


def field_of(base: Shape, key: str) -> tuple[Shape | None, list[str]]:
    """The shape of `base.key`, or None with the names that do exist when the field does not."""
    if not isinstance(base, Fields) or key in _MAPPING_METHODS:
        return Unknown, []
    if base.has(key):
        return base.field(key), []
    return None, base.keys()


def element_of(shape: Shape) -> Shape:
    return shape.element if isinstance(shape, Items) else Unknown
