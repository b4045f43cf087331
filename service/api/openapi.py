"""The OpenAPI 3.1 document, generated from the routes and the pydantic input models, and the
interactive docs page (Swagger UI served from the installed package: sites have no internet).

Views describe themselves with `@operation(...)`; a route without a description still
appears, so the document never silently omits an endpoint.
"""
from __future__ import annotations

import re
from typing import Any, Callable

from flask import Blueprint, Flask, current_app, render_template_string, send_from_directory
from pydantic.json_schema import models_json_schema
from swagger_ui_bundle import swagger_ui_path

from service.kinds import all_kinds

bp = Blueprint("openapi", __name__, url_prefix="/api/v1")
REF = "#/components/schemas/{model}"
PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}

_STATUS_TEXT = {200: "OK", 201: "Created", 202: "Accepted", 204: "No Content", 400: "Bad Request",
                401: "Unauthorized", 403: "Forbidden", 404: "Not Found", 405: "Method Not Allowed",
                406: "Not Acceptable", 409: "Conflict", 413: "Payload Too Large",
                415: "Unsupported Media Type", 422: "Unprocessable Content", 429: "Too Many Requests"}


def operation(summary: str, *, tags: tuple[str, ...] = (), public: bool = False, per_kind: bool = False,
              request_body: dict | None = None, responses: dict[int, dict] | None = None,
              errors: tuple[int, ...] = (), idempotent: bool = False, query: tuple[dict, ...] = ()) -> Callable:
    """Describe a view for the OpenAPI document.

    public: no API key needed (service/api/auth.py reads this too); every other operation
    answers 401 without a key, 403 beyond its scope and 429 over its rate limit.
    per_kind: the route has a <kind_id> parameter and takes that kind's input model as its JSON
    body; it is listed once per kind so each gets its own request schema.
    responses: status → OpenAPI response object (content); errors: statuses answered with a problem.
    idempotent: takes an Idempotency-Key header (service/api/idempotency.py).
    query: OpenAPI parameter objects of the query string.
    """
    def decorate(view: Callable) -> Callable:
        view.openapi = {"summary": summary, "tags": list(tags), "public": public, "per_kind": per_kind,
                        "request_body": request_body, "responses": responses or {}, "errors": errors,
                        "idempotent": idempotent, "query": query}
        return view
    return decorate


PROBLEM_SCHEMA = {
    "type": "object",
    "required": ["status", "code", "title", "detail", "errors", "warnings"],
    "properties": {
        "type": {"type": "string"}, "status": {"type": "integer"},
        "code": {"type": "string", "description": "Stable English error code."},
        "title": {"type": "string", "description": "English summary of the HTTP status."},
        "detail": {"type": "string", "description": "Vietnamese explanation."},
        "errors": {"type": "array", "items": {"$ref": "#/components/schemas/Finding"}},
        "warnings": {"type": "array", "items": {"$ref": "#/components/schemas/Finding"}},
    },
}
DOCUMENT_METADATA_SCHEMA = {
    "type": "object",
    "required": ["kind", "profile", "filename", "sha256", "warnings", "content_base64"],
    "properties": {
        "kind": {"type": "string"}, "profile": {"type": "string"}, "number": {"type": ["integer", "null"]},
        "filename": {"type": "string"}, "media_type": {"type": "string"}, "sha256": {"type": "string"},
        "template_sha256": {"type": "string"},
        "warnings": {"type": "array", "items": {"$ref": "#/components/schemas/Finding"}},
        "content_base64": {"type": "string", "contentEncoding": "base64"},
    },
}
FINDING_SCHEMA = {
    "type": "object",
    "required": ["pointer", "code", "message", "severity"],
    "properties": {
        "pointer": {"type": "string", "description": "JSON pointer to the field in the request body."},
        "code": {"type": "string"}, "message": {"type": "string", "description": "Vietnamese message."},
        "severity": {"enum": ["error", "warning"]},
    },
}


# What any operation that needs a key may answer: no or bad key, beyond the key's scope, over its rate limit.
PROTECTED_ERRORS = (401, 403, 429)
IDEMPOTENCY_PARAMETER = {
    "name": "Idempotency-Key", "in": "header", "required": False, "schema": {"type": "string", "maxLength": 255},
    "description": "Any unique string (a UUID): sent again with the same request, returns the document "
                   "created the first time (same number) instead of a new one; with a different request, 409.",
}


