"""The API tests' client sends a write key (tests/conftest.py); tests of keys themselves use keyed_client."""

from __future__ import annotations

import pytest


@pytest.fixture
def client(api_client):
    return api_client
