"""Protection against cross-site form posts: every form carries a per-session token.

Even on 127.0.0.1 a page from elsewhere could make the browser post to the
service, so the check is always on: protect() runs before every view of the web
blueprint and refuses an unsafe request without the token (400), so a new view
cannot forget it. A view may give a friendlier refusal (the form again with what
was typed) with @refused_with. The session (and so the token) lives in a cookie
signed with the instance's secret key.
"""

from __future__ import annotations

import hmac
import os
import secrets
import tempfile
from pathlib import Path
from typing import Callable

from flask import Flask, abort, current_app, request, session
from flask.typing import ResponseReturnValue

FIELD = "_csrf"
HEADER = "X-CSRF-Token"
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
# View function → its answer to a request without the token, called with the view's URL arguments.
_REFUSALS: dict[Callable, Callable[..., ResponseReturnValue]] = {}


def token() -> str:
    if "csrf" not in session:
        session["csrf"] = secrets.token_urlsafe(32)
    return session["csrf"]


def valid() -> bool:
    """Whether the current request carries the session's token (form field or header)."""
    expected = session.get("csrf")
    sent = request.form.get(FIELD) or request.headers.get(HEADER) or ""
    return bool(expected) and hmac.compare_digest(expected.encode(), sent.encode())


def protect() -> ResponseReturnValue | None:
    """Before every view of the blueprint: an unsafe request without the session's token goes no further."""
    if request.method not in UNSAFE_METHODS or valid():
        return None
    refusal = _REFUSALS.get(current_app.view_functions.get(request.endpoint or ""))
    if refusal is None:
        abort(400)
    return refusal(**(request.view_args or {}))


def refused_with(refusal: Callable[..., ResponseReturnValue]) -> Callable[[Callable], Callable]:
    """Decorate a view: a request without the token gets refusal(**url_arguments) instead of the plain 400."""

    def register(view: Callable) -> Callable:
        _REFUSALS[view] = refusal
        return view

    return register


def ensure_secret_key(app: Flask, instance: Path) -> None:
    """Use the configured SECRET_KEY, or one generated once and kept in the instance folder."""
    if app.secret_key:
        return
    path = instance / "secret_key"
    if not path.exists():
        instance.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=instance, prefix=".secret-")
        with os.fdopen(handle, "w", encoding="ascii") as out:
            out.write(secrets.token_hex(32))
        try:
            # A hard link appears complete or not at all, and fails if another process won the race.
            os.link(temporary, path)
        except FileExistsError:
            pass
        finally:
            os.unlink(temporary)
    app.secret_key = path.read_text(encoding="ascii").strip()
