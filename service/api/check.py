"""POST /api/v1/check: upload any DOCX (multipart, field "file") and get the conformance report as JSON.

The answer is 200 whenever the document could be judged, even when it breaks
the rules: the request succeeded and `ok` says whether the document passes.
The printed page is judged too (the app's LibreOffice pool prints it to PDF)
unless `render=false`; without LibreOffice the report says the page was not
judged. Uploads that cannot be judged get a problem: 400 without a file, 413
when too large, 415 when not multipart, 422 when the file is not a readable
DOCX, the profile does not exist or `render` is not true/false.
"""

from __future__ import annotations

from flask import Blueprint, current_app, request

from service.api import auth
from service.api.errors import ApiError
from service.api.openapi import operation, query_parameter
from service.api.uploads import refused, uploaded_file
from service.findings import Finding
from service.formats.checker import CannotCheck, check_many
from service.formats.profiles import all_profiles
from service.render import pdf

bp = Blueprint("check", __name__, url_prefix="/api/v1")

_BOOLEAN = {"true": True, "false": False}
PROFILES = [profile.id for profile in all_profiles()]
CHECK_BODY = {
    "required": True,
    "content": {
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "required": ["file"],
                "properties": {
                    "file": {"type": "string", "format": "binary", "description": "The DOCX to check."},
                    "profile": {
                        "enum": PROFILES,
                        "description": "Format profile; default by the document's date. Also accepted as a query parameter.",
                    },
                    "render": {
                        "enum": ["true", "false"],
                        "default": "true",
                        "description": "Judge the printed page too (LibreOffice); also accepted as a query parameter.",
                    },
                },
            }
        }
    },
}
CHECK_RESPONSES = {
    200: {
        "content": {
            "application/json": {
                "schema": {
                    "type": "object",
                    "required": ["profile", "ok", "rendered", "findings", "not_judged"],
                    "properties": {
                        "profile": {"type": "string"},
                        "profile_choice": {"enum": ["option", "date", "newest"]},
                        "profile_reason": {"type": "string"},
                        "ok": {"type": "boolean"},
                        "rendered": {"type": "boolean", "description": "Whether the printed page was judged."},
                        "pages": {"type": ["integer", "null"]},
                        "findings": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "description": "severity, code, where {paragraph, table, cell, section, excerpt, page, x_mm, y_mm}, "
                                "expected, found, message (Vietnamese), rule (the rule it enforces, Vietnamese)",
                            },
                        },
                        "not_judged": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "description": "code and Vietnamese message: what could not be checked",
                            },
                        },
                    },
                }
            }
        }
    }
}


@bp.post("/check")
@operation(
    "Check a DOCX against the Party format rules, on the printed page too",
    tags=("check",),
    request_body=CHECK_BODY,
    responses=CHECK_RESPONSES,
    errors=(400, 413, 415, 422),
    query=(
        query_parameter("profile", {"enum": PROFILES}, "As the form field “profile”."),
        query_parameter("render", {"enum": ["true", "false"]}, "As the form field “render”."),
    ),
)
@auth.read_only
def check():
    upload = uploaded_file("Thiếu tệp cần kiểm tra trong trường “file”.")
    profile_id = request.args.get("profile") or request.form.get("profile") or None
    render = _render_option()
    pool = pdf.pool_for(current_app) if render else None
    result = check_many([upload.read()], profile_id, pool, render=render)[0]
    if isinstance(result, CannotCheck):
        raise refused(result)
    return result.as_dict()


def _render_option() -> bool:
    value = request.args.get("render", request.form.get("render", "true"))
    if value.strip().lower() not in _BOOLEAN:
        message = f"Trường “render” chỉ nhận true hoặc false, không nhận “{value[:20]}”."
        raise ApiError(
            422, "invalid_render", "Unprocessable Content", message, [Finding("/render", "invalid_render", message)]
        )
    return _BOOLEAN[value.strip().lower()]
