"""Lint of uploaded templates: what Word did to the tags, syntax, names and fields, refused constructs."""

from __future__ import annotations

import json

import pytest

from service import pipeline
from service.kinds import all_kinds
from service.custom_templates.lint import has_errors, lint
from service.custom_templates.sandbox import TemplateSandbox
from tests.conftest import SAMPLES
from tests.custom_templates.files import KIND, custom, paragraph, payload, textbox

ENV = TemplateSandbox()


def context(kind: str = KIND) -> dict:
    spec = next(k for k in all_kinds() if k.id == kind)
    return pipeline.check(kind, json.loads((SAMPLES / spec.sample).read_text(encoding="utf-8"))).context


def issues(template: bytes, kind: str = KIND) -> list:
    return lint(template, context(kind), ENV)


def codes(template: bytes) -> list[tuple[str, str]]:
    return [(issue.code, issue.severity) for issue in issues(template)]


@pytest.mark.parametrize("kind", [kind.id for kind in all_kinds()])
def test_the_built_templates_have_no_issue(kind):
    prepared_profile = pipeline.check(
        kind, json.loads((SAMPLES / next(k for k in all_kinds() if k.id == kind).sample).read_text(encoding="utf-8"))
    ).profile
    assert issues(pipeline.template_bytes(kind, prepared_profile.id), kind) == []


def test_a_tag_split_across_runs_is_repaired_and_reported():
    found = issues(custom(paragraph("Kính gửi: {{ org.", "name }} và {{ org.place }}")))
    assert [(i.code, i.severity) for i in found] == [("tag_split_repaired", "warning")]
    assert "{{ org.name }}" in found[0].message and found[0].part == "word/document.xml"
    assert found[0].excerpt == "Kính gửi: {{ org.name }} và {{ org.place }}"


def test_a_misspelt_field_is_an_error_with_the_nearest_name():
    found = issues(payload("Chi bộ {{ org.nmae }}"))
    assert [(i.code, i.suggestion) for i in found] == [("unknown_field", "name")]
    assert "“org.nmae”" in found[0].message and "Có phải ý là “name”?" in found[0].message
    assert "Chi bộ {{ org.nmae }}" in found[0].message and found[0].line is not None


def test_a_misspelt_variable_is_an_error_with_the_nearest_name():
    found = issues(payload("{{ orgg.name }}"))
    assert [(i.code, i.suggestion) for i in found] == [("unknown_field", "org")]


def test_fields_of_loop_items_are_checked_against_the_list_elements():
    ok = payload("{% for s in speeches %}{{ s.speaker }}: {{ s.content }}{% endfor %}")
    wrong = payload("{% for s in speeches %}{{ s.speakr }}{% endfor %}")
    assert issues(ok) == []
    assert [(i.code, i.suggestion) for i in issues(wrong)] == [("unknown_field", "speaker")]


def test_names_the_template_sets_itself_and_the_globals_are_known():
    template = payload(
        "{% set total = attendance.total %}{% set ns = namespace(n=1) %}{{ total }} {{ ns.n }} "
        "{% for i in range(2) %}{{ loop.index }}{% endfor %} {{ org.items()|list|length }}"
    )
    assert issues(template) == []


@pytest.mark.parametrize(
    "source, message",
    [
        ("{% for a in agenda %}{{ a }}", "Khối {% for %} chưa được đóng: thiếu {% endfor %}."),
        ("{% if doc.draft %}x{% endfor %}", "Thẻ {% endfor %} không khớp: khối đang mở là {% if %}"),
        ("x{% endif %}", "Thẻ {% endif %} không có thẻ mở tương ứng."),
        ("{{ org.name }", "Thẻ sai cú pháp"),
    ],
)
def test_unbalanced_tags_are_syntax_errors_with_the_paragraph(source, message):
    found = issues(payload(source))
    assert [(i.code, i.severity) for i in found][-1] == ("template_syntax", "error") or ("tag_not_closed", "error") in [
        (i.code, i.severity) for i in found
    ]
    syntax = [i for i in found if i.code == "template_syntax"]
    assert syntax and message in syntax[0].message and syntax[0].excerpt and syntax[0].line


def test_smart_quotes_in_tags_are_converted_and_reported():
    found = issues(payload("{{ org.name|replace(“CHI”, ‘Chi’) }}"))
    assert [(i.code, i.severity) for i in found] == [("smart_quotes_converted", "warning")]


def test_tags_inside_text_boxes_are_reported():
    found = issues(custom(textbox("{{ org.name }}")))
    assert [(i.code, i.severity) for i in found] == [("tag_in_textbox", "warning")]


def test_a_tag_across_paragraphs_is_an_error():
    assert ("tag_not_closed", "error") in codes(custom(paragraph("{{ org."), paragraph("name }}")))


@pytest.mark.parametrize("source", ["{{ ''.__class__ }}", "{{ org['__class__'] }}", "{{ org._private }}"])
def test_underscore_attributes_are_refused_at_upload(source):
    assert [(i.code, i.severity) for i in issues(payload(source))] == [("unsafe_attribute", "error")]


@pytest.mark.parametrize("source", ["{{ config }}", "{{ request.environ }}", "{{ cycler2 }}"])
def test_names_the_context_does_not_have_are_refused(source):
    assert [i.code for i in issues(payload(source))] == ["unknown_field"]


@pytest.mark.parametrize("source", ["{% include 'x.docx' %}", "{% extends 'base' %}", "{% import 'm' as m %}"])
def test_loading_other_templates_is_refused(source):
    assert "template_include" in [i.code for i in issues(payload(source))]


def test_an_unknown_filter_is_an_error():
    found = issues(payload("{{ org.name|random }}"))
    assert [i.code for i in found] == ["template_unknown_name"] and has_errors(found)
    assert "“random”" in found[0].message


def test_nesting_too_deep_for_the_parser_is_an_error():
    found = issues(payload("{{ " + "(" * 500 + "1" + ")" * 500 + " }}"))
    assert [i.code for i in found] == ["template_too_deep"]


def test_a_report_lists_so_many_issues_and_counts_the_rest():
    found = issues(custom(*[paragraph("{{ org.", "name }}", f" {n}") for n in range(250)]))
    assert len(found) == 200 and found[-1].code == "more_issues" and "Còn 51 lưu ý khác" in found[-1].message


def test_errors_come_before_warnings():
    found = issues(custom(paragraph("{{ org.", "name }}"), paragraph("{{ org.nmae }}")))
    assert [i.severity for i in found] == ["error", "warning"]
