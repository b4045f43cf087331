"""The engine's own promises: reproducible bytes, caching, errors instead of lost text."""

from __future__ import annotations

import io
from concurrent.futures import ThreadPoolExecutor

import docx
import pytest
from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage, RichText
from jinja2 import Environment
from lxml import etree

from service.render.engine import CompiledTemplate, RenderError, TemplateCache, get_compiled, render_docx
from service.render.package import read_members, unpack, write_package

from .differential import differences, docxtpl_render, read_zip
from .features import CONTEXT_LABELS, TEMPLATES, make_context, template, tiny_png
from .packages import minimal_package, para, row, run, table


def document_text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    return "\n".join(p.text for p in document.paragraphs)


@pytest.mark.parametrize("feature", TEMPLATES)
def test_same_input_gives_identical_bytes(feature):
    first = render_docx(template(feature), make_context("vietnamese"))
    assert render_docx(template(feature), make_context("vietnamese")) == first
    # A fresh compile, as after a restart, gives the same bytes too.
    assert CompiledTemplate(template(feature)).render(make_context("vietnamese")) == first


def test_renders_in_threads_equal_renders_in_sequence():
    jobs = [(feature, label) for feature in TEMPLATES for label in CONTEXT_LABELS if feature != "core_properties"]
    expected = [render_docx(template(f), make_context(label)) for f, label in jobs]
    compiled = {feature: CompiledTemplate(template(feature)) for feature in TEMPLATES}
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda job: compiled[job[0]].render(make_context(job[1])), jobs * 3))
    assert results == expected * 3


def test_untagged_members_keep_their_compressed_bytes():
    source = template("headers_footers")
    rendered = render_docx(source, make_context("ascii"))
    before = {m.name: m for m in read_members(source)}
    after = {m.name: m for m in read_members(rendered)}
    assert list(before) == list(after)  # member order kept
    changed = {name for name in before if before[name] != after[name]}
    # core.xml changes as docxtpl's save changes it (empty properties added), once per template.
    assert changed == {"word/document.xml", "word/header1.xml", "word/footer1.xml", "docProps/core.xml"}
    other_record = {m.name: m for m in read_members(render_docx(source, make_context("vietnamese")))}
    assert other_record["docProps/core.xml"] == after["docProps/core.xml"]
    for name in before.keys() - changed:
        assert (after[name].crc, after[name].payload) == (before[name].crc, before[name].payload)


def test_cache_is_bounded_and_least_recently_used_goes_first():
    cache = TemplateCache(maxsize=2)
    a, b, c = (template(f) for f in ("run_tags", "paragraph_tags", "table_rows"))
    compiled_a = cache.get(a)
    cache.get(b)
    assert cache.get(a) is compiled_a  # a is now the most recently used
    cache.get(c)  # evicts b
    assert len(cache) == 2
    assert cache.get(a) is compiled_a
    assert cache.get(b) is not None and len(cache) == 2


def test_cache_separates_environments_and_names():
    cache = TemplateCache(maxsize=8)
    source = template("run_tags")
    shouting, quiet = Environment(), Environment()
    shouting.filters["upper"] = lambda value: "LOUD"
    assert cache.get(source, jinja_env=shouting) is not cache.get(source, jinja_env=quiet)
    assert cache.get(source, jinja_env=quiet) is cache.get(source, jinja_env=quiet)
    assert cache.get(source, name="a") is not cache.get(source, name="b")
    assert "LOUD" in document_text(cache.get(source, jinja_env=shouting).render(make_context("ascii")))
    assert "LOUD" not in document_text(cache.get(source, jinja_env=quiet).render(make_context("ascii")))
    assert shouting.autoescape is False  # the caller's environment is not modified


def test_get_compiled_is_keyed_by_content():
    compiled = get_compiled(template("run_tags"))
    assert get_compiled(bytes(template("run_tags"))) is compiled
    assert len(compiled.sha256) == 64


def test_values_appear_exactly_as_typed():
    typed = "A & B <C> \"D\" 'E' Đảng"
    text = document_text(render_docx(template("run_tags"), {"name": typed, "title": "", "note": "", "items": []}))
    assert f"Họ tên: {typed}" in text


def test_undefined_variables_render_empty_as_in_docxtpl():
    source = template("nested_loops")
    assert differences(render_docx(source, {}), docxtpl_render(source, {})) == []


def _unescaped_note() -> bytes:
    return minimal_package(para("Chi phí: {{ note|safe }}") + para("Đoạn sau"))


def test_malformed_output_is_an_error_where_docxtpl_loses_text():
    context = {"note": "x<y và các khoản khác"}
    # docxtpl's recover-mode parse silently drops text it cannot read.
    assert "các khoản khác" not in document_text(docxtpl_render(_unescaped_note(), context))
    with pytest.raises(RenderError) as caught:
        render_docx(_unescaped_note(), context, name="bien-ban.docx")
    error = caught.value
    assert (error.template, error.part, error.field) == ("bien-ban.docx", "word/document.xml", "note")
    assert "bien-ban.docx" in str(error) and "note" in str(error) and "malformed" in error.detail


def test_malformed_rich_text_names_its_field():
    rich = RichText()
    rich.xml = "<w:r><w:t>unclosed"  # what a buggy helper building RichText by hand might leave
    source = minimal_package(para(run("{{r speeches.0.rich }}")) + table(row("{{ name }}"), columns=1))
    with pytest.raises(RenderError) as caught:
        render_docx(source, {"name": "x", "speeches": [{"rich": rich}]})
    assert caught.value.field == "speeches[0].rich"


