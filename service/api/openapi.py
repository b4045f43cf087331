"""The OpenAPI 3.1 document, generated from the routes and the pydantic input models, and the
interactive docs page (Swagger UI served from the installed package: sites have no internet).

Views describe themselves with `@operation(...)`; a route without a description still
appears, so the document never silently omits an endpoint.
"""

from __future__ import annotations

import re
from typing import Any, Callable

from flask import Blueprint, Flask, current_app, render_template_string, send_from_directory
from pydantic import BaseModel
from pydantic.json_schema import models_json_schema
from sqlalchemy import Boolean, Date, DateTime, Integer, String
from swagger_ui_bundle import swagger_ui_path

from service.formats.profiles import all_profiles
from service.kinds import all_kinds
from service.store.idempotency import MAX_KEY_LENGTH
from service.store.models import MAX_ID

bp = Blueprint("openapi", __name__, url_prefix="/api/v1")
REF = "#/components/schemas/{model}"
PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}

_STATUS_TEXT = {
    200: "OK",
    201: "Created",
    202: "Accepted",
    204: "No Content",
    304: "Not Modified",
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    406: "Not Acceptable",
    409: "Conflict",
    413: "Payload Too Large",
    415: "Unsupported Media Type",
    422: "Unprocessable Content",
    429: "Too Many Requests",
    503: "Service Unavailable",
}


def operation(
    summary: str,
    *,
    tags: tuple[str, ...] = (),
    public: bool = False,
    per_kind: bool = False,
    request_body: dict | None = None,
    responses: dict[int, dict] | None = None,
    errors: tuple[int, ...] = (),
    idempotent: bool = False,
    query: tuple[dict, ...] = (),
) -> Callable:
    """Describe a view for the OpenAPI document.

    public: no API key needed (service/api/auth.py reads this too); every other operation
    answers 401 without a key, 403 beyond its scope and 429 over its rate limit.
    per_kind: the route has a <kind_id> parameter and takes that kind's input model as its JSON
    body; it is listed once per kind so each gets its own request schema.
    request_body: an OpenAPI request body (json_body() for a pydantic model); an operation with a body also
    answers 413 (too large). responses: status → OpenAPI response object (content); errors: statuses answered
    with a problem (404 is added for every operation with an id in its path). idempotent: takes an
    Idempotency-Key header (service/api/idempotency.py). query: its query parameters (query_parameter()).
    """

    def decorate(view: Callable) -> Callable:
        view.openapi = {
            "summary": summary,
            "tags": list(tags),
            "public": public,
            "per_kind": per_kind,
            "request_body": request_body,
            "responses": responses or {},
            "errors": errors,
            "idempotent": idempotent,
            "query": list(query),
        }
        return view

    return decorate


# Request models named by operations (json_body), and hand-written components (component): both end up in
# components/schemas. A model's "…Changes" form (every field optional) describes a PATCH.
_MODELS: dict[str, type[BaseModel]] = {}
_CHANGES: set[str] = set()
_COMPONENTS: dict[str, dict] = {}
CHANGES_SUFFIX = "Changes"


def json_body(model: type[BaseModel], *, changes: bool = False, description: str | None = None) -> dict:
    """A JSON request body validated by `model` (its PATCH form with `changes`)."""
    _MODELS[model.__name__] = model
    name = model.__name__
    if changes:
        _CHANGES.add(name)
        name += CHANGES_SUFFIX
    body = {"required": True, "content": {"application/json": {"schema": {"$ref": REF.format(model=name)}}}}
    return {**body, "description": description} if description else body


def model_schema(model: type[BaseModel]) -> dict:
    """A reference to `model`'s schema in components/schemas."""
    _MODELS[model.__name__] = model
    return {"$ref": REF.format(model=model.__name__)}


def component(name: str, schema: dict) -> dict:
    """A named schema in components/schemas; returns the reference to it."""
    _COMPONENTS[name] = schema
    return {"$ref": REF.format(model=name)}


def json_response(schema: dict, **extra: Any) -> dict:
    return {"content": {"application/json": {"schema": schema}}, **extra}


