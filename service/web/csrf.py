"""Protection against cross-site form posts: every form carries a per-session token.

Even on 127.0.0.1 a page from elsewhere could make the browser post to the
service, so the check is always on. The session (and so the token) lives in a
cookie signed with the instance's secret key.
"""
from __future__ import annotations

import hmac
import os
import secrets
import tempfile
from pathlib import Path

from flask import Flask, request, session

FIELD = "_csrf"
HEADER = "X-CSRF-Token"


def token() -> str:
    if "csrf" not in session:
        session["csrf"] = secrets.token_urlsafe(32)
    return session["csrf"]


def valid() -> bool:
    """Whether the current request carries the session's token (form field or header)."""
    expected = session.get("csrf")
    sent = request.form.get(FIELD) or request.headers.get(HEADER) or ""
    return bool(expected) and hmac.compare_digest(expected.encode(), sent.encode())


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
