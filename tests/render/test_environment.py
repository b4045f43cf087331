"""The engine's environment looks a dict's keys up faster than Jinja's own, and must answer as Jinja does."""

from __future__ import annotations

from collections import OrderedDict

import pytest
from jinja2 import Environment

from service.render.environment import fast_path_environment

SOURCES = [
    "{{ d.name }}",
    "{{ d.missing }}|{{ d.missing is defined }}",
    "{{ d.items is callable }}",  # a dict's own attribute comes before its key of the same name
    "{{ d.keys is callable }}|{{ d['keys'] }}",
    "{{ d.inner.deep }}",
    "{% for k, v in d.items() %}{{ k }}={{ v }};{% endfor %}",
    "{{ o.name }}",
]


@pytest.mark.parametrize("source", SOURCES)
@pytest.mark.parametrize("mapping", [dict, OrderedDict])
def test_attribute_lookups_give_what_jinja_gives(source, mapping):
    context = {
        "d": mapping(name="An & Bình", items="key called items", keys="key called keys", inner={"deep": 1}),
        "o": type("Thing", (), {"name": "attribute"})(),
    }
    expected = Environment(autoescape=True).from_string(source).render(context)
    assert fast_path_environment(None).from_string(source).render(context) == expected


def test_globals_are_jinja_globals():
    source = "{% for i in range(3) %}{{ i }}{% endfor %}|{{ dict(a=1).a }}|{{ lipsum is callable }}"
    assert fast_path_environment(None).from_string(source).render() == Environment().from_string(source).render()
