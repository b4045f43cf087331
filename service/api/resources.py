"""What the API's store resources share (organizations, members, register, archive): their blueprint, the id
converter, the row schemas, query parameters and the store's errors as problems.

Each view parses the request and calls one store function with the ids it
works on. The API key's reach (its organization and the levels below it) is
checked for ids in the path before any view runs (auth.py); listings and
bodies naming organizations are narrowed with `within`.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from flask import Blueprint, Flask, request
from werkzeug.routing import IntegerConverter

from service import pipeline
from service.api.errors import ApiError, problem
from service.api.openapi import component, query_parameter, row_schema
from service.findings import InputInvalid
from service.kinds.base import MAX_YEAR, MIN_YEAR, YEARS_PATTERN, number_pattern
from service.store.errors import StoreError
from service.store.models import MAX_ID, ArchivedDocument, Member, Organization, RegisterEntry, Term
from service.store.schemas import DOC_TYPE_PATTERN

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
DOC_TYPE = re.compile(DOC_TYPE_PATTERN)
PERIOD_PATTERN = f"^{YEARS_PATTERN}(-(0[1-9]|1[0-2]))?$"

# What the routes answer (row_dict of the store's rows) and the query parameters they read.
TERM = component("Term", row_schema(Term))
ORGANIZATION = component(
    "Organization",
    row_schema(
        Organization,
        upper={"type": ["string", "null"], "description": "The name printed above it."},
        terms={"type": "array", "items": TERM},
    ),
)
MEMBER = component("Member", row_schema(Member))
REGISTER_ENTRY = component("RegisterEntry", row_schema(RegisterEntry))
_ARCHIVED = row_schema(ArchivedDocument)
ARCHIVED_WITH_INPUT = component("ArchivedDocumentWithInput", _ARCHIVED)
ARCHIVED = component(
    "ArchivedDocument",
    {
        **_ARCHIVED,
        "required": [k for k in _ARCHIVED["required"] if k != "input"],
        "properties": {k: v for k, v in _ARCHIVED["properties"].items() if k != "input"},
    },
)
DOCX_CONTENT = {pipeline.DOCX_MEDIA_TYPE: {"schema": {"type": "string", "format": "binary"}}}
COUNT = {"type": "integer", "minimum": 0, "maximum": 10**MAX_ID_DIGITS - 1}
FILE_FORMAT = query_parameter(
    "format", {"enum": ["json", "docx"]}, "json: metadata (default), docx: the file (or send Accept: DOCX's media type)."
)


def invalid_input(invalid: InputInvalid) -> ApiError:
    return ApiError(
        422,
        "validation_failed",
        "Unprocessable Content",
        "Dữ liệu chưa hợp lệ; xem danh sách lỗi theo từng trường.",
        invalid.errors,
        invalid.warnings,
    )


def call(function, *args, **kwargs) -> Any:
    try:
        return function(*args, **kwargs)
    except InputInvalid as invalid:
        raise invalid_input(invalid) from None


def int_arg(name: str) -> int | None:
    value = request.args.get(name)
    if value is None:
        return None
    if not _DIGITS.fullmatch(value):
        raise ApiError(400, "invalid_parameter", "Bad Request", f"Tham số “{name}” phải là số nguyên không âm.")
    return int(value)


def period(value: str | None) -> tuple[dt.date | None, dt.date | None]:
    """ "2026" or "2026-11" as the first and last day it covers."""
    if value is None:
        return None, None
    match = _PERIOD.fullmatch(value)
    month = int(match.group(2)) if match and match.group(2) else None
    if not match or (month is not None and not 1 <= month <= 12) or not MIN_YEAR <= int(match.group(1)) <= MAX_YEAR:
        raise ApiError(
            400,
            "invalid_parameter",
            "Bad Request",
            f"Tham số “period” phải là năm (2026) hoặc tháng (2026-11), từ năm {MIN_YEAR} đến năm {MAX_YEAR}.",
        )
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