def query_parameter(name: str, schema: dict, description: str) -> dict:
    return {"name": name, "in": "query", "required": False, "schema": schema, "description": description}


_JSON_TYPES = {Integer: "integer", String: "string", Boolean: "boolean", Date: "string", DateTime: "string"}


def row_schema(table: type, **extra: dict) -> dict:
    """The JSON object service.store.models.row_dict makes of a row of `table`, plus `extra` properties."""
    properties = {}
    for column in table.__table__.columns:
        kind = next((name for sql, name in _JSON_TYPES.items() if isinstance(column.type, sql)), None)
        schema: dict[str, Any] = {} if kind is None else {"type": [kind, "null"] if column.nullable else kind}
        if isinstance(column.type, Date):
            schema["description"] = "YYYY-MM-DD"
        elif isinstance(column.type, DateTime):
            schema["description"] = "UTC, YYYY-MM-DDTHH:MM:SS"
        properties[column.key] = schema
    properties.update(extra)
    return {"type": "object", "required": list(properties), "properties": properties}


PROBLEM_SCHEMA = {
    "type": "object",
    "required": ["status", "code", "title", "detail", "errors", "warnings"],
    "properties": {
        "type": {"type": "string"},
        "status": {"type": "integer"},
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
        "kind": {"type": "string"},
        "profile": {"type": "string"},
        "number": {"type": ["integer", "null"]},
        "filename": {"type": "string"},
        "media_type": {"type": "string"},
        "sha256": {"type": "string"},
        "template_sha256": {"type": "string"},
        "titles": {"$ref": "#/components/schemas/Titles"},
        "warnings": {"type": "array", "items": {"$ref": "#/components/schemas/Finding"}},
        "content_base64": {"type": "string", "contentEncoding": "base64"},
    },
}
_MONTH = {
    "type": "object",
    "required": ["month", "year", "source"],
    "properties": {
        "month": {"type": "integer"},
        "year": {"type": "integer"},
        "source": {
            "enum": ["input", "period", "default"],
            "description": "Given in its own field, derived from the older `period` field, "
            "or derived from the meeting date.",
        },
    },
}
TITLES_SCHEMA = {
    "type": "object",
    "description": "What the document prints as its type and trích yếu; a monthly sitting adds its three months "
    "and the titles they give (minutes, resolution, evaluation).",
    "required": ["document", "summary"],
    "properties": {
        "document": {"type": "string"},
        "summary": {"type": "string"},
        "subtitle": {"type": "string"},
        "months": {"type": "object", "properties": {"sitting": _MONTH, "tasks": _MONTH, "reviewed": _MONTH}},
        "titles": {"type": "object", "additionalProperties": {"type": "string"}},
    },
}
TITLES_PREVIEW_SCHEMA = {
    "type": "object",
    "required": ["kind", "profile", "number", "titles", "warnings"],
    "properties": {
        "kind": {"type": "string"},
        "profile": {"type": "string"},
        "number": {
            "type": ["integer", "null"],
            "description": "The document's number: as given, or the one the register would give now (not taken).",
        },
        "titles": {"$ref": "#/components/schemas/Titles"},
        "warnings": {"type": "array", "items": {"$ref": "#/components/schemas/Finding"}},
    },
}
FINDING_SCHEMA = {
    "type": "object",
    "required": ["pointer", "code", "message", "severity"],
    "properties": {
        "pointer": {"type": "string", "description": "JSON pointer to the field in the request body."},
        "code": {"type": "string"},
        "message": {"type": "string", "description": "Vietnamese message."},
        "severity": {"enum": ["error", "warning"]},
    },
}


# What any operation that needs a key may answer: no or bad key, beyond the key's scope, over its rate limit.
PROTECTED_ERRORS = (401, 403, 429)
IDEMPOTENCY_PARAMETER = {
    "name": "Idempotency-Key",
    "in": "header",
    "required": False,
    "schema": {"type": "string", "pattern": f"^[\\x21-\\x7e]{{1,{MAX_KEY_LENGTH}}}$"},
    "description": "Any unique string of 1 to 255 printable ASCII characters without spaces (a UUID): sent again "
    "with the same request, returns the document created the first time (same number) instead "
    "of a new one; with a different request, 409. Anything else is refused with 400.",
}
# Path parameters by their converter (service/api/resources.py IdConverter, Werkzeug's any and path).
_ID_SCHEMA = {"type": "integer", "minimum": 1, "maximum": MAX_ID}
_PARAMETER = re.compile(r"<(?:(\w+)(?:\(([^)]*)\))?:)?(\w+)>")
KIND_REQUEST = "{model}Request"


