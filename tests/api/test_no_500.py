"""Property-based: no request body of any shape makes the API answer 500.

Bodies come from five sources: arbitrary JSON, arbitrary bytes, documents generated from each
kind's JSON Schema, the sample with one value anywhere replaced by an arbitrary one, and — for every
route that takes a body — bodies drawn from the request schema the OpenAPI document declares for it,
with dates, years and counts at the edges of their ranges and just outside them
(tests/api/schema_strategy.py).
"""

from __future__ import annotations

import io
import json
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from service import create_app
from service.kinds import all_kinds
from service.store import organizations
from tests.api.schema_strategy import ODD_DAYS, ODD_TIMES, from_schema
from tests.conftest import SAMPLES, TOP_ORGANIZATION, keyed_client

ALLOWED = {200, 400, 413, 415, 422}
# Every route that takes a request body, with the path its examples are sent to ({org}: a chi bộ below the
# key's đảng bộ, with a term and a member); test_every_route_with_a_body_is_here fails for a route missing.
BODY_ROUTES = [
    ("POST", "/api/v1/check"),
    ("POST", "/api/v1/convert"),
    ("POST", "/api/v1/documents/verify"),
    *[("POST", f"/api/v1/documents/{kind.id}") for kind in all_kinds()],
    *[("POST", f"/api/v1/documents/{kind.id}/titles") for kind in all_kinds()],
    ("POST", "/api/v1/organizations"),
    ("PATCH", "/api/v1/organizations/{org}"),
    ("POST", "/api/v1/organizations/{org}/terms"),
    ("PATCH", "/api/v1/organizations/{org}/terms/{term}"),
    ("POST", "/api/v1/organizations/{org}/members"),
    ("PATCH", "/api/v1/organizations/{org}/members/{member}"),
    ("POST", "/api/v1/organizations/{org}/register"),
    ("POST", "/api/v1/organizations/{org}/templates/nghi-quyet-thang"),
    ("POST", "/api/v1/organizations/{org}/templates/nghi-quyet-thang/lint"),
    ("POST", "/api/v1/batches"),
    ("POST", "/api/v1/documents/{document}/corrections"),
    ("POST", "/api/v1/documents/{document}/replacements"),
]
# Routes that change something without a body of their own.
BODYLESS = {
    ("POST", "/api/v1/documents/{document_id}/regenerate"),
    ("POST", "/api/v1/documents/{document_id}/issue"),
    ("POST", "/api/v1/documents/{document_id}/sent"),
    ("POST", "/api/v1/organizations/{org_id}/register/{entry_id}/{action}"),
    ("POST", "/api/v1/organizations/{org_id}/templates/{kind_id}/versions/{version_id}/activate"),
    ("POST", "/api/v1/batches/{batch_id}/cancel"),
    ("POST", "/api/v1/batches/{batch_id}/resume"),
}
# What a route with a body may answer besides 2xx: a refusal of the request, never a server error.
REFUSALS = {400, 403, 404, 406, 409, 413, 415, 422}
KINDS = all_kinds()
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=50),
    lambda children: st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=10), children, max_size=5),
    max_leaves=30,
)


@pytest.fixture(scope="module")
def client500(tmp_path_factory, database_source):
    """One app for every example: a fresh database per example would dominate the run time."""
    folder = tmp_path_factory.mktemp("no500")
    app = create_app(
        {
            "TESTING": True,
            "INSTANCE_DIR": str(folder),
            "DATABASE_URL": database_source.fresh(folder),
            "STORAGE_DIR": str(folder / "storage"),
            "BATCH_DIR": str(folder / "batches"),
            "BATCH_WORKERS": 1,
            "RATE_LIMIT_PER_MINUTE": 0,
            "SOFFICE_PATH": "",
        }
    )
    yield keyed_client(app, organizations.create_organization(app.extensions["database"], TOP_ORGANIZATION)["id"])
    if "batch" in app.extensions:
        app.extensions["batch"].close()
    app.extensions["database"].dispose()


def post(client, kind_id: str, body: bytes, content_type: str = "application/json"):
    response = client.post(f"/api/v1/documents/{kind_id}", data=body, content_type=content_type)
    assert response.status_code in ALLOWED, (response.status_code, body[:300], response.get_data()[:300])
    if response.status_code != 200:
        assert response.mimetype == "application/problem+json"
    return response


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.id)
@SETTINGS
@given(value=json_values)
def test_any_json_value(client500, kind, value):
    post(client500, kind.id, json.dumps(value).encode())


@SETTINGS
@given(body=st.binary(max_size=200), content_type=st.sampled_from(["application/json", "text/plain", ""]))
def test_any_bytes(client500, body, content_type):
    post(client500, KINDS[0].id, body, content_type)


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.id)
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_documents_shaped_by_the_schema(client500, kind, data):
    value = data.draw(from_schema(kind.input_model.model_json_schema()))
    post(client500, kind.id, json.dumps(value).encode())


