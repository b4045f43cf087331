"""The README documents every command, option, setting, route and package (a missing entry fails here, as in
datasette): the command tree, the settings and the URL map are walked, not listed by hand."""

from __future__ import annotations

import re

import click
import pytest

from service.cli import main
from service.config import DEFAULTS, ENV_PREFIX
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
LAYOUT = README[README.index("## Layout of the code") :]


def _commands(command: click.Command, path: tuple[str, ...] = ()):
    if isinstance(command, click.Group):
        for name, sub in command.commands.items():
            yield from _commands(sub, (*path, name))
    else:
        yield " ".join(path), command


COMMANDS = dict(_commands(main))


def _reference_line(path: str) -> str:
    """The command's line of "Every command": `- `python -m service PATH …`: what it does. Options: …`"""
    found = [line for line in README.splitlines() if re.match(rf"- `python -m service {re.escape(path)}[ `]", line)]
    assert len(found) == 1, f"README has {len(found)} reference lines for `{path}`"
    return found[0]


def _routes(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint != "static":
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                # <id:batch_id>, <path:filename>, <any(a, b):action> are written <batch_id>, <filename>, <action>.
                yield method, re.sub(r"<(?:[^:>]+:)?(\w+)>", r"<\1>", rule.rule)


def test_the_walk_finds_subcommands_and_top_level_commands():
    assert {"render", "templates lint", "db upgrade", "keys create", "serve"} <= set(COMMANDS)


@pytest.mark.parametrize("command", sorted(main.commands))
def test_every_command_is_in_the_readme(command):
    assert f"python -m service {command}" in README


@pytest.mark.parametrize("path", sorted(COMMANDS))
def test_every_command_has_a_reference_line_naming_each_of_its_options(path):
    line = _reference_line(path)
    options = [max(param.opts, key=len) for param in COMMANDS[path].params if isinstance(param, click.Option)]
    assert [option for option in options if f"`{option}`" not in line] == []


@pytest.mark.parametrize("setting", sorted(DEFAULTS))
def test_every_setting_is_in_the_readme(setting):
    assert f"`{ENV_PREFIX}_{setting}`" in README


def test_every_api_and_web_route_is_in_the_readme(app):
    routes = set(_routes(app))
    assert {("GET", "/api/v1/batches/<batch_id>"), ("POST", "/forms/<form_id>")} <= routes
    assert sorted(f"{method} {path}" for method, path in routes if f"`{method} {path}`" not in README) == []


def test_the_layout_names_every_package_and_module_of_the_service():
    names = [
        path.name + ("/" if path.is_dir() else "")
        for path in (ROOT / "service").iterdir()
        if (path / "__init__.py").is_file() or path.suffix == ".py"
    ]
    assert len(names) > 10
    assert [name for name in names if not re.search(rf"^  {re.escape(name)} ", LAYOUT, re.MULTILINE)] == []


def test_readme_has_the_two_set_up_commands_and_ci_runs_the_test_one():
    start = "pip install -r requirements.txt && python -m service serve"
    test = "pip install -r requirements-dev.txt && python -m pytest"
    assert start in README and test in README
    assert test.replace("pip install", "pip install -q") in (ROOT / ".ci" / "run").read_text()
