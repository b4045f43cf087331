"""Errors as RFC 9457 problem details: a stable English `code`, an English `title`, a Vietnamese
`detail`, and the field errors (JSON pointer + Vietnamese message)."""

from __future__ import annotations

from typing import Iterable, Mapping

from flask import Flask, Response, current_app, json, request
from werkzeug.exceptions import HTTPException

from service.findings import Finding

PROBLEM_TYPE = "application/problem+json"

# Vietnamese details for the HTTP errors Flask raises on its own.
_HTTP_DETAILS = {
    400: ("bad_request", "Yêu cầu không hợp lệ."),
    404: ("not_found", "Không tìm thấy địa chỉ yêu cầu."),
    405: ("method_not_allowed", "Phương thức HTTP không được hỗ trợ cho địa chỉ này."),
    406: ("not_acceptable", "Không thể trả về định dạng được yêu cầu."),
    413: ("payload_too_large", "Dữ liệu gửi lên vượt quá dung lượng cho phép."),
    415: ("unsupported_media_type", "Kiểu dữ liệu gửi lên không được hỗ trợ."),
}


class ApiError(Exception):
    def __init__(
        self,
        status: int,
        code: str,
        title: str,
        detail: str,
        errors: Iterable[Finding] = (),
        warnings: Iterable[Finding] = (),
        headers: Mapping[str, str] | None = None,
    ):
        super().__init__(detail)
        self.status, self.code, self.title, self.detail = status, code, title, detail
        self.errors, self.warnings = list(errors), list(warnings)
        # What the status needs beside the body: WWW-Authenticate with 401, Retry-After with 429.
        self.headers = dict(headers or {})


def problem(
    status: int, code: str, title: str, detail: str, errors: Iterable[Finding] = (), warnings: Iterable[Finding] = ()
) -> Response:
    body = {
        "type": "about:blank",
        "status": status,
        "code": code,
        "title": title,
        "detail": detail,
        "errors": [e.as_dict() for e in errors],
        "warnings": [w.as_dict() for w in warnings],
    }
    return Response(json.dumps(body, ensure_ascii=False), status=status, mimetype=PROBLEM_TYPE)


def init_app(app: Flask) -> None:
    @app.errorhandler(ApiError)
    def handle_api_error(error: ApiError):
        response = problem(error.status, error.code, error.title, error.detail, error.errors, error.warnings)
        response.headers.update(error.headers)
        return response

    @app.errorhandler(HTTPException)
    def handle_http_error(error: HTTPException):
        if not request.path.startswith("/api/"):
            # A page address: the web's Vietnamese error page when the web pages are part of the app.
            page = current_app.extensions.get("web.error_page")
            return page(error) if page is not None else error
        code, detail = _HTTP_DETAILS.get(error.code, ("http_error", "Yêu cầu không thể xử lý."))
        response = problem(error.code, code, error.name, detail)
        if error.code == 405 and error.valid_methods:
            response.headers["Allow"] = ", ".join(error.valid_methods)
        return response
