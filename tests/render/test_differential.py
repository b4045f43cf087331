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
- A rendered part naming a relationship it does not have (a RichText url_id
  made elsewhere, or a hyperlink in a header, which docxtpl relates to the
  body) is refused where docxtpl writes a link Word drops; a replace_media,
  replace_embedded or replace_zipname that matches nothing is refused where
  docxtpl passes over it (docxtpl itself refuses a replace_pic that does).
Shown here: hyperlinks (a Links per document, as build_url_id), the replace_*
methods (Replacements), Jinja errors caught by their Jinja classes, and
[Content_Types].xml declaring exactly the parts present, members no
relationship reaches left out as python-docx leaves them out.
Reproduced as docxtpl does it, though surprising: document properties
(docProps/core.xml) are rendered with autoescape and then stored as text, so
"A & B" becomes the title "A &amp; B"; python-docx's save adds empty creator,
description, identifier, language, subject and title elements when absent;
docxtpl does not touch lastModifiedBy, revision or dates, and neither does the
engine.
"""

from __future__ import annotations

import functools
import io
import zipfile
from pathlib import Path

import pytest
from docx.shared import Mm
from hypothesis import HealthCheck, given, settings, strategies as st
from docxtpl import DocxTemplate, InlineImage, Listing, RichText
from jinja2 import Environment, StrictUndefined, TemplateAssertionError, TemplateError, TemplateSyntaxError, UndefinedError
from lxml import etree

from service.render.engine import RenderError, Replacements, get_compiled, render_docx
from service.render.package import read_members, unpack, write_package

from .differential import differences, docxtpl_render, read_zip
from .features import CONTEXT_LABELS, TEMPLATES, make_context, template, tiny_png
from .packages import R_NS, W_NS, minimal_package, para, run


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


_XML_TEXT = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\r\ufffe\uffff", max_codepoint=0x1F9FF).filter(
        lambda c: c >= " " or c in "\t\n\a\f"
    ),
    max_size=40,
)
# A character XML cannot hold, except the four docxtpl turns into markup.
_XML_TEXT = _XML_TEXT.filter(lambda s: all(c >= " " or c in "\t\n\a\f" for c in s))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=_XML_TEXT, lines=st.lists(_XML_TEXT, max_size=4))
def test_any_text_renders_as_docxtpl_renders_it(name, lines):
    def context():
        return {
            "name": name,
            "title": name,
            "note": name,
            "flag": bool(lines),
            "items": lines,
            "speeches": [{"speaker": name, "lines": lines}],
            "members": [],
            "columns": lines,
            "listing": Listing(name),
        }

    for feature in ("nested_loops", "listing_and_control_characters", "table_cells_grid_fix"):
        assert_same_as_docxtpl(template(feature), context, name=feature)


# docxtpl's own test templates (docxtpl_templates/README.md) and what its test scripts do with them. Each case
# makes the context with `document`: a DocxTemplate, or EngineDocument for the engine, which offer the same
# build_url_id and replace_* methods, so a case reads as the docxtpl script it comes from.
DOCXTPL_TEMPLATES = Path(__file__).parent / "docxtpl_templates"
PYTHON_PNG = (DOCXTPL_TEMPLATES / "python.png").read_bytes()


class EngineDocument:
    """The engine with docxtpl's per-document methods: hyperlinks in a Links, replacements in Replacements."""

    def __init__(self, template_bytes: bytes):
        self.compiled = get_compiled(template_bytes)
        self.links, self.replacements = self.compiled.links(), Replacements()

    def build_url_id(self, url: str) -> str:
        return self.links.build_url_id(url)

    def __getattr__(self, name: str):
        if name.startswith("replace_"):
            return getattr(self.replacements, name)
        raise AttributeError(name)

    def render(self, context) -> bytes:
        return self.compiled.render(context, links=self.links, replacements=self.replacements)


def docxtpl_member(template_bytes: bytes, name: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(template_bytes)) as archive:
        return archive.read(name)


def _richtext(document) -> dict:
    # tests/richtext.py, shortened: the hyperlink among runs with properties, listing characters in a RichText.
    rich = RichText()
    rich.add("a rich text", style="myrichtextstyle")
    rich.add(" with ")
    rich.add("some italic", italic=True)
    rich.add("\nYou can add an hyperlink, here to ")
    rich.add("google", url_id=document.build_url_id("http://google.com"))
    rich.add(" and again ", bold=True)
    rich.add("google", url_id=document.build_url_id("http://google.com"))
    rich.add(" or ")
    rich.add("Chi bộ", url_id=document.build_url_id("https://example.org/chi-bo?a=1&b=2"))
    rich.add("\aA new paragraph : <cool>\a")
    embedded = RichText("an example of ")
    embedded.add(rich)
    return {"example": embedded}