def _paths(value, prefix=()):
    yield prefix
    if isinstance(value, dict):
        for key, child in value.items():
            yield from _paths(child, prefix + (key,))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _paths(child, prefix + (index,))


def _replace(value, path, new):
    if not path:
        return new
    copy = dict(value) if isinstance(value, dict) else list(value)
    copy[path[0]] = _replace(value[path[0]], path[1:], new)
    return copy


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.id)
@SETTINGS
@given(data=st.data())
def test_sample_with_one_value_replaced(client500, kind, data):
    sample = json.loads((SAMPLES / kind.sample).read_text(encoding="utf-8"))
    path = data.draw(st.sampled_from(list(_paths(sample))))
    post(client500, kind.id, json.dumps(_replace(sample, path, data.draw(json_values))).encode())


@pytest.fixture(scope="module")
def openapi500(client500) -> dict:
    return client500.get("/api/v1/openapi.json").get_json()


@pytest.fixture(scope="module")
def paths500(client500) -> dict[str, int]:
    """A chi bộ below the key's đảng bộ with a term and a member: what the paths of BODY_ROUTES name."""
    database = client500.application.extensions["database"]
    top = client500.get("/api/v1/organizations").get_json()["organizations"][0]["id"]
    org = organizations.create_organization(
        database, {"parent_id": top, "name": "Chi bộ Thôn Đông", "place": "An Phú", "created_on": "2020-01-01"}
    )["id"]
    term = organizations.add_term(database, org, {"name": "Nhiệm kỳ 2025 - 2030", "start_on": "2025-10-01"})["id"]
    member = organizations.create_member(database, org, {"full_name": "Nguyễn Văn An"})["id"]
    issued = client500.post(
        "/api/v1/documents/nghi-quyet-thang", json={**_sample("nghi-quyet-thang"), "organization_id": org}
    )
    return {"org": org, "term": term, "member": member, "document": int(issued.headers["X-Document-Id"])}


def _documented(path: str) -> str:
    return (
        path.replace("{org}", "{org_id}")
        .replace("{term}", "{term_id}")
        .replace("{member}", "{member_id}")
        .replace("{document}", "{document_id}")
        .replace("/templates/nghi-quyet-thang", "/templates/{kind_id}")
    )


def test_every_route_with_a_body_is_here(openapi500):
    operations = {
        (method.upper(), path): operation for path, item in openapi500["paths"].items() for method, operation in item.items()
    }
    with_body = {key for key, operation in operations.items() if "requestBody" in operation}
    assert {(method, _documented(path)) for method, path in BODY_ROUTES} == with_body
    changing = {key for key in operations if key[0] in ("POST", "PUT", "PATCH")}
    assert changing - with_body == BODYLESS


def _multipart(fields) -> dict:
    """A drawn form as the test client sends it: bytes as a file, other values as text, None left out."""
    if not isinstance(fields, dict):
        return {"file": (io.BytesIO(str(fields).encode()), "x.docx")}
    return {
        name: (io.BytesIO(value), "tệp.docx") if isinstance(value, bytes) else json.dumps(value).strip('"')
        for name, value in fields.items()
        if value is not None
    }


@pytest.mark.parametrize("method, path", BODY_ROUTES, ids=[f"{m} {p}" for m, p in BODY_ROUTES])
@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_bodies_drawn_from_the_declared_schema_with_edge_values(client500, openapi500, paths500, method, path, data):
    content = openapi500["paths"][_documented(path)][method.lower()]["requestBody"]["content"]
    media = data.draw(st.sampled_from(sorted(content)))
    drawn = data.draw(from_schema(content[media]["schema"], openapi500["components"]["schemas"]))
    if media == "application/json":
        body = {"data": json.dumps(drawn)}
    elif media == "multipart/form-data":
        body = {"data": _multipart(drawn)}
    else:
        body = {"data": drawn if isinstance(drawn, bytes) else json.dumps(drawn).encode()}
    response = client500.open(path.format(**paths500), method=method, content_type=media, **body)
    assert response.status_code < 300 or response.status_code in REFUSALS, (
        response.status_code,
        str(drawn)[:300],
        response.get_data()[:300],
    )
    if response.status_code >= 400:
        assert response.mimetype == "application/problem+json"


# Valid bodies of every route whose body carries dates, years or counts; the test below puts edge values in
# them, so that the rest of the body is valid and the edge value reaches the checks and derived values.
def _sample(kind_id: str) -> dict:
    return json.loads((SAMPLES / next(k for k in KINDS if k.id == kind_id).sample).read_text(encoding="utf-8"))