def build(app: Flask) -> dict[str, Any]:
    kinds = all_kinds()
    models = [(k.input_model, "validation") for k in kinds] + [(m, "validation") for m in _MODELS.values()]
    _, definitions = models_json_schema(models, ref_template=REF)
    schemas = {
        **definitions.get("$defs", {}),
        "Problem": PROBLEM_SCHEMA,
        "Finding": FINDING_SCHEMA,
        "DocumentMetadata": DOCUMENT_METADATA_SCHEMA,
        "Titles": TITLES_SCHEMA,
        "TitlesPreview": TITLES_PREVIEW_SCHEMA,
        **_COMPONENTS,
    }
    for name in _CHANGES:
        schemas[name + CHANGES_SUFFIX] = {
            **schemas[name],
            "required": [],
            "title": f"{schemas[name].get('title', name)} (changes)",
        }
    for kind in kinds:
        name = kind.input_model.__name__
        schemas[KIND_REQUEST.format(model=name)] = _api_request(schemas, name)
    paths: dict[str, dict] = {}
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if not (rule.rule.startswith("/api/") or rule.rule in ("/healthz", "/readyz")):
            continue
        view = app.view_functions[rule.endpoint]
        meta = getattr(view, "openapi", None) or {
            "summary": (view.__doc__ or rule.endpoint).strip().split("\n")[0],
            "tags": [],
            "public": False,
            "per_kind": False,
            "request_body": None,
            "responses": {},
            "errors": (),
            "idempotent": False,
            "query": [],
        }
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            if meta["per_kind"]:
                for kind in kinds:
                    path = _path(rule.rule).replace("{kind_id}", kind.id)
                    body = {
                        "required": True,
                        "content": {
                            "application/json": {
                                "schema": {"$ref": REF.format(model=KIND_REQUEST.format(model=kind.input_model.__name__))}
                            }
                        },
                    }
                    paths.setdefault(path, {})[method.lower()] = _operation(
                        meta,
                        rule,
                        method,
                        summary=f"{meta['summary']}: {kind.title}",
                        body=body,
                        skip_params={"kind_id"},
                        operation_id=f"{rule.endpoint}_{kind.id}",
                    )
            else:
                paths.setdefault(_path(rule.rule), {})[method.lower()] = _operation(
                    meta,
                    rule,
                    method,
                    summary=meta["summary"],
                    body=meta["request_body"],
                    skip_params=set(),
                    operation_id=rule.endpoint
                    if len(rule.methods - {"HEAD", "OPTIONS"}) == 1
                    else f"{rule.endpoint}_{method.lower()}",
                )
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Party cell documents API",
            "version": "1.0.0",
            "description": "Văn bản chi bộ đúng thể thức của Đảng: biên bản, nghị quyết, kiểm điểm. "
            "Errors are application/problem+json with a stable `code` and a Vietnamese "
            "`detail`. Values are taken only with their own JSON type: a number is not a "
            'date, a boolean is not a count, "5" is not a number.',
        },
        "paths": paths,
        "security": [{"bearer": []}],
        "components": {
            "schemas": schemas,
            "securitySchemes": {
                "bearer": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "API key of an organization (`python -m service keys "
                    "create --org <id>`): acts on that organization and "
                    "the levels below it.",
                }
            },
        },
    }


