"""File uploads to the API: one multipart field "file", and the problems for files that are refused."""

from __future__ import annotations

from typing import Protocol

from flask import request
from werkzeug.datastructures import FileStorage

from service.api.errors import ApiError


class Refusal(Protocol):
    """What the readers of untrusted files raise (service.safety.packages.UnsafePackage and its kin)."""

    code: str
    message: str
    too_large: bool


def uploaded_file(missing: str) -> FileStorage:
    """The upload in the multipart field "file"; `missing` is the Vietnamese detail when there is none."""
    if request.mimetype != "multipart/form-data":
        raise ApiError(
            415,
            "unsupported_media_type",
            "Unsupported Media Type",
            "Tệp phải được gửi dạng multipart/form-data, trong trường “file”.",
        )
    upload = request.files.get("file")
    if upload is None:
        raise ApiError(400, "file_missing", "Bad Request", missing)
    return upload


def refused(refusal: Refusal) -> ApiError:
    """413 for a file too large to open, 422 for any other file that cannot be read."""
    if refusal.too_large:
        return ApiError(413, refusal.code, "Payload Too Large", refusal.message)
    return ApiError(422, refusal.code, "Unprocessable Content", refusal.message)
