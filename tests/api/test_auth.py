"""API keys: every /api/v1 route needs one, a read key only reads, and a key reaches its organization and
the levels below it only — another organization's data, or its parent's, is answered like data that does
not exist.

Two đảng bộ, each with a chi bộ, each of the four with a term, a member, a reserved number and an issued
document: key A (the đảng bộ An Phú) must reach A and A1 and nothing of B, B1; key A1 nothing of A.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re

import pytest
from hypothesis import HealthCheck, given, settings
from jsonschema import Draft202012Validator
from hypothesis import strategies as st

from service.api.auth import SCOPED, UNSCOPED
from service import issuing
from service.store import archive, keys, organizations, register
from service.custom_templates import versions
from tests.conftest import keyed_client
from tests.formats.broken.documents import generated
from tests.formats.broken.faults import RESOLUTION

MISSING = 999_999


@pytest.fixture
def tree(app, meeting) -> dict[str, dict[str, int]]:
    """Ids of each organization's term, member, register entry and document, by organization name."""
    database, storage = app.extensions["database"], app.extensions["storage"]

    def organization(name: str, parent: int | None = None) -> dict[str, int]:
        org_id = organizations.create_organization(
            database,
            {
                "parent_id": parent,
                "level": "chi_bo" if parent else "dang_bo",
                "name": name,
                "place": "An Phú",
                "abbreviation": "CB" if parent else "ĐU",
                "created_on": "2020-01-01",
                "upper_name": None if parent else "Đảng bộ tỉnh An Giang",
            },
        )["id"]
        term = organizations.add_term(database, org_id, {"name": "Nhiệm kỳ 2025 - 2030", "start_on": "2025-10-01"})
        member = organizations.create_member(database, org_id, {"full_name": "Nguyễn Văn An"})
        with database.write() as session:
            entry = register.allocate(session, org_id, "BC", dt.date(2026, 11, 5), creator="test", reserve=True).id
        # Without its "organization" part the input takes the recorded names: each document is different.
        data = {**{k: v for k, v in meeting.items() if k != "organization"}, "organization_id": org_id}
        document = issuing.into_archive(database, storage, "nghi-quyet-thang", data, creator="test").record.id
        with database.write() as session:  # its own template (service/custom_templates), kept without the sandbox
            kept = storage.put(generated(RESOLUTION, "hd05-2026"))
            version = versions.add(
                session,
                organization_id=org_id,
                kind="nghi-quyet-thang",
                profile_id="hd05-2026",
                sha256=kept,
                filename="mẫu.docx",
                size=1,
                preview_sha256=kept,
                report={},
                uploaded_by="test",
            )[0].id
        return {
            "org": org_id,
            "term": term["id"],
            "member": member["id"],
            "entry": entry,
            "document": document,
            "version": version,
        }

    a = organization("Đảng bộ xã An Phú")
    b = organization("Đảng bộ xã Bình Minh")
    return {
        "A": a,
        "A1": organization("Chi bộ Thôn Đông", a["org"]),
        "B": b,
        "B1": organization("Chi bộ Thôn Tây", b["org"]),
    }


def _upload() -> dict:
    return {"file": (io.BytesIO(generated(RESOLUTION, "hd05-2026")), "văn bản.docx")}


