"""The one blueprint of the web pages; each module in views/ adds the routes of one resource."""

from __future__ import annotations

import datetime as dt
from typing import Callable

from flask import Blueprint, current_app, render_template, request, url_for
from werkzeug.exceptions import HTTPException

from service.vietnamese.dates import slash_date
from service.web import auth, csrf

bp = Blueprint("web", __name__, template_folder="templates", static_folder="static", static_url_path="/assets")

# View function → the largest body it takes, when an upload is larger than a form (a whole đảng bộ's roster).
_BODY_LIMITS: dict[Callable, Callable[[], int]] = {}


def body_limit(limit: Callable[[], int]) -> Callable[[Callable], Callable]:
    """Decorate a view: its request body may be up to limit() bytes instead of MAX_CONTENT_LENGTH."""

    def register(view: Callable) -> Callable:
        _BODY_LIMITS[view] = limit
        return view

    return register


def _limit_body() -> None:
    # Before the CSRF check, which is the first to read the form.
    limit = _BODY_LIMITS.get(current_app.view_functions.get(request.endpoint or ""))
    if limit is not None:
        request.max_content_length = limit()


# In this order: who is asking (or the way to the login page), how large a body the view takes, the CSRF token.
bp.before_request(auth.load_account)
bp.before_request(_limit_body)
bp.before_request(csrf.protect)


@bp.app_template_global()
def fix_page(code: str) -> tuple[str, str] | None:
    """For a problem fixed on another page than the form: the link's text and address."""
    if code == "term_missing":
        return "Ghi nhiệm kỳ trong hồ sơ chi bộ", url_for("web.show_organization")
    return None


# What a person is told when a page cannot be shown, by HTTP status.
_ERROR_TEXT = {
    400: ("Yêu cầu không hợp lệ", "Trang gửi lên không đúng dạng. Hãy quay lại và thử lại."),
    404: ("Không tìm thấy trang", "Địa chỉ này không có, hoặc văn bản đã quá hạn lưu tạm (một ngày)."),
    405: ("Không thực hiện được", "Trang này không nhận thao tác vừa gửi."),
    413: ("Dữ liệu quá lớn", "Nội dung gửi lên vượt quá dung lượng cho phép."),
}


# For every template of the app, not only the blueprint's: the error page of an address no view answers
# (an unknown page, a method a route refuses) is rendered outside the blueprint.
@bp.app_context_processor
def _globals():
    return {"csrf_token": csrf.token, "csrf_field": csrf.FIELD, "login_required": auth.login_required(current_app)}


# Pages load nothing from elsewhere and run no inline script, so a browser may refuse anything else;
# no other site may frame them (a login page inside someone else's frame is a trap).
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}


@bp.after_request
def _security_headers(response):
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    return response


@bp.app_template_filter("local_time")
def _local_time(moment: dt.datetime) -> str:
    """A stored time (naive UTC) in the server's time zone, the Vietnamese way."""
    return moment.replace(tzinfo=dt.timezone.utc).astimezone().strftime("%H:%M ngày %d/%m/%Y")


@bp.app_template_filter("vn_date")
def _vn_date(day: dt.date | str) -> str:
    """05/11/2026, from a date or the ISO text the store's records carry."""
    return slash_date(dt.date.fromisoformat(day) if isinstance(day, str) else day)


@bp.errorhandler(HTTPException)
def error_page(error: HTTPException):
    """The page a person sees for an HTTP error, in Vietnamese; also the app's for addresses outside the API
    that no view answers (api/errors.py hands those here)."""
    title, text = _ERROR_TEXT.get(error.code, ("Có lỗi xảy ra", "Không thể xử lý yêu cầu này."))
    return render_template("error.html", title=title, text=text, code=error.code), error.code


def results_store():
    return current_app.extensions["web.results"]
