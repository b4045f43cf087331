"""Signing in and out, for the pages served on a network."""

from __future__ import annotations

from flask import abort, current_app, redirect, render_template, request, session, url_for

from service.store.db import get_database
from service.web import auth, csrf
from service.web.accounts import authenticate
from service.web.blueprint import bp

WRONG = "Tên đăng nhập hoặc mật khẩu không đúng."


def _next_page() -> str:
    """Where to go after signing in: a page of this site only, never an address elsewhere."""
    target = request.values.get("next", "")
    return target if target.startswith("/") and not target.startswith("//") and "\\" not in target else "/"


@bp.get("/login")
def login():
    if not auth.login_required(current_app):
        return redirect(url_for("web.home"))
    return render_template("login.html", next=_next_page(), username="", error=None)


def _session_expired():
    if not auth.login_required(current_app):
        abort(404)
    return render_template(
        "login.html",
        next=_next_page(),
        username=request.form.get("username", ""),
        error="Phiên làm việc đã hết hạn; hãy đăng nhập lại.",
    ), 400


@bp.post("/login")
@csrf.refused_with(_session_expired)
def sign_in():
    if not auth.login_required(current_app):
        abort(404)
    username = request.form.get("username", "")
    account = authenticate(get_database(), username, request.form.get("password", ""))
    if account is None:
        return render_template("login.html", next=_next_page(), username=username, error=WRONG), 401
    auth.sign_in(account)
    return redirect(_next_page(), 303)


@bp.post("/logout")
def logout():
    session.clear()
    return redirect(url_for("web.login"), 303)