def test_malformed_header_is_an_error():
    source = minimal_package(para("body"), header=para("{{ name|safe }}"))
    with pytest.raises(RenderError) as caught:
        render_docx(source, {"name": "<broken"})
    assert caught.value.part == "word/header1.xml" and caught.value.field == "name"


def _proof_of(source: bytes, member: str = "word/document.xml"):
    return next(entry.proof for entry in get_compiled(source)._layout if getattr(entry, "member", None) == member)


@pytest.mark.parametrize("value", ["x\x01y", "x\ufffey", "x\x0by"])
def test_a_character_xml_forbids_is_an_error_in_a_template_proved_well_formed(value):
    source = minimal_package(para("Ghi chú: {{ note }}") + para("Đoạn sau"))
    assert _proof_of(source) is not None  # only values can break this template
    with pytest.raises(RenderError) as caught:
        render_docx(source, {"note": value})
    assert caught.value.part == "word/document.xml" and "malformed" in caught.value.detail


def test_a_lone_surrogate_is_an_error_naming_its_field():
    # docxtpl's recover-mode parse silently drops the text from the surrogate on.
    with pytest.raises(RenderError) as caught:
        render_docx(minimal_package(para("Ghi chú: {{ note }}")), {"note": "x\ud800y"})
    assert caught.value.field == "note" and "encoded" in caught.value.detail


def test_a_listing_character_that_breaks_the_markup_is_an_error():
    # docxtpl turns "\a" into a new paragraph, which cannot start inside a hyperlink.
    source = minimal_package('<w:p><w:hyperlink r:id="rId9"><w:r><w:t>{{ note }}</w:t></w:r></w:hyperlink></w:p>')
    assert _proof_of(source) is not None
    with pytest.raises(RenderError) as caught:
        render_docx(source, {"note": "Dòng một\aDòng hai"})
    assert "malformed" in caught.value.detail


def test_markup_printed_as_it_is_meets_docxtpl_paragraph_marks_exactly():
    # docxtpl removes the newline before every paragraph tag of its output, the note's own included.
    source = minimal_package(para("{{ note|safe }}") + para("sau"))
    context = {"note": "a</w:t></w:r></w:p>\n<w:p><w:r><w:t>b"}

    def strict_c14n(document: bytes) -> bytes:  # whitespace between elements kept
        return etree.tostring(etree.fromstring(read_zip(document)["word/document.xml"]), method="c14n")

    assert strict_c14n(render_docx(source, context)) == strict_c14n(docxtpl_render(source, context))


def test_unknown_filter_names_template_part_and_line():
    source = minimal_package(para("Mở đầu") + para("Chào {{ name|no_such_filter }}"))
    with pytest.raises(RenderError) as caught:
        get_compiled(source, name="hd05.docx")
    error = caught.value
    # Jinja's line, as docxtpl reports it: line 1 opens the part, each paragraph starts a line.
    assert (error.template, error.part, error.line) == ("hd05.docx", "word/document.xml", 3)
    assert error.field == "name|no_such_filter" and "no_such_filter" in error.detail


def test_syntax_error_names_the_part():
    source = minimal_package(para("ok"), header=para("{% if name %}never closed"))
    with pytest.raises(RenderError) as caught:
        get_compiled(source)
    assert caught.value.part == "word/header1.xml" and "TemplateSyntaxError" in caught.value.detail


def test_errors_while_rendering_name_the_line_and_tag():
    source = minimal_package(para("a") + para("b") + para("{{ member.name.first }}"))
    with pytest.raises(RenderError) as caught:
        render_docx(source, {})
    assert caught.value.line == 4 and caught.value.field == "member.name.first"


def test_over_long_document_property_is_an_error():
    with pytest.raises(RenderError) as caught:
        render_docx(template("core_properties"), {"title": "x" * 300, "name": ""})
    assert caught.value.part == "docProps/core.xml"


def test_template_without_core_properties_gets_none():
    core_relationship = (
        b'<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/'
        b'relationships/metadata/core-properties" Target="docProps/core.xml"/>'
    )
    members = [(m.name, unpack(m)) for m in read_members(template("run_tags")) if m.name != "docProps/core.xml"]
    source = write_package((name, data.replace(core_relationship, b"")) for name, data in members)
    assert "docProps/core.xml" not in read_zip(render_docx(source, make_context("ascii")))
    # python-docx would invent one stamped with the current time.
    assert "docProps/core.xml" in read_zip(docxtpl_render(source, make_context("ascii")))


def _picture_template() -> bytes:
    return minimal_package(
        para("Ảnh: {{ photo }}")
        + para("{%p for m in members %}")
        + para("{{ m.name }} {{ m.photo }}")
        + para("{%p endfor %}")
    )


def _picture_context(tpl) -> dict:
    return {
        "photo": InlineImage(tpl, io.BytesIO(tiny_png()), width=Mm(20)),
        "members": [{"name": "Hương", "photo": InlineImage(tpl, io.BytesIO(tiny_png()), height=Mm(8))}],
    }


def test_inline_images_fall_back_to_docxtpl():
    source = _picture_template()
    reference = DocxTemplate(io.BytesIO(source))
    reference.render(_picture_context(reference), autoescape=True)
    expected = io.BytesIO()
    reference.save(expected)

    context = _picture_context(None)  # the template argument is ignored: the engine binds its own
    rendered = render_docx(source, context)
    assert differences(rendered, expected.getvalue()) == []
    assert any(name.startswith("word/media/") for name in read_zip(rendered))
    assert render_docx(source, _picture_context(None)) == rendered  # reproducible
    assert context["photo"].tpl is None  # the caller's object is left alone
