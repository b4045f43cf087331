"""The OpenAPI document is valid 3.1, lists every route, and carries each kind's request schema."""

from __future__ import annotations

import re

import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from openapi_spec_validator import validate

from service.kinds import all_kinds
from service.store.models import MAX_ID


def test_openapi_document_is_valid_3_1(client):
    document = client.get("/api/v1/openapi.json").get_json()
    assert document["openapi"] == "3.1.0"
    validate(document)


def test_every_api_route_is_documented(app, client):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    documented = {path.replace("{", "<").replace("}", ">") for path in paths}
    for rule in app.url_map.iter_rules():
        if (rule.rule.startswith("/api/") and "<kind_id>" not in rule.rule) or rule.rule in ("/healthz", "/readyz"):
            plain = re.sub(r"<[^:<>]+:", "<", rule.rule)  # converters (path, int, id) drop out of the docs
            assert plain in documented, rule.rule


def test_each_kind_has_its_own_request_schema(client):
    document = client.get("/api/v1/openapi.json").get_json()
    for kind in all_kinds():
        operation = document["paths"][f"/api/v1/documents/{kind.id}"]["post"]
        ref = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
        assert ref == f"#/components/schemas/{kind.input_model.__name__}Request"
        request = document["components"]["schemas"][f"{kind.input_model.__name__}Request"]
        model = document["components"]["schemas"][kind.input_model.__name__]
        assert set(request["properties"]) == set(model["properties"]) | {"organization_id", "profile"}
        assert operation["responses"]["422"]["content"]["application/problem+json"]


def test_docs_page_is_served_from_local_files(client):
    page = client.get("/api/v1/docs").get_data(as_text=True)
    assert "http://" not in page and "https://" not in page
    assert client.get("/api/v1/docs/static/swagger-ui-bundle.js").status_code == 200


def test_readyz_reports_checks(client):
    body = client.get("/readyz").get_json()
    assert body["status"] == "ready" and body["checks"]["templates"]["ok"]


def test_the_warnings_headers_are_documented_with_where_the_full_list_is(client):
    document = client.get("/api/v1/openapi.json").get_json()
    headers = document["paths"]["/api/v1/documents/nghi-quyet-thang"]["post"]["responses"]["200"]["headers"]
    assert headers["X-Document-Warnings-Total"]["schema"]["type"] == "integer"
    assert "4 KB" in headers["X-Document-Warnings"]["description"]
    assert "application/json" in headers["X-Document-Warnings"]["description"]


def test_every_request_schema_can_be_satisfied(client):
    """A client (here schemathesis) can generate valid calls of every operation that takes a body: no schema
    asks for something contradictory, like a meeting time that must both match HH:MM and carry a time zone."""
    document = client.get("/api/v1/openapi.json").get_json()
    schema = schemathesis.openapi.from_dict(document)
    for result in schema.get_all_operations():
        operation = result.ok()
        if operation.body:
            drawn = []

            @settings(
                max_examples=3,
                deadline=None,
                database=None,
                phases=[Phase.generate],
                suppress_health_check=list(HealthCheck),
            )
            @given(case=operation.as_strategy())
            def draw(case):
                drawn.append(case)

            draw()
            assert drawn, operation.label


def test_path_ids_are_numbers_the_database_can_hold(app):
    pattern = re.compile(app.url_map.converters["id"].regex)
    assert [n for n in range(0, 1200) if pattern.fullmatch(str(n))] == list(range(1, 1200))
    assert pattern.fullmatch(str(MAX_ID)) and not pattern.fullmatch(str(MAX_ID + 1))
    assert not pattern.fullmatch("01") and not pattern.fullmatch("9" * 11)