# Every route that needs a key, as a request on the data of the organization in {…}; the coverage test
# below fails when a route is added without a line here.
ROUTES = [
    ("GET", "/api/v1/kinds", None),
    ("GET", "/api/v1/kinds/nghi-quyet-thang", None),
    ("POST", "/api/v1/check", "upload"),
    ("POST", "/api/v1/convert", "upload"),
    ("POST", "/api/v1/documents/nghi-quyet-thang", "meeting"),
    ("POST", "/api/v1/documents/nghi-quyet-thang/titles", "meeting"),
    ("GET", "/api/v1/documents", None),
    ("POST", "/api/v1/documents/verify", "docx"),
    ("GET", "/api/v1/documents/{document}", None),
    ("POST", "/api/v1/documents/{document}/regenerate", None),
    ("POST", "/api/v1/documents/{document}/issue", None),
    ("POST", "/api/v1/documents/{document}/corrections", {"reason": "Sửa lỗi chính tả", "input": {}}),
    ("POST", "/api/v1/documents/{document}/replacements", {"reason": "Thay thế", "input": {}}),
    ("POST", "/api/v1/documents/{document}/sent", None),
    ("DELETE", "/api/v1/documents/{document}", None),
    ("GET", "/api/v1/organizations", None),
    ("POST", "/api/v1/organizations", {"parent_id": "{org}", "name": "Chi bộ Thôn Mới", "place": "An Phú"}),
    ("GET", "/api/v1/organizations/{org}", None),
    ("PATCH", "/api/v1/organizations/{org}", {"place": "Phú Mỹ"}),
    ("DELETE", "/api/v1/organizations/{org}", None),
    ("POST", "/api/v1/organizations/{org}/terms", {"name": "Nhiệm kỳ 2030 - 2035", "start_on": "2030-10-01"}),
    ("PATCH", "/api/v1/organizations/{org}/terms/{term}", {"name": "Nhiệm kỳ XII"}),
    ("DELETE", "/api/v1/organizations/{org}/terms/{term}", None),
    ("GET", "/api/v1/organizations/{org}/review-summary?year=2026", None),
    ("GET", "/api/v1/organizations/{org}/statistics?from=2026-Q4", None),
    ("GET", "/api/v1/organizations/{org}/members", None),
    ("POST", "/api/v1/organizations/{org}/members", {"full_name": "Trần Thị Bình"}),
    ("GET", "/api/v1/organizations/{org}/members/{member}", None),
    ("PATCH", "/api/v1/organizations/{org}/members/{member}", {"unit": "Thôn Đông"}),
    ("DELETE", "/api/v1/organizations/{org}/members/{member}", None),
    ("GET", "/api/v1/organizations/{org}/register", None),
    ("POST", "/api/v1/organizations/{org}/register", {"doc_type": "BC", "date": "2026-11-06"}),
    ("POST", "/api/v1/organizations/{org}/register/{entry}/confirm", None),
    ("GET", "/api/v1/organizations/{org}/templates", None),
    ("GET", "/api/v1/organizations/{org}/templates/nghi-quyet-thang", None),
    ("POST", "/api/v1/organizations/{org}/templates/nghi-quyet-thang", "upload"),
    ("POST", "/api/v1/organizations/{org}/templates/nghi-quyet-thang/lint", "upload"),
    ("GET", "/api/v1/organizations/{org}/templates/nghi-quyet-thang/versions/{version}", None),
    ("GET", "/api/v1/organizations/{org}/templates/nghi-quyet-thang/versions/{version}/preview", None),
    ("GET", "/api/v1/organizations/{org}/templates/nghi-quyet-thang/versions/{version}/file", None),
    ("POST", "/api/v1/organizations/{org}/templates/nghi-quyet-thang/versions/{version}/activate", None),
    ("DELETE", "/api/v1/organizations/{org}/templates/nghi-quyet-thang/active", None),
    ("GET", "/api/v1/batches", None),
    ("POST", "/api/v1/batches", None),
    ("GET", "/api/v1/batches/1", None),
    ("GET", "/api/v1/batches/1/download", None),
    ("POST", "/api/v1/batches/1/cancel", None),
    ("POST", "/api/v1/batches/1/resume", None),
]
PATH_ROUTES = [route for route in ROUTES if "{" in route[1]]


def send(client, route, ids: dict[str, int], meeting: dict):
    method, path, body = route
    kwargs = {}
    if body == "upload":
        kwargs = {"data": _upload(), "content_type": "multipart/form-data"}
    elif body == "docx":
        app = client.application
        record = archive.get_document(app.extensions["database"], ids["document"])
        kwargs = {"data": app.extensions["storage"].get(record.output_sha256), "content_type": "application/octet-stream"}
    elif body == "meeting":
        kwargs = {"json": {**meeting, "organization_id": ids["org"]}}
    elif body is not None:
        kwargs = {"json": json.loads(json.dumps(body).replace('"{org}"', str(ids["org"])))}
    return client.open(path.format(**ids), method=method, **kwargs)


