"""GET /api/v1/organizations/<id>/statistics: how the chi bộ of an organization meet, as JSON, as the XLSX of the
figures, or as the quarterly report (DOCX) — the figures of service/store/statistics.py in every form.

The key's reach is checked by auth.py before the view runs (an organization outside it is a 404)."""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, Response, current_app, request

from service import pipeline
from service.api import auth
from service.api.errors import ApiError
from service.api.openapi import operation, query_parameter
from service.api.views import content_disposition
from service.findings import InputInvalid
from service.stats import report
from service.stats.xlsx import XLSX_MEDIA_TYPE, workbook_bytes
from service.store import statistics
from service.store.db import get_database
from service.store.statistics import Period, PeriodInvalid

bp = Blueprint("statistics", __name__, url_prefix="/api/v1")
OFFERS = {"application/json": "json", XLSX_MEDIA_TYPE: "xlsx", pipeline.DOCX_MEDIA_TYPE: "docx"}

_COUNT = {"type": "integer", "minimum": 0}
_NUMBER_OR_NULL = {"type": ["number", "null"]}
FIGURES = {
    "type": "object",
    "properties": {
        "sittings": {**_COUNT, "description": "Regular sittings (monthly, or combined with a thematic one)."},
        "thematic": {**_COUNT, "description": "Thematic sittings (alone or combined)."},
        "dates": {"type": "array", "items": {"type": "string", "format": "date"}},
        "average_minutes": {"type": ["integer", "null"]},
        "present_official": _COUNT,
        "summoned_official": _COUNT,
        "attendance_percent": {**_NUMBER_OR_NULL, "description": "present_official / summoned_official × 100."},
        "upper_level_guests": _COUNT,
        "ho_chi_minh_items": _COUNT,
        "average_quality": {**_NUMBER_OR_NULL, "description": "Mean self-score on the 100-point sheet, when recorded."},
        "resolutions": _COUNT,
    },
}
RATINGS = {
    "type": "object",
    "additionalProperties": _COUNT,
    "description": "Members per level (HTXSNV, HTTNV, HTNV, KHTNV): decided, else proposed.",
}
STATISTICS_SCHEMA = {
    "type": "object",
    "required": ["organization", "period", "cells", "total", "alerts"],
    "properties": {
        "organization": {"type": "object"},
        "period": {
            "type": "object",
            "properties": {
                "from": {"type": "string", "format": "date"},
                "to": {"type": "string", "format": "date"},
                "title": {"type": "string"},
            },
        },
        "attendance_threshold_percent": {"type": "number"},
        "cells": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "id": {"type": "integer"},
                    "name": {"type": "string"},
                    "months": {"type": "object", "additionalProperties": FIGURES, "description": "Keyed YYYY-MM."},
                    "quarters": {
                        "type": "object",
                        "description": "Keyed YYYY-Qn: quarters wholly inside the period.",
                        "additionalProperties": {
                            "type": "object",
                            "properties": {"thematic_done": _COUNT, "thematic_planned": _COUNT},
                        },
                    },
                    "total": FIGURES,
                    "ratings": RATINGS,
                },
            },
        },
        "total": FIGURES,
        "ratings_year": {"type": ["integer", "null"]},
        "ratings_total": RATINGS,
        "alerts": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "organization_id": {"type": "integer"},
                    "cell": {"type": "string"},
                    "code": {
                        "enum": [
                            "no_sitting",
                            "no_thematic_sitting",
                            "planned_topic_overdue",
                            "low_attendance",
                            "sitting_too_short",
                        ]
                    },
                    "when": {"type": "string"},
                    "message": {"type": "string"},
                    "document_id": {"type": ["integer", "null"], "description": "The archived minutes the alert is about."},
                },
            },
        },
    },
}
BOUND = {"type": "string", "pattern": r"^[0-9]{4}-([0-9]{2}(-[0-9]{2})?|Q[1-4])$"}
QUERY = (
    query_parameter(
        "from",
        BOUND,
        "First day: YYYY-MM-DD, or a month (YYYY-MM) or quarter (YYYY-Qn) from its first "
        "day. Default: 1 January of the year of `to`.",
    ),
    query_parameter(
        "to",
        BOUND,
        "Last day: YYYY-MM-DD, or a month or quarter to its last day. Default: the end of the year of `from`, else today.",
    ),
    query_parameter(
        "format",
        {"enum": list(OFFERS.values())},
        "What to answer, else the Accept header (JSON by default); docx: the quarterly report, for a "
        "period of exactly one quarter.",
    ),
)
_BINARY = {"schema": {"type": "string", "format": "binary"}}


@bp.get("/organizations/<id:org_id>/statistics")
@operation(
    "How the chi bộ of an organization (itself when it is one) meet over a period: per chi bộ and month the "
    "sittings, duration, attendance, guests from the upper level, the Hồ Chí Minh item, the quality "
    "self-score and resolutions; thematic sittings per quarter against the yearly plan; year-end ratings; "
    "alerts",
    tags=("organizations",),
    errors=(400, 404, 406, 422),
    query=QUERY,
    responses={
        200: {
            "content": {
                "application/json": {"schema": STATISTICS_SCHEMA},
                XLSX_MEDIA_TYPE: _BINARY,
                pipeline.DOCX_MEDIA_TYPE: _BINARY,
            }
        }
    },
)
def organization_statistics(org_id: int):
    wants = _wants()
    try:
        period = Period.parsed(request.args.get("from"), request.args.get("to"), dt.date.today())
        if wants == "docx":
            report.quarter(period)
    except PeriodInvalid as invalid:
        raise ApiError(400, invalid.code, "Bad Request", invalid.message) from None
    percent = current_app.config["ATTENDANCE_ALERT_PERCENT"]
    stats = statistics.compute(get_database(), org_id, period, threshold=percent / 100, within=auth.caller().organizations)
    if wants == "json":
        return stats.as_dict()
    if wants == "xlsx":
        return _file(workbook_bytes(stats), XLSX_MEDIA_TYPE, f"Số liệu sinh hoạt chi bộ {period.title()}.xlsx")
    try:
        document = report.document(stats, percent)
    except InputInvalid as invalid:
        raise ApiError(
            422,
            "validation_failed",
            "Unprocessable Content",
            "Không lập được báo cáo quý.",
            invalid.errors,
            invalid.warnings,
        ) from None
    return _file(document.content, pipeline.DOCX_MEDIA_TYPE, document.filename)


def _wants() -> str:
    if "format" in request.args:
        wanted = request.args["format"]
    elif not request.accept_mimetypes.provided:
        wanted = "json"
    else:
        wanted = OFFERS.get(request.accept_mimetypes.best_match(list(OFFERS)) or "", "")
    if wanted not in OFFERS.values():
        raise ApiError(
            406, "not_acceptable", "Not Acceptable", "Số liệu thống kê có dạng JSON (mặc định), XLSX hoặc báo cáo quý DOCX."
        )
    return wanted


def _file(content: bytes, media_type: str, filename: str) -> Response:
    response = Response(content, mimetype=media_type)
    response.headers["Content-Disposition"] = content_disposition(filename)
    return response
