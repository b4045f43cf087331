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
from service.api.uploads import refused, uploaded_file
from service.formats.checker import CannotCheck, check_docx

bp = Blueprint("check", __name__, url_prefix="/api/v1")


@bp.post("/check")
@auth.read_only
def check():
    upload = uploaded_file("Thiếu tệp cần kiểm tra trong trường “file”.")
    profile_id = request.args.get("profile") or request.form.get("profile") or None
    try:
        report = check_docx(upload.read(), profile_id)
    except CannotCheck as cannot:
        raise refused(cannot)
    return report.as_dict()
