"""Routes of /api/v1 over the store: organizations, terms, rosters, the number register and the archive.

Each view parses the request and calls one store function with the ids it
works on. The API key's reach (its organization and the levels below it) is
checked for ids in the path before any view runs (auth.py); listings and
bodies naming organizations are narrowed here with `within`.
"""
from __future__ import annotations

import base64
import datetime as dt
import hashlib
import re
from typing import Any

from flask import Blueprint, Flask, Response, request
from werkzeug.routing import IntegerConverter

from service import issuing, pipeline
from service.api import auth
from service.api.errors import ApiError, problem
from service.api.openapi import component, json_body, json_response, operation, query_parameter, row_schema
from service.api.views import read_json
from service.delivery import content_disposition
from service.findings import InputInvalid
from service.kinds.review_summary import summarize
from service.store import archive, organizations, register, reviews
from service.store.db import get_database
from service.store.errors import StoreError
from service.kinds.base import MAX_YEAR, MIN_YEAR, YEARS_PATTERN, number_pattern
from service.store.models import MAX_ID, ArchivedDocument, Member, Organization, RegisterEntry, Term, row_dict
from service.store.schemas import (DOC_TYPE_PATTERN, MemberIn, OrganizationIn, ReservationIn, RevisionIn, TermIn,
                                   parse_valid)
from service.store.storage import MissingFile, get_storage

bp = Blueprint("store", __name__, url_prefix="/api/v1")
SUMMARY_KIND = "tong-hop-xep-loai"
MAX_ID_DIGITS = 9


class IdConverter(IntegerConverter):
    """A row id in a path: a number the database's integer column can hold. The pattern itself stops at
    MAX_ID: a larger number then matches no route (404), where a converter's own refusal after matching made
    Werkzeug answer 405 for the methods of the routes it had matched."""
    regex = number_pattern(1, MAX_ID)


TITLES = {403: "Forbidden", 404: "Not Found", 409: "Conflict", 422: "Unprocessable Content"}
MAX_PAGE = 200
_DIGITS = re.compile(r"[0-9]{1,%d}" % MAX_ID_DIGITS)
_PERIOD = re.compile(r"([0-9]{4})(?:-([0-9]{2}))?")
_DOC_TYPE = re.compile(DOC_TYPE_PATTERN)
PERIOD_PATTERN = f"^{YEARS_PATTERN}(-(0[1-9]|1[0-2]))?$"

# What the routes answer (row_dict of the store's rows) and the query parameters they read.
TERM = component("Term", row_schema(Term))
ORGANIZATION = component("Organization", row_schema(
    Organization, upper={"type": ["string", "null"], "description": "The name printed above it."},
    terms={"type": "array", "items": TERM}))
MEMBER = component("Member", row_schema(Member))
REGISTER_ENTRY = component("RegisterEntry", row_schema(RegisterEntry))
_ARCHIVED = row_schema(ArchivedDocument)
ARCHIVED_WITH_INPUT = component("ArchivedDocumentWithInput", _ARCHIVED)
ARCHIVED = component("ArchivedDocument", {**_ARCHIVED, "required": [k for k in _ARCHIVED["required"] if k != "input"],
                                          "properties": {k: v for k, v in _ARCHIVED["properties"].items()
                                                         if k != "input"}})
DOCX_CONTENT = {pipeline.DOCX_MEDIA_TYPE: {"schema": {"type": "string", "format": "binary"}}}
COUNT = {"type": "integer", "minimum": 0, "maximum": 10**MAX_ID_DIGITS - 1}
FILE_FORMAT = query_parameter("format", {"enum": ["json", "docx"]},
                              "json: metadata (default), docx: the file (or send Accept: DOCX's media type).")


def _invalid(invalid: InputInvalid) -> ApiError:
    return ApiError(422, "validation_failed", "Unprocessable Content",
                    "Dữ liệu chưa hợp lệ; xem danh sách lỗi theo từng trường.", invalid.errors, invalid.warnings)


def _call(function, *args, **kwargs) -> Any:
    try:
        return function(*args, **kwargs)
    except InputInvalid as invalid:
        raise _invalid(invalid) from None


# Organizations and terms

def _actor() -> organizations.Actor:
    caller = auth.caller()
    return organizations.Actor(caller.organization_id, caller.organizations)