def _sample_path(rule: str) -> str:
    """A URL the rule matches: ids 1, the first of an any(…) choice, "x" for any other text."""

    def value(match: re.Match) -> str:
        converter, arguments = match.group(1) or "", match.group(2) or ""
        if converter == "id":
            return "1"
        return arguments.split(",")[0].strip() if converter == "any" else "x"

    return re.sub(r"<(?:(\w+)(?:\(([^)]*)\))?:)?\w+>", value, rule)


def _api_rules(app):
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/"):
            view = app.view_functions[rule.endpoint]
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                yield rule, method, view


def _public(view) -> bool:
    return getattr(view, "openapi", {}).get("public", False)


def test_every_route_but_the_openapi_document_answers_401_without_a_key(app):
    anonymous = app.test_client()
    for rule, method, view in _api_rules(app):
        response = anonymous.open(_sample_path(rule.rule), method=method)
        if _public(view):
            assert response.status_code != 401, rule.rule
            continue
        assert response.status_code == 401, (method, rule.rule, response.status_code)
        assert response.headers["WWW-Authenticate"].startswith("Bearer")
        assert response.mimetype == "application/problem+json"
        assert response.get_json()["code"] == "api_key_missing"
    assert {rule.rule for rule, _, view in _api_rules(app) if _public(view)} == {
        "/api/v1/openapi.json",
        "/api/v1/docs",
        "/api/v1/docs/static/<path:filename>",
    }


def test_a_read_key_is_refused_every_route_that_changes_something(app, tree):
    reader = keyed_client(app, tree["A"]["org"], "read")
    for rule, method, view in _api_rules(app):
        if _public(view) or method == "GET":
            continue
        response = reader.open(_sample_path(rule.rule), method=method)
        if getattr(view, "read_only", False):
            assert response.status_code != 403, rule.rule
        else:
            assert response.status_code == 403, (method, rule.rule, response.status_code)
            assert response.get_json()["code"] == "insufficient_scope"


def test_the_table_covers_every_protected_route(app):
    covered = set()
    for method, path, _ in ROUTES:
        adapter = app.url_map.bind("localhost")
        endpoint, _ = adapter.match(
            path.format(org=1, term=1, member=1, entry=1, document=1, version=1).partition("?")[0], method=method
        )
        covered.add((endpoint, method))
    assert covered == {(rule.endpoint, method) for rule, method, view in _api_rules(app) if not _public(view)}


def test_every_path_parameter_is_checked_against_the_key_or_named_as_needing_no_check(app):
    for rule, _, _ in _api_rules(app):
        assert set(rule.arguments) <= set(SCOPED) | UNSCOPED, rule.rule
        if set(rule.arguments) & {"term_id", "member_id", "entry_id", "version_id"}:
            assert "org_id" in rule.arguments, rule.rule  # looked up only within the checked organization


@pytest.mark.parametrize("route", ROUTES, ids=lambda route: f"{route[0]} {route[1]}")
def test_without_a_key_401_with_a_bad_or_revoked_key_401(app, tree, meeting, route):
    assert send(app.test_client(), route, tree["A"], meeting).status_code == 401
    stranger = app.test_client()
    stranger.environ_base["HTTP_AUTHORIZATION"] = "Bearer pdk_not-a-key"
    assert send(stranger, route, tree["A"], meeting).get_json()["code"] == "invalid_api_key"
    revoked = keyed_client(app, tree["A"]["org"])
    prefix = revoked.environ_base["HTTP_AUTHORIZATION"].removeprefix("Bearer ")[:12]
    database = app.extensions["database"]
    keys.revoke_key(database, next(key["id"] for key in keys.list_keys(database) if key["prefix"] == prefix))
    response = send(revoked, route, tree["A"], meeting)
    assert response.status_code == 401 and response.get_json()["code"] == "api_key_revoked"


