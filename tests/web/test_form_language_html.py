"""Every form speaks Vietnamese (issue 19 item 8): no English word, no raw value a person would have to decode."""

from __future__ import annotations

import re

import pytest
from lxml import html

from service.kinds import all_kinds
from service.web.forms import all_forms

# Words that betray an English text or a value for programs; no Vietnamese word is spelled so ("an", "to",
# "no", "in" are Vietnamese words and stay off the list).
ENGLISH = frozenset(
    """
the and of is for when each given only with from by as or not none null true false yes
figures comrade leader meeting minutes resolution member members vote votes cell date time name position
form submit add remove delete select required optional error warning adopted official probationary default
""".split()
)
IDENTIFIER = re.compile(r"\b[a-z]+(?:_[a-z]+)+\b|\bqd\d+-\d{4}\b")


def _enum_values() -> set[str]:
    values: set[str] = set()

    def walk(node):
        if isinstance(node, dict):
            values.update(str(v) for v in node.get("enum", ()))
            for child in node.values():
                walk(child)
        elif isinstance(node, list):
            for child in node:
                walk(child)

    for kind in all_kinds():
        walk(kind.input_model.model_json_schema())
    return values


ENUM_VALUES = _enum_values()


def visible_text(page: bytes) -> str:
    """What a person reads or hears: text outside scripts and row templates, placeholders, accessible labels."""
    doc = html.fromstring(page)
    for hidden in doc.xpath("//script|//style|//template|//head"):
        hidden.getparent().remove(hidden)
    attributes = doc.xpath("//@placeholder|//@aria-label|//@title|//@alt")
    return " ".join([doc.text_content(), *attributes])


def option_labels(page: bytes) -> list[tuple[str, str]]:
    return [
        (o.get("value", ""), " ".join(o.text_content().split()))
        for o in html.fromstring(page).iter("option")
        if not any(a.tag == "template" for a in o.iterancestors())
    ]


@pytest.mark.parametrize("with_roster", [False, True], ids=["no-roster", "roster"])
@pytest.mark.parametrize("form", all_forms(), ids=lambda f: f.id)
def test_every_form_page_is_in_vietnamese(request, web, form, with_roster):
    if with_roster:
        request.getfixturevalue("chi_bo")
    for query in ("", "?sample=1"):
        page = web.get(f"/forms/{form.id}{query}").data
        text = visible_text(page)
        words = {word.lower() for word in re.findall(r"\w+", text) if word.isascii()}
        assert not words & ENGLISH, (query, sorted(words & ENGLISH))
        assert not IDENTIFIER.findall(text.lower()), (query, IDENTIFIER.findall(text.lower()))
        for value, label in option_labels(page):
            # A value a program reads is never the label a person reads (HTXSNV alone, "Leader").
            assert not (value in ENUM_VALUES and label.lower() == value.lower() and value.isascii()), (value, label)


def test_the_deny_list_catches_what_the_forms_used_to_show():
    leaked = "Figures the upper level asks for; each printed only when given. Leader Non_leader qd366-2025"
    words = {word.lower() for word in re.findall(r"\w+", leaked) if word.isascii()}
    assert {"figures", "the", "each", "leader"} <= words & ENGLISH
    assert IDENTIFIER.findall(leaked.lower()) == ["non_leader", "qd366-2025"]
