"""Shared fixtures: a fresh app and client per test and the sample input."""
from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from service import create_app

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"


@pytest.fixture
def app(tmp_path):
    return create_app({"TESTING": True, "INSTANCE_DIR": str(tmp_path)})


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def meeting() -> dict:
    """A fresh copy of the monthly meeting sample for each test to modify."""
    return copy.deepcopy(_sample("monthly-meeting.json"))


def _sample(name: str) -> dict:
    return json.loads((SAMPLES / name).read_text(encoding="utf-8"))
