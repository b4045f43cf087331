"""Routes of /api/v1/organizations/<id>/members: the roster."""

from __future__ import annotations

from flask import request

from service.api.errors import ApiError
from service.api.openapi import json_body, json_response, operation, query_parameter
from service.api.resources import MEMBER, bp, call
from service.api.views import read_json
from service.store import organizations
from service.store.db import get_database
from service.store.schemas import MemberIn


@bp.get("/organizations/<id:org_id>/members")
@operation(
    "The roster of an organization",
    tags=("members",),
    errors=(400,),
    query=(query_parameter("active", {"type": "boolean"}, "Only the members who take part (true) or not."),),
    responses={
        200: json_response(
            {"type": "object", "required": ["members"], "properties": {"members": {"type": "array", "items": MEMBER}}}
        )
    },
)
def list_members(org_id: int):
    active = request.args.get("active")
    if active not in (None, "true", "false"):
        raise ApiError(400, "invalid_parameter", "Bad Request", "Tham số “active” phải là true hoặc false.")
    flag = None if active is None else active == "true"
    return {"members": organizations.list_members(get_database(), org_id, active=flag)}


@bp.post("/organizations/<id:org_id>/members")
@operation(
    "Add a member to the roster",
    tags=("members",),
    errors=(400, 415, 422),
    request_body=json_body(MemberIn),
    responses={201: json_response(MEMBER)},
)
def create_member(org_id: int):
    return call(organizations.create_member, get_database(), org_id, read_json()), 201


@bp.get("/organizations/<id:org_id>/members/<id:member_id>")
@operation("One member", tags=("members",), responses={200: json_response(MEMBER)})
def show_member(org_id: int, member_id: int):
    return organizations.get_member(get_database(), org_id, member_id)


@bp.patch("/organizations/<id:org_id>/members/<id:member_id>")
@operation(
    "Change a member",
    tags=("members",),
    errors=(400, 415, 422),
    request_body=json_body(MemberIn, changes=True),
    responses={200: json_response(MEMBER)},
)
def update_member(org_id: int, member_id: int):
    return call(organizations.update_member, get_database(), org_id, member_id, read_json())


@bp.delete("/organizations/<id:org_id>/members/<id:member_id>")
@operation("Remove a member from the roster", tags=("members",), responses={204: {}})
def delete_member(org_id: int, member_id: int):
    organizations.delete_member(get_database(), org_id, member_id)
    return "", 204
