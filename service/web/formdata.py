"""HTML form fields ⇄ the JSON shape the pipeline takes.

Every input of a document form is named by the JSON pointer of the value it
holds ("/meeting/date", "/attendance/absent/0/name"), so the pipeline's
findings point straight back at the field that caused them. Parsing only
rebuilds the nested shape: the values stay strings and the kind's model does
the typing and the judging.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Iterable, Mapping

from werkzeug.datastructures import MultiDict

from service.vietnamese.dates import day_first

# A hidden input naming a list that exists even when every row was removed, so
# that "no recipients" stays empty instead of falling back to the default list.
LIST_MARKER = "_list"
# Hidden inputs naming the fields typed as a Vietnamese date (dd/mm/yyyy) or a 24-hour time: the pipeline takes
# ISO dates and HH:MM, whatever the browser's language would have made of a native date or time input.
DATE_MARKER = "_date"
TIME_MARKER = "_time"
MARKERS = (LIST_MARKER, DATE_MARKER, TIME_MARKER)
_ISO_DAY = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
# "7:30", "07.30", "7h30", "7 giờ 30", "19h", "19 giờ": hours 0-23, minutes optional.
_CLOCK = re.compile(r"(\d{1,2})\s*(?::|\.|h|giờ)\s*(\d{2})?\s*(?:phút)?|(\d{1,2})", re.IGNORECASE)
# Values of toggles (checkboxes, radios): on their own they do not make a row
# something the person typed.
_TOGGLE_VALUES = frozenset({"true", "false", "on"})


class FormTooDeep(ValueError):
    """A field name nests deeper than any real document does."""


def field_id(pointer: str) -> str:
    """The HTML id of the input (or fieldset) holding the value at `pointer`."""
    return "f" + pointer.replace("/", "-")


def split_pointer(pointer: str) -> list[str]:
    if not pointer.startswith("/"):
        raise ValueError(f"not a JSON pointer: {pointer!r}")
    return [part.replace("~1", "/").replace("~0", "~") for part in pointer[1:].split("/")]


def parse_form(form: MultiDict, *, max_depth: int) -> dict[str, Any]:
    """The nested data of a submitted form; empty fields and untouched rows are left out."""
    tree: dict[str, Any] = {}
    dates, times = set(form.getlist(DATE_MARKER)), set(form.getlist(TIME_MARKER))
    for name in form.keys():
        if name.startswith("/"):
            # The last value wins: a hidden "false" followed by a checked checkbox means true.
            value = form.getlist(name)[-1]
            value = typed_date(value) if name in dates else typed_time(value) if name in times else value
            _place(tree, split_pointer(name), value, max_depth)
    for pointer in form.getlist(LIST_MARKER):
        if pointer.startswith("/"):
            _place(tree, split_pointer(pointer), _DeclaredList(), max_depth)
    return _shape(tree) or {}


def typed_date(text: str) -> str:
    """A date as Vietnamese type it (5/12/2026, 05-12-2026, 05.12.2026) → "2026-12-05"; ISO stays as it is.
    Anything else, or a day that does not exist, is left as typed for the model to refuse at its field."""
    written = day_first(text)
    if written and written[0] is not None:
        day, month, year = written
    elif found := _ISO_DAY.fullmatch(text.strip()):
        year, month, day = (int(part) for part in found.groups())
    else:
        return text
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return text


def typed_time(text: str) -> str:
    """A clock time as people write it (7:30, 7h30, 19 giờ) → "07:30"; anything else is left as typed."""
    found = _CLOCK.fullmatch(text.strip())
    if not found:
        return text
    hour, minute = int(found.group(1) or found.group(3)), int(found.group(2) or 0)
    return f"{hour:02d}:{minute:02d}" if hour < 24 and minute < 60 else text


def shown(value: str, widget: str) -> str:
    """A value as its field shows it: an ISO date as "05/12/2026", a stored "14:00:00" as "14:00"; what was
    typed otherwise, to be corrected."""
    if widget == "date" and (found := _ISO_DAY.fullmatch(value)):
        return f"{int(found.group(3)):02d}/{int(found.group(2)):02d}/{found.group(1)}"
    if widget == "time" and re.fullmatch(r"\d\d:\d\d:00", value):
        return value[:5]
    return value


class _DeclaredList(dict):
    """Rows of a list; stays a (possibly empty) list after shaping."""


def _place(tree: dict, parts: list[str], value: Any, max_depth: int) -> None:
    if len(parts) > max_depth:
        raise FormTooDeep(len(parts))
    node = tree
    for part in parts[:-1]:
        child = node.get(part)
        if not isinstance(child, dict):
            child = node[part] = {}
        node = child
    last = parts[-1]
    if isinstance(value, _DeclaredList):
        existing = node.get(last)
        node[last] = _DeclaredList(existing) if isinstance(existing, dict) else value
    else:
        node[last] = value


def _is_index(key: str) -> bool:
    return key.isascii() and key.isdigit() and len(key) < 7


def _shape(node: Any) -> Any:
    """Dicts keyed by row numbers become lists in row order; empty values and rows disappear."""
    if isinstance(node, str):
        return node if node.strip() else None
    declared = isinstance(node, _DeclaredList)
    if declared or (node and all(_is_index(key) for key in node)):
        rows = [_shape(node[key]) for key in sorted(node, key=int) if _is_index(key)]
        rows = [row for row in rows if row is not None and _typed(row)]
        return rows if rows or declared else None
    shaped = {key: _shape(value) for key, value in node.items()}
    shaped = {key: value for key, value in shaped.items() if value is not None}
    return shaped or None


def _typed(value: Any) -> bool:
    """Whether a row holds anything typed rather than only toggles left at their defaults."""
    if isinstance(value, (dict, list)):
        return any(_typed(v) for v in (value.values() if isinstance(value, dict) else value))
    return value not in _TOGGLE_VALUES


def flatten(data: Any, prefix: str = "") -> dict[str, str]:
    """Pointer → text for every scalar in `data`: what the inputs of a re-rendered form show."""
    if isinstance(data, dict):
        items: Iterable = data.items()
    elif isinstance(data, list):
        items = enumerate(data)
    else:
        return {prefix: _text(data)} if data is not None else {}
    flat: dict[str, str] = {}
    for key, value in items:
        flat.update(flatten(value, f"{prefix}/{str(key).replace('~', '~0').replace('/', '~1')}"))
    return flat


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def row_counts(data: Any, prefix: str = "") -> dict[str, int]:
    """Pointer → number of rows for every list in `data`."""
    counts: dict[str, int] = {}
    if isinstance(data, list):
        counts[prefix] = len(data)
        for index, item in enumerate(data):
            counts.update(row_counts(item, f"{prefix}/{index}"))
    elif isinstance(data, Mapping):
        for key, value in data.items():
            counts.update(row_counts(value, f"{prefix}/{key}"))
    return counts
