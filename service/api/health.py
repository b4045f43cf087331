"""Liveness (/healthz: the process answers) and readiness (/readyz: it can produce documents)."""

from __future__ import annotations

from flask import Blueprint, current_app

from service.api.openapi import json_response, operation
from service.formats.builder import TEMPLATE_DIR, template_filename
from service.formats.profiles import all_profiles
from service.kinds import all_kinds
from service.render import pdf

bp = Blueprint("health", __name__)


@bp.get("/healthz")
@operation(
    "The process is up",
    tags=("meta",),
    public=True,
    responses={200: json_response({"type": "object", "required": ["status"], "properties": {"status": {"const": "ok"}}})},
)
def healthz():
    return {"status": "ok"}


def _templates_present() -> tuple[bool, str]:
    missing = [
        template_filename(k.id, p.id)
        for k in all_kinds()
        for p in all_profiles()
        if not (TEMPLATE_DIR / template_filename(k.id, p.id)).is_file()
    ]
    return (not missing, f"thiếu mẫu: {', '.join(missing)}" if missing else "đủ mẫu văn bản")


# Each check returns (ok, Vietnamese detail), or None when its resource is not configured;
# resources that need checking add theirs here.
CHECKS = {"templates": _templates_present, "libreoffice": lambda: pdf.readiness(current_app)}


READINESS = {
    "type": "object",
    "required": ["status", "checks"],
    "properties": {
        "status": {"enum": ["ready", "not_ready"]},
        "checks": {
            "type": "object",
            "additionalProperties": {
                "type": "object",
                "required": ["ok", "detail"],
                "properties": {"ok": {"type": "boolean"}, "detail": {"type": "string", "description": "Vietnamese."}},
            },
        },
    },
}


@bp.get("/readyz")
@operation(
    "The service can produce documents (templates, and database when configured)",
    tags=("meta",),
    public=True,
    responses={200: json_response(READINESS), 503: json_response(READINESS)},
)
def readyz():
    results = {name: result for name, check in CHECKS.items() if (result := check()) is not None}
    ready = all(ok for ok, _ in results.values())
    body = {
        "status": "ready" if ready else "not_ready",
        "checks": {name: {"ok": ok, "detail": detail} for name, (ok, detail) in results.items()},
    }
    return body, 200 if ready else 503