BATCH_MEMBER = {
    "upper": "Đảng bộ xã An Phú",
    "cell": "Chi bộ Thôn Đông",
    "place": "An Phú",
    "full_name": "Nguyễn Văn An",
    "birth_date": "1970-03-12",
    "admitted_on": "1995-05-15",
    "official_on": "1996-05-15",
    "party_position": "Bí thư Chi bộ",
    "score_general": 27,
    "score_tasks": 60,
    "self_rating": "HTTNV",
}
VALID_BODIES = [
    *[("POST", f"/api/v1/documents/{kind.id}", _sample(kind.id)) for kind in KINDS],
    *[("POST", f"/api/v1/documents/{kind.id}/titles", _sample(kind.id)) for kind in KINDS],
    ("POST", "/api/v1/documents/bao-cao-thang", {k: v for k, v in _sample("bao-cao-thang").items() if k != "period"}),
    (
        "POST",
        "/api/v1/organizations",
        {
            "parent_id": "{org}",
            "level": "chi_bo",
            "name": "Tổ đảng 1",
            "place": "An Phú",
            "abbreviation": "CB",
            "created_on": "2020-01-01",
        },
    ),
    ("PATCH", "/api/v1/organizations/{org}", {"created_on": "2021-01-01", "level": "chi_bo"}),
    (
        "POST",
        "/api/v1/organizations/{org}/terms",
        {"name": "Nhiệm kỳ 2030 - 2035", "start_on": "2030-10-01", "end_on": "2035-09-30"},
    ),
    ("PATCH", "/api/v1/organizations/{org}/terms/{term}", {"start_on": "2025-10-01", "end_on": "2030-09-30"}),
    (
        "POST",
        "/api/v1/organizations/{org}/members",
        {
            k: v
            for k, v in BATCH_MEMBER.items()
            if k not in ("upper", "cell", "place", "score_general", "score_tasks", "self_rating")
        },
    ),
    ("PATCH", "/api/v1/organizations/{org}/members/{member}", {"birth_date": "1970-03-12", "exempt": False}),
    ("POST", "/api/v1/organizations/{org}/register", {"doc_type": "BC", "date": "2026-11-05"}),
    ("POST", "/api/v1/batches", {"year": 2026, "date": "2026-12-01", "members": [BATCH_MEMBER]}),
    # Once a correction is recorded the document is superseded (409); the examples before it reach the checks.
    ("POST", "/api/v1/documents/{document}/corrections", {"reason": "Sửa", "input": _sample("nghi-quyet-thang")}),
    # Not sent: refused (409) before its input is read, which is what this route must do without a 500.
    ("POST", "/api/v1/documents/{document}/replacements", {"reason": "Thay", "input": _sample("nghi-quyet-thang")}),
]
_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_CLOCK = re.compile(r"[0-9]{2}:[0-9]{2}")
INT_EDGES = [
    0,
    -1,
    1,
    12,
    13,
    1929,
    1930,
    1999,
    2000,
    2200,
    2201,
    9999,
    10_000,
    2**31 - 1,
    2**31,
    10**30,
    True,
    False,
    1.5,
    "2026",
    None,
]
DAY_EDGES = [
    "1929-12-31",
    "1930-01-01",
    "2200-12-31",
    "2201-01-01",
    "1899-12-31",
    "1900-01-01",
    "2199-12-31",
    *ODD_DAYS,
    0,
    20261105,
    None,
]


def _edge_values(value) -> st.SearchStrategy | None:
    """Edge values for a leaf that is a count, a year, a date or a clock time (None: not such a leaf)."""
    if isinstance(value, bool) or (isinstance(value, int) and not isinstance(value, bool)):
        return st.sampled_from(INT_EDGES) | st.integers()
    if isinstance(value, str) and _DAY.fullmatch(value):
        return st.sampled_from(DAY_EDGES)
    if isinstance(value, str) and _CLOCK.fullmatch(value):
        return st.sampled_from(ODD_TIMES)
    return None


def _leaf(value, path):
    for part in path:
        value = value[part]
    return value


@pytest.mark.parametrize("method, path, valid", VALID_BODIES, ids=[f"{m} {p}" for m, p, _ in VALID_BODIES])
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_dates_years_and_counts_at_their_edges_in_valid_bodies(client500, paths500, method, path, valid, data):
    body = json.loads(json.dumps(valid).replace('"{org}"', str(paths500["org"])))
    leaves = [p for p in _paths(body) if p and _edge_values(_leaf(body, p)) is not None]
    for chosen in data.draw(st.lists(st.sampled_from(leaves), min_size=1, max_size=3, unique=True)):
        body = _replace(body, chosen, data.draw(_edge_values(_leaf(body, chosen))))
    response = client500.open(path.format(**paths500), method=method, json=body)
    assert response.status_code < 300 or response.status_code in REFUSALS, (
        response.status_code,
        body,
        response.get_data()[:300],
    )


def test_the_edge_bodies_cover_every_route_whose_body_has_dates_or_numbers():
    json_routes = {
        (m, p) for m, p in BODY_ROUTES if p.startswith(("/api/v1/documents/", "/api/v1/organizations", "/api/v1/batches"))
    }
    assert json_routes - {(m, p) for m, p, _ in VALID_BODIES} == {
        ("POST", "/api/v1/documents/verify"),
        ("POST", "/api/v1/organizations/{org}/templates/nghi-quyet-thang"),
        ("POST", "/api/v1/organizations/{org}/templates/nghi-quyet-thang/lint"),
    }  # a file and a profile only
