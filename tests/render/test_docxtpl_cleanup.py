"""The adapter does exactly what DocxTemplate does with the same input."""

from __future__ import annotations

import io

import docx
import pytest
from hypothesis import given, settings, strategies as st
from docxtpl import DocxTemplate
from jinja2 import Environment
from lxml import etree

from service.render import docxtpl_cleanup
from service.render.environment import ValueWatch, fast_path_environment

from .features import CONTEXT_LABELS, make_context, template
from .packages import NAMESPACES, para, row, table

BODIES = {
    "loops": para("{%p for item in items %}") + para("{{ item }}\t{{ name }}") + para("{%p endfor %}"),
    "escaped delimiters": para("literal {_{ x }_} and {_% y %_}") + para("{{ note }}"),
    "table": table(row("{%tr for m in members %}"), row("{{ m.name }}"), row("{%tr endfor %}"), columns=1),
}


def _body(content: str) -> str:
    return f"<w:body {NAMESPACES}>{content}</w:body>"


@pytest.mark.parametrize("label", CONTEXT_LABELS)
@pytest.mark.parametrize("body", BODIES)
def test_compile_and_finish_equal_render_xml_part(body, label):
    env = Environment(autoescape=True)
    patched = docxtpl_cleanup.patch(_body(BODIES[body]))
    context = make_context(label)
    rendered = env.from_string(docxtpl_cleanup.to_jinja_source(patched)).render(context)
    ours = docxtpl_cleanup.finish(rendered).xml.decode("utf-8")
    theirs = DocxTemplate(None).render_xml_part(patched, None, context, env)
    assert ours == theirs


@pytest.mark.parametrize("label", CONTEXT_LABELS)
@pytest.mark.parametrize("body", BODIES)
def test_unmarked_template_output_equals_render_xml_part_for_plain_values(body, label):
    env = fast_path_environment(None)
    source = docxtpl_cleanup.to_jinja_source(docxtpl_cleanup.patch(_body(BODIES[body])))
    context = make_context(label)
    with ValueWatch() as values:
        rendered = docxtpl_cleanup.unmarked_template(env, source).render(context)
    theirs = DocxTemplate(None).render_xml_part(docxtpl_cleanup.patch(_body(BODIES[body])), None, context, env)
    assert values.plain  # these bodies print strings only: "\n\t\a\f" are the listing resolution's
    assert docxtpl_cleanup.finish(rendered, marked=False).xml.decode("utf-8") == theirs


def test_whitespace_control_after_a_tag_keeps_the_marks():
    # "-%}" may take a mark away, and finish() would then remove a newline of the text before it.
    source = docxtpl_cleanup.to_jinja_source(_body(para("{{ note }}") + "{% if flag -%}" + para("x") + "{% endif %}"))
    assert docxtpl_cleanup.unmarked_template(fast_path_environment(None), source) is None


def test_finish_leaves_text_without_listing_characters_alone():
    xml = _body(para("Đồng chí {không phải thẻ}"))
    assert docxtpl_cleanup.finish(xml) == (xml.encode("utf-8"), [])


def test_fix_tables_and_docpr_ids_act_as_in_docxtpl_render():
    source = template("python_docx_made")
    reference = DocxTemplate(io.BytesIO(source))
    reference.render({"members": [{"name": "a"}] * 3, "items": []}, autoescape=True)
    body = docx.Document(io.BytesIO(source)).element.body
    tree = docxtpl_cleanup.fix_tables(etree.tostring(body, encoding="UTF-8"))
    docxtpl_cleanup.fix_docpr_ids(tree)
    ids = [e.get("id") for e in tree.iter("{*}docPr")]
    assert ids == ["1001", "1002"]
    assert ids == [e.get("id") for e in reference.docx.element.body.iter("{*}docPr")]


def test_core_property_names_are_the_ones_docxtpl_renders():
    document = docx.Document()
    properties = document.core_properties
    names = [n for n in dir(properties) if not n.startswith("_") and isinstance(getattr(properties, n), str)]
    for name in names:
        setattr(properties, name, "{{ v }}")
    stream = io.BytesIO()
    document.save(stream)
    reference = DocxTemplate(io.BytesIO(stream.getvalue()))
    reference.render({"v": "rendered"})
    rendered = {n for n in names if getattr(reference.docx.core_properties, n) == "rendered"}
    assert rendered == set(docxtpl_cleanup.CORE_PROPERTY_NAMES)


_FRAGMENTS = [
    "<w:p>",
    '<w:p w:rsidR="1">',
    "</w:p>",
    "<w:r>",
    "</w:r>",
    "<w:t>",
    '<w:t xml:space="preserve">',
    "</w:t>",
    "<w:pPr><w:jc/></w:pPr>",
    "<w:rPr><w:b/></w:rPr>",
    "<w:pPr>",
    "</w:pPr>",
    "<w:tc>",
    "<w:t/>",
    '<w:t a="',
    '">',
    '<w:r w:x="1"/>',
    "Đảng",
    "x",
    "\n",
    "\n",
    "\n",
    "\t",
    "\a",
    "\f",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_FRAGMENTS), max_size=40))
def test_listing_resolution_by_paragraph_equals_docxtpl_on_the_whole(fragments):
    """The adapter only hands docxtpl the paragraphs that need it; the result must not change."""
    xml = "".join(fragments)
    ours = docxtpl_cleanup.resolve_listing(xml.encode("utf-8")).xml.decode("utf-8")
    assert ours == DocxTemplate(None).resolve_listing(xml)


def test_listing_resolution_reports_the_paragraphs_it_rewrote_beyond_line_breaks_in_text():
    breaks, tab, line_feed_in_tag = (
        para("dòng một\ndòng hai"),
        para("cột\ttiếp", props="<w:jc/>"),
        '<w:p><w:r><w:t w:x="a\nb">c\nd</w:t></w:r></w:p>',
    )
    xml = _body(para("không đổi") + breaks + para("giữa") + tab + line_feed_in_tag).encode("utf-8")
    finished = docxtpl_cleanup.resolve_listing(xml)
    expected = [DocxTemplate(None).resolve_listing(p).encode("utf-8") for p in (breaks, tab, line_feed_in_tag)]
    assert all(paragraph in finished.xml for paragraph in expected)
    # A line break in a w:t's text keeps the markup balanced; the others are for a parser to judge.
    assert finished.rewritten == expected[1:]


@pytest.mark.parametrize(
    "body",
    [
        '<w:p w:rsidR="1"/><w:p><w:r><w:t>a\tb</w:t></w:r></w:p>',  # the match starts at a self-closed paragraph
        "<w:p><w:r><w:t>a\tb</w:t><w:pict><w:txbxContent><w:p><w:r><w:t>c</w:t></w:r></w:p>",  # paragraph in a paragraph
    ],
)
def test_listing_rewrites_of_less_or_more_than_one_paragraph_are_not_vouched_for(body):
    finished = docxtpl_cleanup.resolve_listing(body.encode("utf-8"))
    assert finished.rewritten is None
    assert finished.xml.decode("utf-8") == DocxTemplate(None).resolve_listing(body)
