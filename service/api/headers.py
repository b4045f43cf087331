"""Response headers that carry lists — a document's warnings, what a conversion did — kept small.

Clients and proxies refuse large headers (Python's http.client stops at 65,536 bytes a line, many proxies at
8 KB for them all): 500 voter names typed in TCVN3 once made a 275 KB X-Document-Warnings header. A list
in a header holds the first items that fit in MAX_LIST_BYTES, with the total beside it; the full list is in
the JSON form of the same answer.
"""

from __future__ import annotations

import json
from typing import Any

MAX_LIST_BYTES = 4096


def fitting(items: list[Any], limit: int = MAX_LIST_BYTES) -> list[Any]:
    """The first items whose JSON (ASCII-escaped, as headers need) fits in `limit` bytes."""
    kept, size = [], len("[]")
    for item in items:
        size += len(json.dumps(item)) + (len(", ") if kept else 0)
        if size > limit:
            break
        kept.append(item)
    return kept


def listed(items: list[Any], limit: int = MAX_LIST_BYTES) -> str:
    """A JSON list of the first items that fit in `limit` bytes."""
    return json.dumps(fitting(items, limit))


def report(values: dict[str, Any], limit: int = MAX_LIST_BYTES) -> str:
    """A JSON object whose lists each keep the items that fit in `limit` bytes; a list cut short has its
    length beside it as "<key>_total"."""
    shown: dict[str, Any] = {}
    for key, value in values.items():
        shown[key] = fitting(value, limit) if isinstance(value, list) else value
        if isinstance(value, list) and len(shown[key]) < len(value):
            shown[f"{key}_total"] = len(value)
    return json.dumps(shown)