@pytest.mark.parametrize("route", PATH_ROUTES, ids=lambda route: f"{route[0]} {route[1]}")
@pytest.mark.parametrize("key, target", [("A", "B1"), ("A", "B"), ("A1", "A")], ids=["other", "other-top", "parent"])
def test_another_organization_s_data_is_not_found_like_data_that_does_not_exist(app, tree, meeting, route, key, target):
    client = keyed_client(app, tree[key]["org"])
    response = send(client, route, tree[target], meeting)
    scoped = "document" if route[1].startswith("/api/v1/documents/") else "org"
    nothing = send(client, route, {**tree[target], scoped: MISSING}, meeting)
    assert response.status_code == nothing.status_code == 404, response.get_json()
    problem, missing = response.get_json(), nothing.get_json()
    assert problem["code"] == missing["code"]
    assert problem["detail"].replace(str(tree[target][scoped]), "#") == missing["detail"].replace(str(MISSING), "#")
    owner = keyed_client(app, tree[target]["org"])
    assert send(owner, route, tree[target], meeting).status_code != 404


@pytest.mark.parametrize("route", PATH_ROUTES, ids=lambda route: f"{route[0]} {route[1]}")
def test_a_key_reaches_the_levels_below_its_organization(app, tree, meeting, route):
    client = keyed_client(app, tree["A"]["org"])
    assert send(client, route, tree["A1"], meeting).status_code not in (401, 403, 404)


def test_listings_hold_only_what_the_key_reaches(app, tree):
    client = keyed_client(app, tree["A"]["org"])
    names = {o["id"] for o in client.get("/api/v1/organizations").get_json()["organizations"]}
    assert names == {tree["A"]["org"], tree["A1"]["org"]}
    assert client.get(f"/api/v1/organizations?parent_id={tree['B']['org']}").get_json()["organizations"] == []
    documents = {d["id"] for d in client.get("/api/v1/documents").get_json()["documents"]}
    assert documents == {tree["A"]["document"], tree["A1"]["document"]}
    query = f"/api/v1/documents?organization_id={tree['B1']['org']}"
    assert client.get(query).get_json()["documents"] == []
    child = keyed_client(app, tree["A1"]["org"])
    assert [o["id"] for o in child.get("/api/v1/organizations").get_json()["organizations"]] == [tree["A1"]["org"]]


def test_verify_answers_only_for_documents_the_key_reaches(app, tree, meeting):
    route = ("POST", "/api/v1/documents/verify", "docx")
    mine = send(keyed_client(app, tree["B1"]["org"]), route, tree["B1"], meeting).get_json()
    other = send(keyed_client(app, tree["A"]["org"]), route, tree["B1"], meeting).get_json()
    assert mine["issued"] and [d["id"] for d in mine["documents"]] == [tree["B1"]["document"]]
    assert other["issued"] is False and other["documents"] == [] and other["sha256"] == mine["sha256"]


def test_bodies_cannot_name_an_organization_the_key_does_not_reach(app, tree, meeting):
    client = keyed_client(app, tree["A"]["org"])
    document = send(client, ROUTES[4], tree["B1"], meeting)
    nothing = send(client, ROUTES[4], {"org": MISSING}, meeting)
    assert document.status_code == nothing.status_code == 422
    assert document.get_data(as_text=True).replace(f"đảng {tree['B1']['org']}:", "đảng #:") == nothing.get_data(
        as_text=True
    ).replace(f"đảng {MISSING}:", "đảng #:")
    created = client.post("/api/v1/organizations", json={"parent_id": tree["B"]["org"], "name": "X", "place": "Y"})
    assert created.status_code == 422 and created.get_json()["errors"][0]["code"] == "parent_not_found"
    moved = client.patch(f"/api/v1/organizations/{tree['A1']['org']}", json={"parent_id": tree["B"]["org"]})
    assert moved.status_code == 422 and moved.get_json()["errors"][0]["code"] == "parent_not_found"
    top = client.post("/api/v1/organizations", json={"name": "Đảng bộ xã Mới", "place": "Mới", "level": "dang_bo"})
    assert top.status_code == 403 and top.get_json()["code"] == "parent_required"