def _header_image(document) -> dict:
    # tests/header_footer_image.py: the dummy picture in the header is the template's own image1.png.
    template_bytes = (DOCXTPL_TEMPLATES / "header_footer_image_tpl.docx").read_bytes()
    document.replace_media(io.BytesIO(docxtpl_member(template_bytes, "word/media/image1.png")), io.BytesIO(PYTHON_PNG))
    return {"mycompany": "The World Wide company"}


def _replace_picture(document) -> dict:
    # tests/replace_picture.py
    document.replace_pic("python_logo.png", io.BytesIO(PYTHON_PNG))
    return {}


def _embedded(document, tmp_path: Path) -> dict:
    # tests/embedded.py: the dummies are the template's own embedded files; docxtpl wants paths here.
    template_bytes = (DOCXTPL_TEMPLATES / "embedded_main_tpl.docx").read_bytes()
    replacement = tmp_path / "replacement.docx"
    replacement.write_bytes(template("run_tags"))
    for n, name in enumerate(("Document_Microsoft_Office_Word1.docx", "Document_Microsoft_Office_Word2.docx")):
        dummy = tmp_path / f"dummy{n}.docx"
        dummy.write_bytes(docxtpl_member(template_bytes, f"word/embeddings/{name}"))
        document.replace_embedded(str(dummy), str(replacement))
    (tmp_path / "real.xlsx").write_bytes(b"not really an Excel file")
    document.replace_zipname("word/embeddings/Feuille_Microsoft_Office_Excel3.xlsx", str(tmp_path / "real.xlsx"))
    document.replace_zipname("word/embeddings/Pr_sentation_Microsoft_Office_PowerPoint4.pptx", str(tmp_path / "real.xlsx"))
    return {"name": "John Doe"}


DOCXTPL_CASES = {
    "richtext_tpl.docx": _richtext,
    "header_footer_image_tpl.docx": _header_image,
    "replace_picture_tpl.docx": _replace_picture,
    "embedded_main_tpl.docx": _embedded,
}


@pytest.mark.parametrize("file_name", DOCXTPL_CASES)
def test_docxtpl_own_templates_render_as_docxtpl_renders_them(file_name, tmp_path):
    template_bytes = (DOCXTPL_TEMPLATES / file_name).read_bytes()
    case = DOCXTPL_CASES[file_name]
    prepare = functools.partial(case, tmp_path=tmp_path) if file_name == "embedded_main_tpl.docx" else case
    expected = docxtpl_render(template_bytes, None, prepare=prepare)
    engine = EngineDocument(template_bytes)
    actual = engine.render(prepare(engine))
    assert differences(actual, expected) == []
    assert read_zip(actual) != read_zip(template_bytes)  # something was rendered, linked or replaced


def test_a_hyperlink_is_a_relationship_of_the_document():
    engine = EngineDocument((DOCXTPL_TEMPLATES / "richtext_tpl.docx").read_bytes())
    rendered = read_zip(engine.render(_richtext(engine)))
    links = etree.fromstring(rendered["word/_rels/document.xml.rels"])
    targets = {rel.get("Id"): rel.get("Target") for rel in links if rel.get("TargetMode") == "External"}
    assert sorted(targets.values()) == ["http://google.com", "https://example.org/chi-bo?a=1&b=2"]
    body = etree.fromstring(rendered["word/document.xml"])
    named = body.xpath("//w:hyperlink/@r:id", namespaces={"w": W_NS, "r": R_NS})
    assert len(named) == 3 and set(named) == set(targets)


def test_a_url_id_the_document_does_not_have_is_refused():
    template_bytes = (DOCXTPL_TEMPLATES / "richtext_tpl.docx").read_bytes()
    # Made by a DocxTemplate: an id docxtpl would relate, but not to this document.
    foreign = RichText("google", url_id=DocxTemplate(io.BytesIO(template_bytes)).build_url_id("http://google.com"))
    with pytest.raises(RenderError, match="url_id") as refused:
        render_docx(template_bytes, {"example": foreign})
    assert refused.value.part == "word/document.xml" and refused.value.field == "example"


def test_a_hyperlink_in_a_header_is_refused():
    source = minimal_package(para("Thân"), header=para(run("{{r link }}")))
    compiled = get_compiled(source)
    links = compiled.links()
    link = RichText("trang chủ", url_id=links.build_url_id("https://example.org"))
    with pytest.raises(RenderError, match="only stand in the body") as refused:
        compiled.render({"link": link}, links=links)
    assert refused.value.part == "word/header1.xml"


