"""Routes of /api/v1/organizations: organizations, their cấp ủy terms and the year-end review's summary."""

from __future__ import annotations

from service import pipeline
from service.api import auth
from service.api.errors import ApiError
from service.api.openapi import json_body, json_response, operation, query_parameter
from service.api.resources import COUNT, ORGANIZATION, SUMMARY_KIND, TERM, bp, call, int_arg
from service.api.views import read_json
from service.kinds.review_summary import summarize
from service.store import organizations, reviews
from service.store.db import get_database
from service.store.schemas import OrganizationIn, TermIn


def _actor() -> organizations.Actor:
    caller = auth.caller()
    return organizations.Actor(caller.organization_id, caller.organizations)


@bp.get("/organizations")
@operation(
    "Organizations (đảng bộ, chi bộ), optionally those under one parent",
    tags=("organizations",),
    errors=(400,),
    query=(query_parameter("parent_id", COUNT, "Only the organizations directly below this one."),),
    responses={
        200: json_response(
            {
                "type": "object",
                "required": ["organizations"],
                "properties": {"organizations": {"type": "array", "items": ORGANIZATION}},
            }
        )
    },
)
def list_organizations():
    return {
        "organizations": organizations.list_organizations(
            get_database(), int_arg("parent_id"), within=auth.caller().organizations
        )
    }


@bp.post("/organizations")
@operation(
    "Record an organization below the key's own",
    tags=("organizations",),
    errors=(400, 415, 422),
    request_body=json_body(OrganizationIn),
    responses={201: json_response(ORGANIZATION)},
)
def create_organization():
    data = read_json()
    if isinstance(data, dict) and data.get("parent_id") is None:
        raise ApiError(
            403,
            "parent_required",
            "Forbidden",
            "Khóa API chỉ tạo được tổ chức cấp dưới: hãy ghi "
            "“parent_id” là mã tổ chức của khóa hoặc một tổ chức cấp dưới của nó.",
        )
    return call(organizations.create_organization, get_database(), data, within=auth.caller().organizations), 201


@bp.get("/organizations/<id:org_id>")
@operation("One organization with its cấp ủy terms", tags=("organizations",), responses={200: json_response(ORGANIZATION)})
def show_organization(org_id: int):
    return organizations.get_organization(get_database(), org_id)


@bp.patch("/organizations/<id:org_id>")
@operation(
    "Change an organization; its parent and level only by a key above it, between parents it reaches",
    tags=("organizations",),
    errors=(400, 415, 422),
    request_body=json_body(OrganizationIn, changes=True),
    responses={200: json_response(ORGANIZATION)},
)
def update_organization(org_id: int):
    return call(organizations.update_organization, get_database(), org_id, read_json(), actor=_actor())


@bp.delete("/organizations/<id:org_id>")
@operation(
    "Delete an organization nothing depends on (by a key above it)",
    tags=("organizations",),
    errors=(409,),
    responses={204: {}},
)
def delete_organization(org_id: int):
    organizations.delete_organization(get_database(), org_id, actor=_actor())
    return "", 204


@bp.post("/organizations/<id:org_id>/terms")
@operation(
    "Record a cấp ủy term (numbers restart with each term)",
    tags=("organizations",),
    errors=(400, 409, 415, 422),
    request_body=json_body(TermIn),
    responses={201: json_response(TERM)},
)
def add_term(org_id: int):
    return call(organizations.add_term, get_database(), org_id, read_json()), 201


@bp.patch("/organizations/<id:org_id>/terms/<id:term_id>")
@operation(
    "Change a term's name or dates",
    tags=("organizations",),
    errors=(400, 409, 415, 422),
    request_body=json_body(TermIn, changes=True),
    responses={200: json_response(TERM)},
)
def update_term(org_id: int, term_id: int):
    return call(organizations.update_term, get_database(), org_id, term_id, read_json())


@bp.delete("/organizations/<id:org_id>/terms/<id:term_id>")
@operation("Delete a term no number was given in", tags=("organizations",), errors=(409,), responses={204: {}})
def delete_term(org_id: int, term_id: int):
    organizations.delete_term(get_database(), org_id, term_id)
    return "", 204


# The year-end review's summary

_LEVELS_SCHEMA = {
    "type": "object",
    "description": "Per level (HTXSNV, HTTNV, HTNV, KHTNV): count and percentage (Vietnamese, of the members reviewed).",
    "additionalProperties": {"type": "object", "properties": {"count": {"type": "integer"}, "percent": {"type": "string"}}},
}
_TALLY_SCHEMA = {
    "type": "object",
    "required": ["name", "reviewed", "unrated", "levels"],
    "properties": {
        "name": {"type": "string"},
        "reviewed": {"type": "integer"},
        "unrated": {"type": "integer"},
        "levels": _LEVELS_SCHEMA,
    },
}
_STAGE_SCHEMA = {
    "type": "object",
    "required": ["cells", "total", "over_quota"],
    "properties": {
        "cells": {"type": "array", "items": _TALLY_SCHEMA},
        "total": _TALLY_SCHEMA,
        "over_quota": {
            "type": "array",
            "items": {"type": "string"},
            "description": "Chi bộ (and the đảng bộ) with more HTXSNV than the quota allows (Vietnamese).",
        },
    },
}
REVIEW_SUMMARY_SCHEMA = {
    "type": "object",
    "required": ["organization_id", "year", "regime", "summary"],
    "properties": {
        "organization_id": {"type": "integer"},
        "year": {"type": "integer"},
        "regime": {"type": "string"},
        "summary": {
            "type": "object",
            "required": ["proposed", "decided", "not_reviewed"],
            "properties": {
                "proposed": _STAGE_SCHEMA,
                "decided": {
                    "oneOf": [_STAGE_SCHEMA, {"type": "null"}],
                    "description": "null until a decided level is recorded.",
                },
                "not_reviewed": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "properties": {"cell": {"type": "string"}, "name": {"type": "string"}, "reason": {"type": "string"}},
                    },
                },
            },
        },
        "warnings": {"type": "array", "items": {"$ref": "#/components/schemas/Finding"}},
    },
}
YEAR_PARAMETER = {
    "name": "year",
    "in": "query",
    "required": True,
    "description": "The review year.",
    "schema": {"type": "integer", "minimum": 2000, "maximum": 2200},
}


@bp.get("/organizations/<id:org_id>/review-summary")
@operation(
    "The year's ratings of a đảng bộ's chi bộ (or of one chi bộ): per chi bộ and in total, counts and "
    "percentages per level proposed and decided, the HTXSNV quota, members not reviewed with the reason",
    tags=("organizations",),
    errors=(400, 404, 422),
    query=(YEAR_PARAMETER,),
    responses={200: {"content": {"application/json": {"schema": REVIEW_SUMMARY_SCHEMA}}}},
)
def review_summary(org_id: int):
    year = int_arg("year")
    if year is None or not 2000 <= year <= 2200:
        raise ApiError(400, "invalid_year", "Bad Request", "Tham số “year”: phải là năm kiểm điểm, từ 2000 đến 2200.")
    data = call(reviews.summary_input, get_database(), org_id, year, within=auth.caller().organizations)
    prepared = call(pipeline.check, SUMMARY_KIND, data)
    return {
        "organization_id": org_id,
        "year": year,
        "regime": prepared.kind.ruleset(prepared.model),
        "summary": summarize(prepared.model).as_dict(),
        "warnings": [warning.as_dict() for warning in prepared.warnings],
    }
