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
from service.api.errors import ApiError
from service.formats.checker import CannotCheck, check_docx

bp = Blueprint("check", __name__, url_prefix="/api/v1")


@bp.post("/check")
@auth.read_only
def check():
    if request.mimetype != "multipart/form-data":
        raise ApiError(415, "unsupported_media_type", "Unsupported Media Type",
                       "Tệp phải được gửi dạng multipart/form-data, trong trường “file”.")
    upload = request.files.get("file")
    if upload is None:
        raise ApiError(400, "file_missing", "Bad Request", "Thiếu tệp cần kiểm tra trong trường “file”.")
    profile_id = request.args.get("profile") or request.form.get("profile") or None
    try:
        report = check_docx(upload.read(), profile_id)
    except CannotCheck as refused:
        if refused.too_large:
            raise ApiError(413, refused.code, "Payload Too Large", refused.message)
        raise ApiError(422, refused.code, "Unprocessable Content", refused.message)
    return report.as_dict()
