"""Inputs that name people by roster id: {"member_id": 12} instead of a name and position.

Resolution walks the input alongside the kind's pydantic model, so it works for
every kind without knowing any of them: wherever the model expects a person
object, {"member_id": N, …} becomes that object with the member's name (and
position, where the model has one), keeping whatever else the input said
there (an absent member's reason, a position typed for this meeting); wherever
the model expects a name as text in field `x`, a key `x_id` gives it
("speaker_id": 12 → "speaker": "Nguyễn Văn An").
"""

from __future__ import annotations

import typing
from typing import Any, Callable

from pydantic import BaseModel

from service.findings import Finding, pointer
from service.kinds.base import inner_model
from service.store.models import MAX_ID, Member

MEMBER_KEY = "member_id"
ID_SUFFIX = "_id"

Lookup = Callable[[int], Member | None]


def member_position(member: Member) -> str | None:
    """The position a document prints after the name: the Party post first, then the others."""
    return member.party_position or member.government_position or member.mass_position


def resolve_members(model: type[BaseModel], data: Any, lookup: Lookup) -> tuple[Any, list[Finding]]:
    """`data` with every member reference replaced, and a finding for each id that names nobody."""
    findings: list[Finding] = []
    return _walk(data, model, (), lookup, findings), findings


def _walk(value: Any, model: type[BaseModel] | None, path: tuple, lookup: Lookup, findings: list[Finding]) -> Any:
    if isinstance(value, list):
        return [_walk(item, model, (*path, index), lookup, findings) for index, item in enumerate(value)]
    if not isinstance(value, dict) or model is None:
        return value
    fields = model.model_fields
    if MEMBER_KEY in value and MEMBER_KEY not in fields:
        value = _person(value, fields, path, lookup, findings)
    result = {}
    for key, item in value.items():
        named = key[: -len(ID_SUFFIX)] if key.endswith(ID_SUFFIX) else None
        if named and key not in fields and named in fields and _is_text(fields[named].annotation):
            member = _member(item, (*path, key), lookup, findings)
            result[named] = member.full_name if member else item
            continue
        field = fields.get(key)
        result[key] = _walk(item, inner_model(field.annotation) if field else None, (*path, key), lookup, findings)
    return result


def _person(value: dict, fields: dict, path: tuple, lookup: Lookup, findings: list[Finding]) -> dict:
    rest = {key: item for key, item in value.items() if key != MEMBER_KEY}
    member = _member(value[MEMBER_KEY], (*path, MEMBER_KEY), lookup, findings)
    if member is None:
        return value
    known = {"name": member.full_name, "position": member_position(member)}
    filled = {key: item for key, item in known.items() if key in fields and item is not None}
    return {**filled, **rest}


def _member(member_id: Any, path: tuple, lookup: Lookup, findings: list[Finding]) -> Member | None:
    if isinstance(member_id, bool) or not isinstance(member_id, int):
        findings.append(Finding(pointer(*path), "member_id_invalid", "Mã đảng viên: phải là số nguyên."))
        return None
    member = lookup(member_id) if 1 <= member_id <= MAX_ID else None
    if member is None:
        findings.append(
            Finding(
                pointer(*path),
                "member_not_found",
                f"Mã đảng viên {member_id}: không có trong danh sách đảng viên của chi bộ.",
            )
        )
    return member


def _is_text(annotation: Any) -> bool:
    return annotation is str or str in typing.get_args(annotation)