def _api_request(schemas: dict[str, dict], name: str) -> dict:
    """What the API takes for a kind: its input, with the store's additions (service/store/archive.py and
    members.py) — `organization_id` in place of the organization's names, `profile`, and a roster id
    ({"member_id": N}) wherever a person is expected."""
    schema = schemas[name]
    properties = {
        **schema["properties"],
        "organization_id": {
            **_ID_SCHEMA,
            "title": "Mã tổ chức đảng",
            "description": "Its recorded names replace `organization`; documents "
            "with a number field are numbered by its register.",
        },
        "profile": {
            "enum": [profile.id for profile in all_profiles()],
            "title": "Quy chuẩn thể thức",
            "description": "Default: by the document's date.",
        },
    }
    required = [key for key in schema.get("required", []) if key != "organization"]
    request = {**schema, "title": f"{schema.get('title', name)} (API)", "properties": properties, "required": required}
    if "organization" in schema.get("required", []):
        request["anyOf"] = [{"required": ["organization"]}, {"required": ["organization_id"]}]
    return _with_member_references(request, schemas)


def _with_member_references(schema: Any, schemas: dict[str, dict]) -> Any:
    """`schema` with every reference to a person (a model with a `name`) also taking {"member_id": N, …}."""
    if isinstance(schema, list):
        return [_with_member_references(item, schemas) for item in schema]
    if not isinstance(schema, dict):
        return schema
    target = schema.get("$ref", "").rsplit("/", 1)[-1]
    if target and "name" in schemas.get(target, {}).get("properties", {}):
        person = schemas[target]
        reference = {
            "type": "object",
            "required": ["member_id"],
            "additionalProperties": False,
            "properties": {**person["properties"], "member_id": {**_ID_SCHEMA, "title": "Mã đảng viên"}},
        }
        return {"anyOf": [schema, reference]}
    return {key: _with_member_references(value, schemas) for key, value in schema.items()}


def _path(rule: str) -> str:
    return re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule)


def _path_parameters(rule, skip: set[str]) -> list[dict]:
    parameters = []
    for converter, arguments, name in _PARAMETER.findall(rule.rule):
        if name in skip:
            continue
        if converter == "id":
            schema = dict(_ID_SCHEMA)
        elif converter == "any":
            schema = {"enum": [choice.strip() for choice in arguments.split(",")]}
        elif name == "kind_id":
            schema = {"enum": [kind.id for kind in all_kinds()]}
        else:
            schema = {"type": "string", "minLength": 1}
        parameters.append({"name": name, "in": "path", "required": True, "schema": schema})
    return parameters


def _operation(
    meta: dict, rule, method: str, *, summary: str, body: dict | None, skip_params: set[str], operation_id: str
) -> dict:
    operation_object: dict[str, Any] = {"summary": summary, "operationId": operation_id}
    if meta["tags"]:
        operation_object["tags"] = meta["tags"]
    parameters = _path_parameters(rule, skip_params) + meta["query"]
    if meta["idempotent"]:
        parameters.append(IDEMPOTENCY_PARAMETER)
    if parameters:
        operation_object["parameters"] = parameters
    errors = set(meta["errors"]) | (set() if meta["public"] else set(PROTECTED_ERRORS))
    if body and method in ("POST", "PUT", "PATCH"):
        operation_object["requestBody"] = body
        errors.add(413)
    if rule.arguments - skip_params:
        errors.add(404)
    responses = {
        str(status): {"description": _STATUS_TEXT.get(status, "Response"), **response}
        for status, response in meta["responses"].items()
    } or {"200": {"description": "OK"}}
    for status in sorted(errors):
        responses[str(status)] = {
            "description": _STATUS_TEXT.get(status, "Error"),
            "content": {"application/problem+json": {"schema": PROBLEM_REF}},
        }
    operation_object["responses"] = responses
    if meta["public"]:
        operation_object["security"] = []
    return operation_object


@bp.get("/openapi.json")
@operation(
    "The OpenAPI document of this API",
    tags=("meta",),
    public=True,
    responses={200: json_response({"type": "object", "required": ["openapi", "paths"]})},
)
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
@operation(
    "Interactive API documentation (HTML)", tags=("meta",), public=True, responses={200: {"content": {"text/html": {}}}}
)
def docs():
    return render_template_string(DOCS_PAGE)


@bp.get("/docs/static/<path:filename>")
@operation("Files of the interactive documentation", tags=("meta",), public=True, errors=(404,))
def docs_static(filename: str):
    return send_from_directory(swagger_ui_path, filename)
