"""Property-based: no request body of any shape makes the document API answer 500.

Bodies come from four sources: arbitrary JSON, arbitrary bytes, documents generated from each
kind's JSON Schema, and the sample with one value anywhere replaced by an arbitrary one.
"""
from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from service import create_app
from service.kinds import all_kinds
from service.store import organizations
from tests.api.schema_strategy import from_schema
from tests.conftest import SAMPLES, TOP_ORGANIZATION, keyed_client

ALLOWED = {200, 400, 413, 415, 422}
KINDS = all_kinds()
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=50),
    lambda children: st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=10), children, max_size=5),
    max_leaves=30)


@pytest.fixture(scope="module")
def client500(tmp_path_factory, database_source):
    """One app for every example: a fresh database per example would dominate the run time."""
    folder = tmp_path_factory.mktemp("no500")
    app = create_app({"TESTING": True, "DATABASE_URL": database_source.fresh(folder),
                      "STORAGE_DIR": str(folder / "storage"), "RATE_LIMIT_PER_MINUTE": 0})
    yield keyed_client(app, organizations.create_organization(app.extensions["database"], TOP_ORGANIZATION)["id"])
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