def build(app: Flask) -> dict[str, Any]:
    kinds = all_kinds()
    _, definitions = models_json_schema([(k.input_model, "validation") for k in kinds], ref_template=REF)
    schemas = {**definitions.get("$defs", {}), "Problem": PROBLEM_SCHEMA, "Finding": FINDING_SCHEMA,
               "DocumentMetadata": DOCUMENT_METADATA_SCHEMA}
    paths: dict[str, dict] = {}
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if not (rule.rule.startswith("/api/") or rule.rule in ("/healthz", "/readyz")):
            continue
        view = app.view_functions[rule.endpoint]
        meta = getattr(view, "openapi", None) or {"summary": (view.__doc__ or rule.endpoint).strip().split("\n")[0],
                                                  "tags": [], "public": False, "per_kind": False,
                                                  "request_body": None, "responses": {}, "errors": (),
                                                  "idempotent": False, "query": ()}
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            if meta["per_kind"]:
                for kind in kinds:
                    path = _path(rule.rule).replace("{kind_id}", kind.id)
                    body = {"required": True, "content": {"application/json": {
                        "schema": {"$ref": REF.format(model=kind.input_model.__name__)}}}}
                    paths.setdefault(path, {})[method.lower()] = _operation(
                        meta, rule, method, summary=f"{meta['summary']}: {kind.title}", body=body,
                        skip_params={"kind_id"}, operation_id=f"{rule.endpoint}_{kind.id}")
            else:
                paths.setdefault(_path(rule.rule), {})[method.lower()] = _operation(
                    meta, rule, method, summary=meta["summary"], body=meta["request_body"], skip_params=set(),
                    operation_id=rule.endpoint if len(rule.methods - {"HEAD", "OPTIONS"}) == 1
                    else f"{rule.endpoint}_{method.lower()}")
    return {
        "openapi": "3.1.0",
        "info": {"title": "Party cell documents API", "version": "1.0.0",
                 "description": "Văn bản chi bộ đúng thể thức của Đảng: biên bản, nghị quyết, kiểm điểm. "
                                "Errors are application/problem+json with a stable `code` and a Vietnamese "
                                "`detail`."},
        "paths": paths,
        "security": [{"bearer": []}],
        "components": {"schemas": schemas,
                       "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer", "description":
                                                      "API key of an organization (`python -m service keys "
                                                      "create --org <id>`): acts on that organization and "
                                                      "the levels below it."}}},
    }


def _path(rule: str) -> str:
    return re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule)


def _operation(meta: dict, rule, method: str, *, summary: str, body: dict | None, skip_params: set[str],
               operation_id: str) -> dict:
    operation_object: dict[str, Any] = {"summary": summary, "operationId": operation_id}
    if meta["tags"]:
        operation_object["tags"] = meta["tags"]
    parameters = [{"name": name, "in": "path", "required": True, "schema": {"type": "string"}}
                  for name in sorted(rule.arguments) if name not in skip_params]
    if meta["idempotent"]:
        parameters.append(IDEMPOTENCY_PARAMETER)
    parameters += meta["query"]
    if parameters:
        operation_object["parameters"] = parameters
    if body and method in ("POST", "PUT", "PATCH"):
        operation_object["requestBody"] = body
    responses = {str(status): {"description": _STATUS_TEXT.get(status, "Response"), **response}
                 for status, response in meta["responses"].items()} or {"200": {"description": "OK"}}
    for status in (*meta["errors"], *(() if meta["public"] else PROTECTED_ERRORS)):
        responses[str(status)] = {"description": _STATUS_TEXT.get(status, "Error"),
                                  "content": {"application/problem+json": {"schema": PROBLEM_REF}}}
    operation_object["responses"] = responses
    if meta["public"]:
        operation_object["security"] = []
    return operation_object


@bp.get("/openapi.json")
@operation("The OpenAPI document of this API", tags=("meta",), public=True)
def openapi_document():
    return build(current_app)


DOCS_PAGE = """<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>Tài liệu API — văn bản chi bộ</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="{{ url_for('openapi.docs_static', filename='swagger-ui.css') }}"></head>
<body><div id="swagger-ui"></div>
<script src="{{ url_for('openapi.docs_static', filename='swagger-ui-bundle.js') }}"></script>
<script>window.ui = SwaggerUIBundle({url: "{{ url_for('openapi.openapi_document') }}", dom_id: "#swagger-ui"});</script>
</body></html>"""


@bp.get("/docs")
@operation("Interactive API documentation (HTML)", tags=("meta",), public=True,
           responses={200: {"content": {"text/html": {}}}})
def docs():
    return render_template_string(DOCS_PAGE)


@bp.get("/docs/static/<path:filename>")
@operation("Files of the interactive documentation", tags=("meta",), public=True)
def docs_static(filename: str):
    return send_from_directory(swagger_ui_path, filename)
