"""Who is using the pages. On the embedded default (`serve` on 127.0.0.1) the one person at the machine
needs no account; served on a network, every page asks for an account's login and shows that
account's organization only.

LOGIN_REQUIRED decides; unset, it is on, except for `python -m service serve` bound to a loopback
address without --prod (bind() below). Signed in, the session cookie is marked Secure (HTTPS only)
unless ALLOW_HTTP_LOGIN says the network is trusted without HTTPS.
"""

from __future__ import annotations

import datetime as dt

from flask import Flask, current_app, g, redirect, request, session, url_for

from service.store.db import get_database
from service.web.accounts import Account, get_account

WEB_CREATOR = "web"
SESSION_KEY = "account_id"
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
# Endpoints open without an account: the login page itself and the style sheets and scripts it needs.
OPEN = {"web.login", "web.sign_in", "web.static"}
SESSION_LIFETIME = dt.timedelta(hours=12)


def bind(app: Flask, host: str, production: bool) -> None:
    """Called by `serve`: decide LOGIN_REQUIRED from where the server listens, unless it was set."""
    if app.config.get("LOGIN_REQUIRED") is None:
        app.config["LOGIN_REQUIRED"] = production or host not in LOOPBACK
    configure(app)


def login_required(app: Flask) -> bool:
    return app.config.get("LOGIN_REQUIRED") is not False


def configure(app: Flask) -> None:
    app.config["SESSION_COOKIE_SAMESITE"] = "Lax"
    app.config["SESSION_COOKIE_SECURE"] = login_required(app) and not app.config["ALLOW_HTTP_LOGIN"]
    app.config["PERMANENT_SESSION_LIFETIME"] = SESSION_LIFETIME


def load_account():
    """Before every page: the signed-in account in g.account, or the way to the login page."""
    g.account = None
    if not login_required(current_app):
        return None
    account_id = session.get(SESSION_KEY)
    account: Account | None = get_account(get_database(), account_id) if isinstance(account_id, int) else None
    if account is not None:
        g.account = account
        return None
    if request.endpoint in OPEN:
        return None
    return redirect(url_for("web.login", next=request.full_path.rstrip("?")))


def sign_in(account: Account) -> None:
    # A new session at login, so that a session id planted before it is worth nothing after it.
    session.clear()
    session[SESSION_KEY] = account.id
    session.permanent = True


def creator() -> str:
    """How the archive and the register record who issued a document from these pages."""
    account = g.get("account")
    return f"{WEB_CREATOR}:{account.username}" if account is not None else WEB_CREATOR