@bp.get("/organizations")
@operation("Organizations (đảng bộ, chi bộ), optionally those under one parent", tags=("organizations",), errors=(400,),
           query=(query_parameter("parent_id", COUNT, "Only the organizations directly below this one."),),
           responses={200: json_response({"type": "object", "required": ["organizations"], "properties": {
               "organizations": {"type": "array", "items": ORGANIZATION}}})})
def list_organizations():
    return {"organizations": organizations.list_organizations(get_database(), _int_arg("parent_id"),
                                                              within=auth.caller().organizations)}


@bp.post("/organizations")
@operation("Record an organization below the key's own", tags=("organizations",), errors=(400, 415, 422),
           request_body=json_body(OrganizationIn), responses={201: json_response(ORGANIZATION)})
def create_organization():
    data = read_json()
    if isinstance(data, dict) and data.get("parent_id") is None:
        raise ApiError(403, "parent_required", "Forbidden", "Khóa API chỉ tạo được tổ chức cấp dưới: hãy ghi "
                       "“parent_id” là mã tổ chức của khóa hoặc một tổ chức cấp dưới của nó.")
    return _call(organizations.create_organization, get_database(), data, within=auth.caller().organizations), 201


@bp.get("/organizations/<id:org_id>")
@operation("One organization with its cấp ủy terms", tags=("organizations",),
           responses={200: json_response(ORGANIZATION)})
def show_organization(org_id: int):
    return organizations.get_organization(get_database(), org_id)


@bp.patch("/organizations/<id:org_id>")
@operation("Change an organization; its parent and level only by a key above it, between parents it reaches",
           tags=("organizations",), errors=(400, 415, 422), request_body=json_body(OrganizationIn, changes=True),
           responses={200: json_response(ORGANIZATION)})
def update_organization(org_id: int):
    return _call(organizations.update_organization, get_database(), org_id, read_json(), actor=_actor())


@bp.delete("/organizations/<id:org_id>")
@operation("Delete an organization nothing depends on (by a key above it)", tags=("organizations",),
           errors=(409,), responses={204: {}})
def delete_organization(org_id: int):
    organizations.delete_organization(get_database(), org_id, actor=_actor())
    return "", 204


@bp.post("/organizations/<id:org_id>/terms")
@operation("Record a cấp ủy term (numbers restart with each term)",
           tags=("organizations",), errors=(400, 409, 415, 422), request_body=json_body(TermIn),
           responses={201: json_response(TERM)})
def add_term(org_id: int):
    return _call(organizations.add_term, get_database(), org_id, read_json()), 201


@bp.patch("/organizations/<id:org_id>/terms/<id:term_id>")
@operation("Change a term's name or dates", tags=("organizations",), errors=(400, 409, 415, 422),
           request_body=json_body(TermIn, changes=True), responses={200: json_response(TERM)})
def update_term(org_id: int, term_id: int):
    return _call(organizations.update_term, get_database(), org_id, term_id, read_json())


@bp.delete("/organizations/<id:org_id>/terms/<id:term_id>")
@operation("Delete a term no number was given in", tags=("organizations",), errors=(409,), responses={204: {}})
def delete_term(org_id: int, term_id: int):
    organizations.delete_term(get_database(), org_id, term_id)
    return "", 204


# The year-end review's summary

_LEVELS_SCHEMA = {"type": "object", "description": "Per level (HTXSNV, HTTNV, HTNV, KHTNV): count and percentage "
                                                    "(Vietnamese, of the members reviewed).",
                  "additionalProperties": {"type": "object", "properties": {"count": {"type": "integer"},
                                                                            "percent": {"type": "string"}}}}
_TALLY_SCHEMA = {"type": "object", "required": ["name", "reviewed", "unrated", "levels"], "properties": {
    "name": {"type": "string"}, "reviewed": {"type": "integer"}, "unrated": {"type": "integer"},
    "levels": _LEVELS_SCHEMA}}
_STAGE_SCHEMA = {"type": "object", "required": ["cells", "total", "over_quota"], "properties": {
    "cells": {"type": "array", "items": _TALLY_SCHEMA}, "total": _TALLY_SCHEMA,
    "over_quota": {"type": "array", "items": {"type": "string"},
                   "description": "Chi bộ (and the đảng bộ) with more HTXSNV than the quota allows (Vietnamese)."}}}
