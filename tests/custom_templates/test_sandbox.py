"""The sandboxed environment in this process: injection payloads refused, bombs stopped, the built
templates rendered byte for byte as the engine renders them without a sandbox."""

from __future__ import annotations

import json

import pytest
from jinja2.sandbox import SecurityError

from service import pipeline
from service.kinds import all_kinds
from service.render.engine import RenderError, render_docx
from service.render.environment import fast_path_environment
from service.custom_templates.sandbox import LimitExceeded, Limits, TemplateSandbox
from tests.conftest import SAMPLES
from tests.custom_templates.files import payload

LIMITS = Limits(max_loop=1000, max_output=10_000)
# A text that doubles at every turn of a loop: 2**40 characters within the loop limit.
DOUBLING = "{{% set ns = namespace(s='ab') %}}{{% for i in range(40) %}}{{% set ns.s = ns.s {op} ns.s %}}{{% endfor %}}"


@pytest.fixture(scope="module")
def env():
    # The engine renders with an overlay of the caller's environment; the guards must survive it.
    return fast_path_environment(TemplateSandbox(LIMITS))


def render(env, source: str, **context) -> str:
    return env.from_string(source).render(context)


@pytest.mark.parametrize(
    "source",
    [
        "{{ ''.__class__ }}",
        "{{ ''.__class__.__mro__ }}",
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ cycler.__init__.__globals__ }}",
        "{{ joiner.__init__.__globals__.os }}",
        "{{ namespace.__init__.__globals__ }}",
        "{{ x.append(1) }}",
        "{{ x.__len__() }}",
        "{{ (1).__class__.__base__.__subclasses__() }}",
        "{% set ns = namespace() %}{{ ns.__class__ }}",
    ],
)
def test_python_internals_are_refused(env, source):
    with pytest.raises(SecurityError):
        render(env, source, x=[])


@pytest.mark.parametrize(
    "source", ["{{ self._TemplateReference__context }}", "{{ '{0.__class__}'.format(1) }}", "{{ 1|attr('__class__') }}"]
)
def test_underscore_attributes_are_refused_however_they_are_reached(env, source):
    with pytest.raises(SecurityError):
        render(env, source)


@pytest.mark.parametrize("source", ["{{ config }}", "{{ request }}"])
def test_what_a_plain_environment_does_not_have_renders_nothing(env, source):
    assert render(env, source) == ""


def test_lipsum_is_not_there(env):
    with pytest.raises(Exception, match="lipsum"):
        render(env, "{{ lipsum(10**6) }}")


@pytest.mark.parametrize(
    "source, code",
    [
        ("{% for i in range(10**9) %}x{% endfor %}", "loop_limit"),
        ("{% for a in x %}{% for b in x %}{% for c in x %}.{% endfor %}{% endfor %}{% endfor %}", "loop_limit"),
        ("{% for a in x recursive %}{% if loop.depth < 5 %}{{ loop(x) }}{% endif %}{% endfor %}", "loop_limit"),
        ("{{ 'a' * 10**8 }}", "output_limit"),
        ("{{ x * 10**8 }}", "output_limit"),
        ("{{ 9 ** (9 ** 9) }}", "output_limit"),
        ("{{ '%0999999d' % 1 }}", "output_limit"),
        ("{{ '%*d' % (10**8, 1) }}", "output_limit"),
        ("{{ 'x'|center(10**8) }}", "output_limit"),
        ("{{ 'x'.ljust(10**8) }}", "output_limit"),
        (DOUBLING.format(op="~"), "output_limit"),
        (DOUBLING.format(op="+"), "output_limit"),
        ("{% for i in range(999) %}{{ '0123456789' * 10 }}{% endfor %}", "output_limit"),
    ],
)
def test_bombs_stop_at_a_limit_with_its_code(env, source, code):
    with pytest.raises(LimitExceeded) as stopped:
        render(env, source, x=list(range(20)))
    assert stopped.value.code == code


def test_the_loop_budget_is_per_render(env):
    template = env.from_string("{% for i in range(600) %}.{% endfor %}")
    assert template.render() == template.render() == "." * 600


@pytest.mark.parametrize(
    "source", ["{{ " + "(" * 400 + "1" + ")" * 400 + " }}", "{% for a in x recursive %}{{ loop(x) }}{% endfor %}"]
)
def test_deep_nesting_stops_as_too_deep(env, source):
    with pytest.raises(RecursionError):
        render(env, source, x=[1])


def test_random_and_pprint_are_not_filters(env):
    with pytest.raises(Exception, match="random"):
        render(env, "{{ x|random }}", x=[1, 2])


def test_ordinary_template_features_work(env):
    source = (
        "{% set ns = namespace(n=0) %}{% for m in people if m.ok %}{% set ns.n = ns.n + 1 %}"
        "{{ loop.index }}/{{ loop.length }} {{ m.name|upper }}; {% endfor %}{{ ns.n }} "
        "{{ people|map(attribute='name')|join(', ') }} {{ '%02d'|format(7) }} {{ 'A & B' }}"
    )
    people = [{"name": "An", "ok": True}, {"name": "Bình", "ok": False}, {"name": "Cường", "ok": True}]
    assert render(env, source, people=people) == "1/2 AN; 2/2 CƯỜNG; 2 An, Bình, Cường 07 A &amp; B"


@pytest.mark.parametrize("kind", [kind.id for kind in all_kinds()])
def test_the_built_templates_render_the_same_in_the_sandbox(kind):
    """The sandbox only restricts: every built template gives the engine's bytes."""
    spec = next(k for k in all_kinds() if k.id == kind)
    prepared = pipeline.check(kind, json.loads((SAMPLES / spec.sample).read_text(encoding="utf-8")))
    template = pipeline.template_bytes(kind, prepared.profile.id)
    assert render_docx(template, prepared.context, jinja_env=TemplateSandbox()) == pipeline.render(prepared).content


def test_the_engine_reports_a_refusal_with_its_place(meeting):
    prepared = pipeline.check("nghi-quyet-thang", meeting)
    with pytest.raises(RenderError) as failed:
        render_docx(payload("{{ ''.__class__ }}"), prepared.context, name="custom", jinja_env=TemplateSandbox())
    assert isinstance(failed.value.__cause__, SecurityError)
    assert failed.value.part == "word/document.xml" and failed.value.field == "''.__class__"
