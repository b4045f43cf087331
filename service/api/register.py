"""Routes of /api/v1/organizations/<id>/register: the document-number register."""

from __future__ import annotations

from flask import request

from service.api import auth
from service.api.errors import ApiError
from service.api.openapi import json_body, json_response, operation, query_parameter
from service.api.resources import DOC_TYPE, REGISTER_ENTRY, bp, call
from service.api.views import read_json
from service.store import organizations, register
from service.store.db import get_database
from service.store.models import row_dict
from service.store.schemas import DOC_TYPE_PATTERN, ReservationIn, parse_valid


@bp.get("/organizations/<id:org_id>/register")
@operation(
    "The document-number register of an organization",
    tags=("register",),
    errors=(400,),
    query=(
        query_parameter(
            "doc_type",
            {"type": "string", "pattern": DOC_TYPE_PATTERN},
            "Only the numbers of this document type (NQ, BB, BC…).",
        ),
    ),
    responses={
        200: json_response(
            {
                "type": "object",
                "required": ["entries"],
                "properties": {"entries": {"type": "array", "items": REGISTER_ENTRY}},
            }
        )
    },
)
def list_register(org_id: int):
    doc_type = request.args.get("doc_type")
    if doc_type is not None and not DOC_TYPE.fullmatch(doc_type):
        raise ApiError(
            400, "invalid_parameter", "Bad Request", "Tham số “doc_type” phải là ký hiệu loại văn bản (ví dụ NQ, BB, BC)."
        )
    database = get_database()
    organizations.get_organization(database, org_id)
    with database.read() as session:
        entries = register.entries(session, org_id, doc_type)
        return {"entries": [row_dict(entry) for entry in entries]}


@bp.post("/organizations/<id:org_id>/register")
@operation(
    "Reserve the next number of a document type for a draft",
    tags=("register",),
    errors=(400, 415, 422),
    request_body=json_body(ReservationIn),
    responses={201: json_response(REGISTER_ENTRY)},
)
def reserve_number(org_id: int):
    """Reserve the next number of a document type for a draft: {"doc_type": "NQ", "date": "2026-11-05"}."""
    values = call(parse_valid, ReservationIn, read_json())
    with get_database().write() as session:
        entry = register.allocate(
            session, org_id, values.doc_type, values.date, creator=auth.creator(), reserve=True, note=values.note
        )
        return row_dict(entry), 201


@bp.post("/organizations/<id:org_id>/register/<id:entry_id>/<any(confirm, cancel):action>")
@operation(
    "Confirm or cancel a reserved number", tags=("register",), errors=(409,), responses={200: json_response(REGISTER_ENTRY)}
)
def settle_number(org_id: int, entry_id: int, action: str):
    status = "confirmed" if action == "confirm" else "cancelled"
    with get_database().write() as session:
        return row_dict(register.settle(session, org_id, entry_id, status))