REVIEW_SUMMARY_SCHEMA = {"type": "object", "required": ["organization_id", "year", "regime", "summary"], "properties": {
    "organization_id": {"type": "integer"}, "year": {"type": "integer"}, "regime": {"type": "string"},
    "summary": {"type": "object", "required": ["proposed", "decided", "not_reviewed"], "properties": {
        "proposed": _STAGE_SCHEMA, "decided": {"oneOf": [_STAGE_SCHEMA, {"type": "null"}],
                                               "description": "null until a decided level is recorded."},
        "not_reviewed": {"type": "array", "items": {"type": "object", "properties": {
            "cell": {"type": "string"}, "name": {"type": "string"}, "reason": {"type": "string"}}}}}},
    "warnings": {"type": "array", "items": {"$ref": "#/components/schemas/Finding"}}}}
YEAR_PARAMETER = {"name": "year", "in": "query", "required": True, "description": "The review year.",
                  "schema": {"type": "integer", "minimum": 2000, "maximum": 2200}}


@bp.get("/organizations/<id:org_id>/review-summary")
@operation("The year's ratings of a đảng bộ's chi bộ (or of one chi bộ): per chi bộ and in total, counts and "
           "percentages per level proposed and decided, the HTXSNV quota, members not reviewed with the reason",
           tags=("organizations",), errors=(400, 404, 422), query=(YEAR_PARAMETER,),
           responses={200: {"content": {"application/json": {"schema": REVIEW_SUMMARY_SCHEMA}}}})
def review_summary(org_id: int):
    year = _int_arg("year")
    if year is None or not 2000 <= year <= 2200:
        raise ApiError(400, "invalid_year", "Bad Request", "Tham số “year”: phải là năm kiểm điểm, từ 2000 đến 2200.")
    data = _call(reviews.summary_input, get_database(), org_id, year, within=auth.caller().organizations)
    prepared = _call(pipeline.check, SUMMARY_KIND, data)
    return {"organization_id": org_id, "year": year, "regime": prepared.kind.ruleset(prepared.model),
            "summary": summarize(prepared.model).as_dict(),
            "warnings": [warning.as_dict() for warning in prepared.warnings]}


# Rosters

@bp.get("/organizations/<id:org_id>/members")
@operation("The roster of an organization", tags=("members",), errors=(400,),
           query=(query_parameter("active", {"type": "boolean"}, "Only the members who take part (true) or not."),),
           responses={200: json_response({"type": "object", "required": ["members"], "properties": {
               "members": {"type": "array", "items": MEMBER}}})})
def list_members(org_id: int):
    active = request.args.get("active")
    if active not in (None, "true", "false"):
        raise ApiError(400, "invalid_parameter", "Bad Request", "Tham số “active” phải là true hoặc false.")
    flag = None if active is None else active == "true"
    return {"members": organizations.list_members(get_database(), org_id, active=flag)}


@bp.post("/organizations/<id:org_id>/members")
@operation("Add a member to the roster", tags=("members",), errors=(400, 415, 422), request_body=json_body(MemberIn),
           responses={201: json_response(MEMBER)})
def create_member(org_id: int):
    return _call(organizations.create_member, get_database(), org_id, read_json()), 201


@bp.get("/organizations/<id:org_id>/members/<id:member_id>")
@operation("One member", tags=("members",), responses={200: json_response(MEMBER)})
def show_member(org_id: int, member_id: int):
    return organizations.get_member(get_database(), org_id, member_id)


@bp.patch("/organizations/<id:org_id>/members/<id:member_id>")
@operation("Change a member", tags=("members",), errors=(400, 415, 422),
           request_body=json_body(MemberIn, changes=True), responses={200: json_response(MEMBER)})
def update_member(org_id: int, member_id: int):
    return _call(organizations.update_member, get_database(), org_id, member_id, read_json())


@bp.delete("/organizations/<id:org_id>/members/<id:member_id>")
@operation("Remove a member from the roster", tags=("members",), responses={204: {}})
def delete_member(org_id: int, member_id: int):
    organizations.delete_member(get_database(), org_id, member_id)
    return "", 204


# The number register

