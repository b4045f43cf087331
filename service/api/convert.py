"""POST /api/v1/convert: upload an old DOCX typed in TCVN3, VNI or VISCII fonts, get it back in Unicode.

The answer is the converted DOCX; the header X-Conversion-Report says what was
done (runs decoded per encoding, runs already in Unicode, legacy fonts replaced,
macros and links to remote templates removed).
Uploads that cannot be converted get a problem: 400 without a file, 413 when too
large, 415 when not multipart, 422 when the file is not a safe, readable DOCX.
"""

from __future__ import annotations

from flask import Blueprint, Response

from service.api import auth, headers
from service.api.openapi import operation
from service.api.uploads import refused, uploaded_file
from service.delivery import content_disposition
from service.legacy_encodings.docx import convert_docx, converted_filename
from service.pipeline import DOCX_MEDIA_TYPE
from service.safety.packages import UnsafePackage

bp = Blueprint("convert", __name__, url_prefix="/api/v1")
# Each list of the report header (fonts replaced, parts removed): the header stays well under 8 KB.
REPORT_LIST_BYTES = 2048

UPLOAD_BODY = {
    "required": True,
    "content": {
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "required": ["file"],
                "properties": {"file": {"type": "string", "format": "binary", "description": "The DOCX to convert."}},
            }
        }
    },
}
CONVERTED_RESPONSES = {
    200: {
        "content": {DOCX_MEDIA_TYPE: {"schema": {"type": "string", "format": "binary"}}},
        "headers": {
            "Content-Disposition": {
                "schema": {"type": "string"},
                "description": "The uploaded name with -unicode, in filename*.",
            },
            "X-Conversion-Report": {
                "schema": {"type": "string"},
                "description": (
                    "JSON (ASCII-escaped) {runs: {encoding: count}, unicode_runs, fonts, removed: [{kind, part}]}: "
                    "runs decoded per encoding, legacy fonts replaced, macros and links to remote templates "
                    "removed. A list longer than 2 KB keeps its first items, with fonts_total or "
                    "removed_total beside it."
                ),
            },
        },
    },
}


@bp.post("/convert")
@operation(
    "Convert a DOCX typed in legacy Vietnamese fonts to Unicode",
    tags=("convert",),
    request_body=UPLOAD_BODY,
    responses=CONVERTED_RESPONSES,
    errors=(400, 415, 422),
)
@auth.read_only
def convert():
    upload = uploaded_file("Thiếu tệp cần chuyển mã trong trường “file”.")
    try:
        converted = convert_docx(upload.read())
    except UnsafePackage as refusal:
        raise refused(refusal)
    response = Response(converted.content, mimetype=DOCX_MEDIA_TYPE)
    response.headers["Content-Disposition"] = content_disposition(converted_filename(upload.filename or ""))
    response.headers["X-Conversion-Report"] = headers.report(converted.report.as_dict(), REPORT_LIST_BYTES)
    return response
