"""The README documents every command and setting (a missing entry fails here, as in datasette)."""
from __future__ import annotations

import pytest

from service.cli import main
from service.config import DEFAULTS, ENV_PREFIX
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("command", sorted(main.commands))
def test_every_command_is_in_the_readme(command):
    assert f"python -m service {command}" in README


@pytest.mark.parametrize("setting", sorted(DEFAULTS))
def test_every_setting_is_in_the_readme(setting):
    assert f"`{ENV_PREFIX}_{setting}`" in README


def test_readme_has_the_two_set_up_commands_and_ci_runs_the_test_one():
    start = "pip install -r requirements.txt && python -m service serve"
    test = "pip install -r requirements-dev.txt && python -m pytest"
    assert start in README and test in README
    assert test.replace("pip install", "pip install -q") in (ROOT / ".ci" / "run").read_text()