@bp.get("/organizations/<id:org_id>/register")
@operation("The document-number register of an organization", tags=("register",), errors=(400,),
           query=(query_parameter("doc_type", {"type": "string", "pattern": DOC_TYPE_PATTERN},
                                  "Only the numbers of this document type (NQ, BB, BC…)."),),
           responses={200: json_response({"type": "object", "required": ["entries"], "properties": {
               "entries": {"type": "array", "items": REGISTER_ENTRY}}})})
def list_register(org_id: int):
    doc_type = request.args.get("doc_type")
    if doc_type is not None and not _DOC_TYPE.fullmatch(doc_type):
        raise ApiError(400, "invalid_parameter", "Bad Request", "Tham số “doc_type” phải là ký hiệu loại văn bản "
                                                                "(ví dụ NQ, BB, BC).")
    database = get_database()
    organizations.get_organization(database, org_id)
    with database.read() as session:
        entries = register.entries(session, org_id, doc_type)
        return {"entries": [row_dict(entry) for entry in entries]}


@bp.post("/organizations/<id:org_id>/register")
@operation("Reserve the next number of a document type for a draft",
           tags=("register",), errors=(400, 415, 422), request_body=json_body(ReservationIn),
           responses={201: json_response(REGISTER_ENTRY)})
def reserve_number(org_id: int):
    """Reserve the next number of a document type for a draft: {"doc_type": "NQ", "date": "2026-11-05"}."""
    values = _call(parse_valid, ReservationIn, read_json())
    with get_database().write() as session:
        entry = register.allocate(session, org_id, values.doc_type, values.date, creator=auth.creator(),
                                  reserve=True, note=values.note)
        return row_dict(entry), 201


@bp.post("/organizations/<id:org_id>/register/<id:entry_id>/<any(confirm, cancel):action>")
@operation("Confirm or cancel a reserved number", tags=("register",), errors=(409,),
           responses={200: json_response(REGISTER_ENTRY)})
def settle_number(org_id: int, entry_id: int, action: str):
    status = "confirmed" if action == "confirm" else "cancelled"
    with get_database().write() as session:
        return row_dict(register.settle(session, org_id, entry_id, status))


# The archive


def document_metadata(record: ArchivedDocument, *, with_input: bool = False) -> dict:
    data = row_dict(record)
    if not with_input:
        data.pop("input")
    return data


@bp.get("/documents")
@operation("Archived documents, newest first (filters: kind, organization_id, period, q, number, status)",
           tags=("archive",), errors=(400,), query=(
               query_parameter("kind", {"type": "string"}, "Only documents of this kind."),
               query_parameter("organization_id", COUNT, "Only this organization's documents."),
               query_parameter("period", {"type": "string", "pattern": PERIOD_PATTERN},
                               "A year (2026) or a month (2026-11) of the document date."),
               query_parameter("q", {"type": "string", "maxLength": 200},
                               "Text found in the file name or the recorded input."),
               query_parameter("number", COUNT, "Only documents with this number."),
               query_parameter("status", {"enum": ["draft", "issued", "sent"]}, "Only documents in this state."),
               query_parameter("limit", COUNT, f"At most this many (default 50, never more than {MAX_PAGE})."),
               query_parameter("offset", COUNT, "Skip this many first.")),
           responses={200: json_response({"type": "object", "required": ["documents"], "properties": {
               "documents": {"type": "array", "items": ARCHIVED}}})})
def list_documents():
    start, end = _period(request.args.get("period"))
    limit = min(_int_arg("limit") or 50, MAX_PAGE)
    records = archive.find_documents(get_database(), organization_id=_int_arg("organization_id"),
                                     kind=request.args.get("kind"), start=start, end=end, limit=limit,
                                     offset=_int_arg("offset") or 0, within=auth.caller().organizations,
                                     text=_text_arg("q"), number=_int_arg("number"), status=_status_arg())
    return {"documents": [document_metadata(record) for record in records]}


@bp.get("/documents/<id:document_id>")
@operation("An archived document: metadata and input as JSON, or the DOCX file (405: an id that is not a number "
           "names the route that creates documents)", tags=("archive",),
           errors=(405, 406, 409), query=(FILE_FORMAT,),
           responses={200: {"content": {"application/json": {"schema": ARCHIVED_WITH_INPUT}, **DOCX_CONTENT}}})
def show_document(document_id: int):
    record = archive.get_document(get_database(), document_id)
    if not _wants_file():
        return document_metadata(record, with_input=True)
    return _file(record, _stored(record.output_sha256))


