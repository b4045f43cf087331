"""Who is calling the API: an organization's key, sent as `Authorization: Bearer pdk_…`.

One check before every request to /api/ covers every route there, so a route
added later is protected without doing anything; only views that their OpenAPI
description marks public (the OpenAPI document and its docs page) are open.
The same check then narrows what the key reaches:

- a read key may only GET, and POST to views marked `read_only` (checks that change nothing);
- an <org_id> or <document_id> in the path outside the key's organization and the
  levels below it is answered 404, exactly as if it did not exist, so that a key
  learns nothing about other organizations;
- each key has its own rate limit (limits.py).

Listings and bodies that name organizations are narrowed by the views, with
`caller().organizations`. The web pages have their own login and are not
concerned.
"""

from __future__ import annotations

from typing import Any, Callable

from flask import Flask, current_app, g, request

from service.api import limits
from service.api.errors import ApiError
from service.batch.progress import jobs as batch_jobs
from service.store import archive, organizations
from service.store.db import get_database
from service.store.keys import Caller, KeyRejected, authenticate

API_PREFIX = "/api/"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
CHALLENGE = 'Bearer realm="partydocs"'

# Path parameters naming something an organization owns, and how to find it within the key's reach
# (raising the store's own 404 otherwise).
SCOPED: dict[str, Callable[[Caller, int], Any]] = {
    "org_id": lambda caller, org_id: organizations.get_organization(get_database(), org_id, within=caller.organizations),
    "document_id": lambda caller, document_id: archive.get_document(
        get_database(), document_id, within=caller.organizations
    ),
    "batch_id": lambda caller, batch_id: batch_jobs.reach(get_database(), batch_id, within=caller.organizations),
}
# Path parameters that need no check of their own: they name no organization's data, or data the
# store only looks up within the <org_id> beside them (a term, a member, a register entry).
UNSCOPED = {"kind_id", "filename", "action", "term_id", "member_id", "entry_id", "version_id"}


def init_app(app: Flask) -> None:
    app.before_request(_check_request)


def read_only(view: Callable) -> Callable:
    """Mark a POST that changes nothing (a check, a lookup): read keys may call it too."""
    view.read_only = True
    return view


def caller() -> Caller:
    """The key of the current request (every non-public API view has one)."""
    return g.api_caller


def creator() -> str:
    """How the archive and the register record who issued a document through the API."""
    return f"api:{caller().prefix}"


def _check_request() -> None:
    if not request.path.startswith(API_PREFIX) or request.endpoint is None:
        return  # not the API, or no route matched: the 404 or 405 says nothing about anyone's data
    view = current_app.view_functions[request.endpoint]
    if getattr(view, "openapi", {}).get("public"):
        return
    g.api_caller = key = _authenticated()
    g.client_id = key.prefix
    limits.check_rate(key.key_id)
    if request.method not in SAFE_METHODS and not getattr(view, "read_only", False) and not key.can_write:
        raise ApiError(
            403,
            "insufficient_scope",
            "Forbidden",
            "Khóa API này chỉ có quyền đọc; thao tác này cần khóa quyền ghi (--scope write).",
        )
    for name, value in (request.view_args or {}).items():
        if name in SCOPED:
            SCOPED[name](key, value)


def _authenticated() -> Caller:
    header = request.headers.get("Authorization")
    if not header:
        raise _unauthorized(
            "api_key_missing",
            "Thiếu khóa API: gửi kèm tiêu đề “Authorization: Bearer <khóa>”; "
            "khóa được tạo bằng lệnh “python -m service keys create”.",
        )
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise _unauthorized("invalid_api_key", "Tiêu đề Authorization phải có dạng “Bearer <khóa API>”.")
    try:
        return authenticate(get_database(), token.strip())
    except KeyRejected as rejected:
        raise _unauthorized(rejected.code, rejected.message) from None


def _unauthorized(code: str, detail: str) -> ApiError:
    return ApiError(401, code, "Unauthorized", detail, headers={"WWW-Authenticate": CHALLENGE})
