"""POST /api/v1/check: upload any DOCX (multipart, field "file") and get the conformance report as JSON.

The answer is 200 whenever the document could be judged, even when it breaks
the rules: the request succeeded and `ok` says whether the document passes.
Uploads that cannot be judged get a problem: 400 without a file, 413 when too
large, 415 when not multipart, 422 when the file is not a readable DOCX or the
profile does not exist.
"""
from __future__ import annotations

from flask import Blueprint, request

from service.api import auth
from service.api.openapi import json_response, operation, query_parameter
from service.api.uploads import refused, uploaded_file
from service.formats.profiles import all_profiles
from service.formats.checker import CannotCheck, check_docx

bp = Blueprint("check", __name__, url_prefix="/api/v1")


PROFILES = [profile.id for profile in all_profiles()]
CHECK_BODY = {"required": True, "content": {"multipart/form-data": {"schema": {
    "type": "object", "required": ["file"],
    "properties": {"file": {"type": "string", "format": "binary", "description": "The DOCX to check."},
                   "profile": {"enum": PROFILES, "description": "Default: the one the document's date calls for."}}}}}}
REPORT = {"type": "object", "required": ["profile", "ok", "findings"], "properties": {
    "profile": {"type": "string"}, "ok": {"type": "boolean", "description": "No error found."},
    "findings": {"type": "array", "items": {"type": "object"}}}}


@bp.post("/check")
@operation("Check a DOCX against the layout rules (200 with ok=false when it breaks them)", tags=("check",),
           request_body=CHECK_BODY, responses={200: json_response(REPORT)}, errors=(400, 415, 422),
           query=(query_parameter("profile", {"enum": PROFILES}, "As the form field “profile”."),))
@auth.read_only
def check():
    upload = uploaded_file("Thiếu tệp cần kiểm tra trong trường “file”.")
    profile_id = request.args.get("profile") or request.form.get("profile") or None
    try:
        report = check_docx(upload.read(), profile_id)
    except CannotCheck as cannot:
        raise refused(cannot)
    return report.as_dict()