@bp.post("/documents/<id:document_id>/issue")
@operation("Issue a draft (\"Ban hành\"): the final document, numbered by the register; the draft is removed",
           tags=("archive",), errors=(409, 422), responses={201: json_response(ARCHIVED)})
def issue_draft(document_id: int):
    record = archive.get_document(get_database(), document_id)
    try:
        issued, = issuing.issue_drafts(get_database(), get_storage(), [document_id], creator=auth.creator(),
                                       organization_id=record.organization_id)
    except InputInvalid as invalid:
        raise _invalid(invalid) from None
    return document_metadata(issued.record), 201


def _revision(document_id: int, *, replace: bool):
    body = read_json()
    reason = _call(parse_valid, RevisionIn, body).reason
    try:
        issued = issuing.correct(get_database(), get_storage(), document_id, body["input"], reason=reason,
                                 creator=auth.creator(), replace=replace, within=auth.caller().organizations)
    except InputInvalid as invalid:
        raise _invalid(invalid) from None
    return document_metadata(issued.record), 201


@bp.post("/documents/<id:document_id>/corrections")
@operation("Correct an issued document not yet sent: a new revision under the same number, with its reason; "
           "the earlier revision stays", tags=("archive",), errors=(400, 409, 415, 422),
           request_body=json_body(RevisionIn), responses={201: json_response(ARCHIVED)})
def correct_document(document_id: int):
    return _revision(document_id, replace=False)


@bp.post("/documents/<id:document_id>/replacements")
@operation("Replace a document already sent: a new document with a new number that names the one it replaces",
           tags=("archive",), errors=(400, 409, 415, 422), request_body=json_body(RevisionIn),
           responses={201: json_response(ARCHIVED)})
def replace_document(document_id: int):
    return _revision(document_id, replace=True)


@bp.post("/documents/<id:document_id>/sent")
@operation("Mark an issued document as sent (\"đã gửi\"): from then on only a replacement may follow",
           tags=("archive",), errors=(409,), responses={200: json_response(ARCHIVED)})
def mark_sent(document_id: int):
    return document_metadata(archive.mark_sent(get_database(), document_id, within=auth.caller().organizations))


@bp.delete("/documents/<id:document_id>")
@operation("Remove a draft; documents issued are kept for good (409)", tags=("archive",), errors=(409,),
           responses={204: {}})
def delete_draft(document_id: int):
    archive.remove_draft(get_database(), document_id, within=auth.caller().organizations)
    return "", 204


@bp.post("/documents/<id:document_id>/regenerate")
@operation("Rebuild an archived document from its input and template; byte-identical",
           tags=("archive",), errors=(406, 409), query=(FILE_FORMAT,),
           responses={200: {"content": {"application/json": {"schema": {
               "type": "object", "required": ["id", "identical", "sha256", "content_base64"], "properties": {
                   "id": {"type": "integer"}, "identical": {"type": "boolean"}, "sha256": {"type": "string"},
                   "content_base64": {"type": "string", "contentEncoding": "base64"}}}}, **DOCX_CONTENT},
                            "headers": {"X-Document-Identical": {"schema": {"enum": ["true", "false"]},
                                                                 "description": "With the DOCX file."}}}})
def regenerate_document(document_id: int):
    """Rebuild from the archived input, profile and template; says whether the bytes are the ones issued."""
    try:
        record, document = issuing.regenerate(get_database(), get_storage(), document_id)
    except MissingFile:
        raise ApiError(409, "archive_file_missing", "Conflict",
                       "Không tìm thấy tệp mẫu đã lưu của văn bản này trong kho lưu trữ.") from None
    except InputInvalid as invalid:
        raise ApiError(409, "regenerate_failed", "Conflict", "Dữ liệu đã lưu không còn hợp lệ theo quy định "
                       "hiện hành nên không thể tạo lại văn bản.", invalid.errors, invalid.warnings) from None
    identical = document.sha256 == record.output_sha256
    if not _wants_file():
        return {"id": record.id, "identical": identical, "sha256": document.sha256,
                "content_base64": base64.b64encode(document.content).decode("ascii")}
    response = _file(record, document.content)
    response.headers["X-Document-Identical"] = "true" if identical else "false"
    return response