def test_links_belong_to_the_template_they_were_made_for():
    links = get_compiled(template("rich_text")).links()
    with pytest.raises(RenderError, match="another template"):
        get_compiled(template("run_tags")).render(make_context("ascii"), links=links)


@pytest.mark.parametrize(
    "replace, message",
    [
        (lambda r: r.replace_pic("no_such_picture.png", PYTHON_PNG), "replace_pic: no picture named 'no_such_picture.png'"),
        (lambda r: r.replace_media(b"not in the template", PYTHON_PNG), "replace_media"),
        (lambda r: r.replace_embedded(b"not in the template", PYTHON_PNG), "replace_embedded"),
        (lambda r: r.replace_zipname("word/embeddings/nothing.xlsx", PYTHON_PNG), "replace_zipname"),
    ],
    ids=["pic", "media", "embedded", "zipname"],
)
def test_a_replacement_that_matches_nothing_is_refused(replace, message):
    # docxtpl raises for a missing picture and passes over the others silently: the engine names each.
    with pytest.raises(RenderError, match=message):
        render_docx((DOCXTPL_TEMPLATES / "replace_picture_tpl.docx").read_bytes(), {}, replacements=replace(Replacements()))


@pytest.mark.parametrize(
    "source, context, jinja_error",
    [
        ("{{ member.name.first }}", {}, UndefinedError),
        ("{% if name %}never closed", {"name": 1}, TemplateSyntaxError),
        ("{{ name|no_such_filter }}", {"name": 1}, TemplateAssertionError),
    ],
    ids=["undefined", "syntax", "unknown-filter"],
)
def test_jinja_errors_are_caught_as_docxtpl_users_catch_them(source, context, jinja_error):
    source_bytes = minimal_package(para(source))
    with pytest.raises(jinja_error):  # what docxtpl raises
        docxtpl_render(source_bytes, context, Environment(undefined=StrictUndefined))
    with pytest.raises(jinja_error) as caught:
        render_docx(source_bytes, context, jinja_env=Environment(undefined=StrictUndefined))
    assert isinstance(caught.value, RenderError) and caught.value.part == "word/document.xml"
    assert str(caught.value).startswith("template 'template', part word/document.xml, line 2")


def test_jinja_errors_through_the_docxtpl_fallback_are_jinja_errors_too():
    source = minimal_package(para("{{ photo }} {{ missing.name }}"))
    photo = InlineImage(None, io.BytesIO(tiny_png()), width=Mm(10))
    with pytest.raises(UndefinedError) as caught:
        render_docx(source, {"photo": photo})
    assert isinstance(caught.value, TemplateError) and isinstance(caught.value, RenderError)


def test_hyperlinks_and_replacements_through_the_docxtpl_fallback(tmp_path):
    """A picture sends the document to docxtpl itself (fallback.py): links and replacements still apply."""
    source = minimal_package(para("Ảnh: {{ photo }} — xem {{r link }}"))
    settings_file = tmp_path / "settings.xml"
    settings_file.write_bytes(b'<w:settings xmlns:w="%s"><w:zoom w:percent="90"/></w:settings>' % W_NS.encode())

    def prepare(document) -> dict:
        document.replace_zipname("word/settings.xml", str(settings_file))
        photo = InlineImage(document if isinstance(document, DocxTemplate) else None, io.BytesIO(tiny_png()), width=Mm(10))
        return {"photo": photo, "link": RichText("trang chủ", url_id=document.build_url_id("https://example.org"))}

    expected = docxtpl_render(source, None, prepare=prepare)
    engine = EngineDocument(source)
    assert differences(engine.render(prepare(engine)), expected) == []


def test_link_ids_fill_gaps_and_reuse_a_link_the_template_has():
    """python-docx's choice of id (the lowest free rIdN) and its reuse of an existing link to the same address."""
    existing = (
        b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        b'hyperlink" Target="https://example.org/" TargetMode="External"/>'
        b'<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        b'styles" Target="styles.xml"/></Relationships>'
    )
    members = [(m.name, unpack(m)) for m in read_members(minimal_package(para("{{r first }} {{r second }}")))]
    source = write_package(
        (name, data.replace(b"</Relationships>", existing) if name == "word/_rels/document.xml.rels" else data)
        for name, data in members
    )

    def prepare(document) -> dict:
        return {
            "first": RichText("mới", url_id=document.build_url_id("https://example.org/new")),
            "second": RichText("cũ", url_id=document.build_url_id("https://example.org/")),
        }

    expected = docxtpl_render(source, None, prepare=prepare)
    engine = EngineDocument(source)
    context = prepare(engine)
    assert (engine.links.added, context["second"].xml.count('r:id="rId1"')) == ([("rId2", "https://example.org/new")], 1)
    assert differences(engine.render(context), expected) == []
