"""The engine's documents equal plain docxtpl's, feature by feature.

docxtpl is pinned (requirements.txt); the reference is
DocxTemplate(template).render(context, autoescape=True) followed by save().
differential.py says what "equal" means for each kind of part.

Deliberate differences, none of which any fixture here can show:
- A template without docProps/core.xml stays without one. python-docx would
  invent the part with title "Word Document" and the current time, which would
  make documents differ by the second (see test_engine.py).
- docxtpl renders footnotes once per section, feeding its own output back to
  Jinja from the second section on, so a value containing "{{" would be run as
  template code. The engine renders footnotes once.
- docxtpl's recover-mode parse repairs malformed output silently; the engine
  raises RenderError (test_engine.py). So it does for a value holding a lone
  surrogate, where docxtpl silently drops the rest of the text.
Reproduced as docxtpl does it, though surprising: document properties
(docProps/core.xml) are rendered with autoescape and then stored as text, so
"A & B" becomes the title "A &amp; B"; python-docx's save adds empty creator,
description, identifier, language, subject and title elements when absent;
docxtpl does not touch lastModifiedBy, revision or dates, and neither does the
engine.
"""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from docxtpl import Listing
from jinja2 import Environment

from service.render.engine import RenderError, get_compiled, render_docx

from .differential import differences, docxtpl_render
from .features import CONTEXT_LABELS, TEMPLATES, make_context, template


def assert_same_as_docxtpl(template_bytes: bytes, context_factory, *, name: str, jinja_env=None) -> None:
    try:
        expected = docxtpl_render(template_bytes, context_factory(), jinja_env)
    except Exception as docxtpl_error:  # docxtpl refusing a context: the engine must refuse it too
        with pytest.raises(RenderError):
            render_docx(template_bytes, context_factory(), name=name, jinja_env=jinja_env)
        return docxtpl_error
    actual = render_docx(template_bytes, context_factory(), name=name, jinja_env=jinja_env)
    assert differences(actual, expected) == []
    return None


@pytest.mark.parametrize("label", CONTEXT_LABELS)
@pytest.mark.parametrize("feature", TEMPLATES)
def test_engine_matches_docxtpl(feature, label):
    refused = assert_same_as_docxtpl(template(feature), lambda: make_context(label), name=feature)
    # Only the document properties cannot hold control characters; every body feature must render.
    assert refused is None or (feature == "core_properties" and label == "controls")


def test_fixtures_exercise_tagged_and_untagged_parts():
    """Guards the suite itself: a fixture whose tags went unnoticed would compare nothing."""
    rendered = {f: {type(e).__name__ for e in get_compiled(template(f))._layout} for f in TEMPLATES}
    assert all("_StoryTemplate" in kinds for f, kinds in rendered.items() if f != "untagged_with_grid_fix")
    assert "_CoreTemplate" in rendered["core_properties"]


@pytest.mark.parametrize("label", CONTEXT_LABELS)
def test_custom_environment_with_filters_matches_docxtpl(label):
    def shout(value):
        return str(value).upper() + "!"

    env = Environment()
    env.filters["shout"] = shout
    env.globals["unit"] = "Chi bộ <4>"
    template_bytes = template("run_tags").replace(b"{{ name|upper }}", b"{{ name|shout }} {{ unit }}")
    assert_same_as_docxtpl(template_bytes, lambda: make_context(label), name="custom", jinja_env=env)


_XML_TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\r\ufffe\uffff",
                                  max_codepoint=0x1F9FF).filter(lambda c: c >= " " or c in "\t\n\a\f"),
                    max_size=40)
# A character XML cannot hold, except the four docxtpl turns into markup.
_XML_TEXT = _XML_TEXT.filter(lambda s: all(c >= " " or c in "\t\n\a\f" for c in s))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=_XML_TEXT, lines=st.lists(_XML_TEXT, max_size=4))
def test_any_text_renders_as_docxtpl_renders_it(name, lines):
    def context():
        return {"name": name, "title": name, "note": name, "flag": bool(lines), "items": lines,
                "speeches": [{"speaker": name, "lines": lines}], "members": [], "columns": lines, "listing": Listing(name)}

    for feature in ("nested_loops", "listing_and_control_characters", "table_cells_grid_fix"):
        assert_same_as_docxtpl(template(feature), context, name=feature)