@bp.post("/documents/verify")
@operation("Whether an uploaded DOCX is a document issued here (SHA-256 lookup)", tags=("archive",), errors=(400,),
           request_body={"required": True, "description": "The DOCX file itself, byte for byte.",
                         "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}},
                                     pipeline.DOCX_MEDIA_TYPE: {"schema": {"type": "string", "format": "binary"}}}},
           responses={200: json_response({"type": "object", "required": ["issued", "sha256", "documents"],
                                          "properties": {"issued": {"type": "boolean"}, "sha256": {"type": "string"},
                                                         "documents": {"type": "array", "items": ARCHIVED}}})})
@auth.read_only
def verify_document():
    """Whether the uploaded DOCX (the request body, byte for byte) is a document issued here, by the key's
    organization or one below it."""
    content = request.get_data(cache=False)
    if not content:
        raise ApiError(400, "empty_body", "Bad Request", "Hãy gửi tệp DOCX cần kiểm tra trong nội dung yêu cầu.")
    reach = auth.caller().organizations
    records = [record for record in archive.issued_as(get_database(), content) if record.organization_id in reach]
    return {"issued": bool(records), "sha256": hashlib.sha256(content).hexdigest(),
            "documents": [document_metadata(record) for record in records]}


def _stored(sha256: str) -> bytes:
    try:
        return get_storage().get(sha256)
    except MissingFile:
        raise ApiError(409, "archive_file_missing", "Conflict",
                       "Không tìm thấy tệp của văn bản này trong kho lưu trữ.") from None


def _file(record: ArchivedDocument, content: bytes) -> Response:
    response = Response(content, mimetype=pipeline.DOCX_MEDIA_TYPE)
    response.headers["Content-Disposition"] = content_disposition(record.filename)
    response.headers["X-Document-SHA256"] = record.output_sha256
    return response


def _wants_file() -> bool:
    """The DOCX itself for ?format=docx or an Accept header preferring it; metadata as JSON otherwise."""
    if "format" in request.args:
        if request.args["format"] not in ("json", "docx"):
            raise ApiError(406, "not_acceptable", "Not Acceptable",
                           "Tham số “format” chỉ nhận json (thông tin) hoặc docx (tệp văn bản).")
        return request.args["format"] == "docx"
    return request.accept_mimetypes.best == pipeline.DOCX_MEDIA_TYPE


def _int_arg(name: str) -> int | None:
    value = request.args.get(name)
    if value is None:
        return None
    if not _DIGITS.fullmatch(value):
        raise ApiError(400, "invalid_parameter", "Bad Request", f"Tham số “{name}” phải là số nguyên không âm.")
    return int(value)


def _text_arg(name: str) -> str | None:
    value = request.args.get(name)
    if value is not None and len(value) > 200:
        raise ApiError(400, "invalid_parameter", "Bad Request", f"Tham số “{name}” dài quá 200 ký tự.")
    return value


def _status_arg() -> str | None:
    value = request.args.get("status")
    if value is not None and value not in ("draft", "issued", "sent"):
        raise ApiError(400, "invalid_parameter", "Bad Request",
                       "Tham số “status” chỉ nhận draft (dự thảo), issued (đã ban hành) hoặc sent (đã gửi).")
    return value


def _period(value: str | None) -> tuple[dt.date | None, dt.date | None]:
    """"2026" or "2026-11" as the first and last day it covers."""
    if value is None:
        return None, None
    match = _PERIOD.fullmatch(value)
    month = int(match.group(2)) if match and match.group(2) else None
    if not match or (month is not None and not 1 <= month <= 12) or not MIN_YEAR <= int(match.group(1)) <= MAX_YEAR:
        raise ApiError(400, "invalid_parameter", "Bad Request", "Tham số “period” phải là năm (2026) hoặc tháng "
                                                                f"(2026-11), từ năm {MIN_YEAR} đến năm {MAX_YEAR}.")
    year = int(match.group(1))
    if month is None:
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return dt.date(year, month, 1), following - dt.timedelta(days=1)


def init_app(app: Flask) -> None:
    app.url_map.converters["id"] = IdConverter
    app.register_blueprint(bp)

    @app.errorhandler(StoreError)
    def handle_store_error(error: StoreError):
        return problem(error.status, error.code, TITLES[error.status], error.message)