def test_a_document_without_organization_id_belongs_to_the_key_s_organization_and_its_members(app, tree, meeting):
    client = keyed_client(app, tree["A1"]["org"])
    outsider = {**meeting, "chair": {"member_id": tree["B1"]["member"]}}
    assert client.post("/api/v1/documents/bien-ban-thuong-ky", json=outsider).status_code == 422
    insider = {**meeting, "chair": {"member_id": tree["A1"]["member"]}}
    issued = client.post("/api/v1/documents/bien-ban-thuong-ky", json=insider)
    assert issued.status_code == 200
    record = client.get(f"/api/v1/documents/{issued.headers['X-Document-Id']}").get_json()
    assert record["organization_id"] == tree["A1"]["org"] and record["creator"].startswith("api:pdk_")


def test_the_access_log_names_the_key_by_its_prefix(app, tree, caplog):
    client = keyed_client(app, tree["A"]["org"])
    token = client.environ_base["HTTP_AUTHORIZATION"].removeprefix("Bearer ")
    with caplog.at_level("INFO", logger="partydocs.access"):
        client.get("/api/v1/kinds")
    assert json.loads(caplog.records[-1].getMessage())["client"] == token[:12]
    assert token not in caplog.text


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    header=st.text(max_size=80).map(lambda text: text.encode("utf-8", "ignore").decode("latin-1"))
    | st.text(max_size=60).map(lambda text: f"Bearer pdk_{text}").filter(lambda text: text.isascii())
)
def test_no_authorization_header_makes_the_api_answer_anything_but_401(app, header):
    client = app.test_client()
    client.environ_base["HTTP_AUTHORIZATION"] = header
    response = client.get("/api/v1/kinds")
    assert response.status_code == 401 and response.mimetype == "application/problem+json"


def test_following_the_openapi_document_with_a_key_creates_every_kind(app, tree):
    client = keyed_client(app, tree["A1"]["org"])
    document = app.test_client().get("/api/v1/openapi.json").get_json()
    assert document["security"] == [{"bearer": []}] and document["components"]["securitySchemes"]["bearer"]
    samples = {kind["id"]: kind["sample"] for kind in client.get("/api/v1/kinds").get_json()["kinds"]}
    for kind_id, sample in samples.items():
        operation = document["paths"][f"/api/v1/documents/{kind_id}"]["post"]
        assert "security" not in operation and {"401", "403", "429"} <= set(operation["responses"])
        response = client.post(f"/api/v1/documents/{kind_id}", json=sample, headers={"Accept": "application/json"})
        assert response.status_code == 200, (kind_id, response.get_json())
    assert document["paths"]["/api/v1/openapi.json"]["get"]["security"] == []


@pytest.mark.parametrize("route", ROUTES, ids=lambda route: f"{route[0]} {route[1]}")
@pytest.mark.parametrize("key", ["A", "A1"])
def test_every_answer_is_one_the_openapi_document_declares(app, tree, meeting, route, key):
    """The đảng bộ's key on its chi bộ's data (success mostly), the chi bộ's key on it (its own): the status is
    documented for the operation, the content type declared, and a JSON body matches the declared schema."""
    document = app.test_client().get("/api/v1/openapi.json").get_json()
    response = send(keyed_client(app, tree[key]["org"]), route, tree["A1"], meeting)
    method, path, _ = route
    adapter = app.url_map.bind("localhost")
    address = path.format(org=1, term=1, member=1, entry=1, document=1, version=1).partition("?")[0]
    rule, _ = adapter.match(address, method=method, return_rule=True)
    # Documents are created on one path per kind.
    documented = re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule.rule).replace(
        "/documents/{kind_id}", "/documents/nghi-quyet-thang"
    )
    answers = document["paths"][documented][method.lower()]["responses"]
    assert str(response.status_code) in answers, (response.status_code, response.get_data()[:300])
    content = answers[str(response.status_code)].get("content", {})
    if response.status_code != 204:
        assert response.mimetype in content, (response.mimetype, list(content))
    schema = content.get(response.mimetype, {}).get("schema")
    if schema is not None and response.mimetype.endswith("json"):
        Draft202012Validator({**schema, "components": document["components"]}).validate(response.get_json())
