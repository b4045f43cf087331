"""Compile a DOCX template once, render it per record.

docxtpl redoes all of its work for every document: it reloads the package,
cleans the XML up with regular expressions, compiles the body as a Jinja
template and re-serializes and re-compresses every part on save. Only the Jinja
render depends on the record. A CompiledTemplate does the rest once per
template; rendering a record renders only the parts that contain template tags
and copies every other zip member's compressed bytes unchanged. Where docxtpl
repairs malformed output silently, the engine raises RenderError; whether a
rendered part needs parsing to know is mostly settled at compile time
(wellformed.py).

The output equals docxtpl's (DocxTemplate(f).render(context, autoescape=True))
part by part after canonicalization; tests/render/test_differential.py shows
it and lists the deliberate differences. What a docxtpl user does on the
DocxTemplate before rendering has its counterpart per document: hyperlinks
for RichText's url_id in CompiledTemplate.links() (links.py), the replace_*
methods in Replacements (replacements.py), both passed to render(). A Jinja
error is raised as a RenderError that is also of its Jinja class (errors.py).
Members of the template no relationship reaches are left out, as python-docx
leaves them out, and [Content_Types].xml is python-docx's when the template's
does not declare exactly the parts kept.
"""

from __future__ import annotations

import functools
import hashlib
import threading
from collections import OrderedDict
from typing import Any, Mapping

from jinja2 import Environment, Template

from . import docxtpl_cleanup, fallback, parts, wellformed
from .body import BodyFixer
from .environment import NeedsDocxtpl, UnsupportedValue, ValueWatch, fast_path_environment, watch_captures
from .errors import RenderError, jinja_error_line, render_error, suspect_fields, tag_on_line
from .links import Links, dangling_references, references, relationship_ids
from .package import COMPRESS_LEVEL, Member, pack, pack_rendered, read_members, unpack, write_members
from .replacements import Replacements
from .xmlcheck import MalformedXML, check_well_formed

__all__ = ["CompiledTemplate", "Links", "RenderError", "Replacements", "TemplateCache", "get_compiled", "render_docx"]

DEFAULT_CACHE_SIZE = 64
# Distinct sets of document property values, and distinct header and footer texts, kept built per template.
_REMEMBERED_PROPERTY_SETS = 32


class _StoryTemplate:
    """One compiled story part (body, header, footer, footnotes)."""

    def __init__(self, story: parts.StoryPart, env: Environment, name: str):
        self.member, self.name, self._story = story.member, name, story
        self.main = story.body_open is not None
        # What an r:id in the output may name: the part's relationships, and whatever the template's own
        # text names (docxtpl copies a reference that dangles in the template as it is).
        self.template_references = references(story.source.encode("utf-8"))
        self._allowed = story.relationship_ids | self.template_references
        self.source = docxtpl_cleanup.to_jinja_source(docxtpl_cleanup.patch(story.source))
        self.tagged = _has_tags(self.source, env)
        self._jinja = _compile(env, self.source, name, self.member)
        self.proof = wellformed.prove(env, self.source)
        unmarked = None if self.proof is None else docxtpl_cleanup.unmarked_template(env, self.source)
        self._unmarked = None if unmarked is None else watch_captures(unmarked)
        self._fixer = None if story.body_open is None else BodyFixer(story.body_open, self.source)
        # Headers and footers mostly render to one of a few texts (a form's code, a page number): each is
        # deflated once. A body is different in every document, and hashing it would only cost.
        self._pack = (
            self._deflate
            if self._fixer is not None
            else functools.lru_cache(maxsize=_REMEMBERED_PROPERTY_SETS)(self._deflate)
        )

    def render(self, context: Mapping[str, Any], links: Links | None = None) -> Member:
        rendered, plain, marked = self._text(context)
        try:
            xml, rewritten = docxtpl_cleanup.finish(rendered, marked=marked)
        except UnicodeEncodeError as exc:  # a lone surrogate, which no XML document can hold
            raise RenderError(
                self.name,
                f"the rendered text cannot be encoded ({exc.reason})",
                part=self.member,
                field=", ".join(suspect_fields(context, rendered)) or None,
            ) from exc
        # When values print as plain text, every tag of a proved template's render is the template's own.
        markup_from_template = self.proof is not None and plain
        if not (markup_from_template and self.proof.covers(xml, rewritten)):
            self._check(xml, context)
        if not plain:  # only a value printed as markup (a RichText's url_id) can name a relationship
            allowed = self._allowed | links.ids if self.main and links is not None else self._allowed
            check_references(self.name, self.member, xml, allowed, context, main=self.main)
        if self._fixer is not None:
            xml = self._fixer.fix(xml, markup_from_template)
        return self._pack(xml)

    def _deflate(self, xml: bytes) -> Member:
        return pack_rendered(self.member, self._story.prefix + xml + self._story.suffix)

    def _text(self, context: Mapping[str, Any]) -> tuple[str, bool, bool]:
        """Jinja's output, whether every value printed as plain text, and whether it has the paragraph marks."""
        if self._unmarked is not None:
            with ValueWatch() as values:
                rendered = _run(self._unmarked, context, self.name, self.member, self.source)
            if values.plain:
                return rendered, True, False
            # Markup printed as it is may meet the paragraph marks: only docxtpl's template places them.
        with ValueWatch() as values:
            rendered = _run(self._jinja, context, self.name, self.member, self.source)
        return rendered, values.plain, True

    def _check(self, xml: bytes, context: Mapping[str, Any]) -> None:
        try:
            check_well_formed(xml)
        except MalformedXML as exc:
            raise RenderError(
                self.name,
                f"the rendered XML is malformed ({exc.reason}) near {exc.near!r}",
                part=self.member,
                field=", ".join(suspect_fields(context, xml.decode("utf-8"))) or None,
            ) from exc


def check_references(
    name: str, member: str, xml: bytes, allowed: frozenset[str], context: Mapping[str, Any], *, main: bool
) -> None:
    """Refuse a rendered part that names a relationship it does not have (links.py)."""
    dangling = dangling_references(xml, allowed)
    if not dangling:
        return
    where = (
        "make the url_id with CompiledTemplate.links().build_url_id(url) and pass the same links to render()"
        if main
        else "hyperlinks are relationships of the main document (as docxtpl's build_url_id makes them), so a "
        "RichText with url_id can only stand in the body"
    )
    named = [f'r:id="{rid}"' for rid in dangling]
    fields = suspect_fields(context, xml.decode("utf-8"), lambda inserted: any(n in inserted for n in named))
    raise RenderError(
        name,
        f"the rendered part names relationship(s) {', '.join(map(repr, dangling))} that it "
        f"does not have, so the link would be lost (a RichText url_id?): {where}",
        part=member,
        field=", ".join(fields) or None,
    )


class _CoreTemplate:
    """docProps/core.xml, whose text properties docxtpl renders as separate templates.

    Records mostly give the same few values (a title per form), so the part
    is built once per set of values; properties without tags render once.
    """

    def __init__(self, core: parts.CorePart, env: Environment, name: str):
        self.member, self.name, self._core = core.member, name, core
        jinja = {key: _compile(env, value, name, core.member) for key, value in core.values.items()}
        tagged = {key for key, value in core.values.items() if _has_tags(value, env)}
        self.tagged = bool(tagged)
        self._jinja = {key: template for key, template in jinja.items() if key in tagged}
        self._constant = {key: self._value(key, template, {}) for key, template in jinja.items() if key not in tagged}
        self._packed = functools.lru_cache(maxsize=_REMEMBERED_PROPERTY_SETS)(self._pack)

    def render(self, context: Mapping[str, Any], links: Links | None = None) -> Member:
        values = {**self._constant, **{key: self._value(key, template, context) for key, template in self._jinja.items()}}
        return self._packed(tuple(sorted(values.items())))

    def _value(self, key: str, template: Template, context: Mapping[str, Any]) -> str:
        return _run(template, context, self.name, self.member, self._core.values[key])

    def _pack(self, values: tuple[tuple[str, str], ...]) -> Member:
        try:
            return pack_rendered(self.member, self._core.assemble(dict(values)))
        except ValueError as exc:  # python-docx refuses over-long values, lxml control characters
            raise RenderError(self.name, f"a document property cannot hold the value: {exc}", part=self.member) from exc


class CompiledTemplate:
    """A template cleaned up and compiled once; render() makes one document per record."""

    def __init__(self, template: bytes, *, name: str = "template", jinja_env: Environment | None = None):
        self.sha256 = hashlib.sha256(template).hexdigest()
        self.name = name
        self._template, self._jinja_env = template, jinja_env
        env = fast_path_environment(jinja_env)
        loaded = parts.load(template)
        self._stories = [_StoryTemplate(story, env, name) for story in loaded.stories]
        compiled = list(self._stories)
        if loaded.core is not None:
            compiled.append(_CoreTemplate(loaded.core, env, name))
        by_member = {part.member: part for part in compiled}
        # docxtpl's save writes only what python-docx loaded: members no relationship reaches are left out.
        members = [member for member in read_members(template) if member.name in loaded.kept]
        missing = set(by_member) - {member.name for member in members}
        if missing:
            raise RenderError(name, f"parts {sorted(missing)} are not stored under their own names")
        if loaded.content_types is not None:
            members = [
                pack(m.name, loaded.content_types, COMPRESS_LEVEL) if m.name == parts.CONTENT_TYPES else m for m in members
            ]
        self._main_relationships = loaded.main_relationships
        # Each entry is either a member ready to copy or a part to render per record.
        self._layout: list[Member | _StoryTemplate | _CoreTemplate] = [
            _precompute(member, by_member.get(member.name)) for member in members
        ]

    def links(self) -> Links:
        """A new document's hyperlinks: links.build_url_id(url) gives a RichText's url_id; pass the same
        links to render()."""
        return Links(self._main_relationships, self.sha256)

    def render(
        self, context: Mapping[str, Any], *, links: Links | None = None, replacements: Replacements | None = None
    ) -> bytes:
        """The DOCX for one record; the same context always gives the same bytes."""
        return write_members(self.render_members(context, links=links, replacements=replacements))

    def render_members(
        self, context: Mapping[str, Any], *, links: Links | None = None, replacements: Replacements | None = None
    ) -> list[Member]:
        """The members of render(context)'s DOCX, the rendered ones with their uncompressed content."""
        if links is not None and links.template_sha256 != self.sha256:
            raise RenderError(self.name, "these links were made for another template (CompiledTemplate.links())")
        try:
            members = [entry if isinstance(entry, Member) else entry.render(context, links) for entry in self._layout]
            if links is not None and links.added:
                members = self._with_links(members, links)
        except NeedsDocxtpl:
            members = self._fallback(context, links)
        return replacements.apply_to(members, self.name) if replacements else members

    def _with_links(self, members: list[Member], links: Links) -> list[Member]:
        name = self._main_relationships.member
        template_member = next((m for m in members if m.name == name), None)
        new = links.relationships_member(template_member)
        if template_member is None:
            return members + [new]
        return [new if m.name == name else m for m in members]

    def _fallback(self, context: Mapping[str, Any], links: Links | None) -> list[Member]:
        members = read_members(
            fallback.render_with_docxtpl(self._template, context, name=self.name, jinja_env=self._jinja_env, links=links)
        )
        by_name = {member.name: member for member in members}
        for story in self._stories:
            folder, base = story.member.rsplit("/", 1)
            rels = by_name.get(f"{folder}/_rels/{base}.rels")
            allowed = story.template_references | (relationship_ids(unpack(rels)) if rels else frozenset())
            check_references(self.name, story.member, unpack(by_name[story.member]), allowed, context, main=story.main)
        return members


def _precompute(member: Member, compiled: _StoryTemplate | _CoreTemplate | None):
    if compiled is None or compiled.tagged:
        return compiled or member
    # Without tags the output is the same for every record; docxtpl may still change the part
    # (grid fixing, drawing ids, added core properties), so keep its output unless equal.
    static = compiled.render({})
    return member if parts.same_xml(unpack(static), unpack(member)) else static


def _has_tags(source: str, env: Environment) -> bool:
    if env.line_statement_prefix or env.line_comment_prefix:
        return True
    starts = (env.block_start_string, env.variable_start_string, env.comment_start_string)
    return any(start in source for start in starts)


def _compile(env: Environment, source: str, name: str, member: str) -> Template:
    try:
        return watch_captures(env.from_string(source))
    except Exception as exc:  # a syntax error, an unknown filter, or an extension's own error
        line = jinja_error_line(exc)
        raise render_error(
            exc, name, f"{type(exc).__name__}: {exc}", part=member, line=line, field=tag_on_line(source, line)
        ) from exc


def _run(template: Template, context: Mapping[str, Any], name: str, member: str, source: str) -> str:
    try:
        return template.render(context)
    except NeedsDocxtpl:
        raise
    except UnsupportedValue as exc:
        raise RenderError(name, str(exc), part=member) from exc
    except Exception as exc:  # anything a filter, test or value raises while rendering
        line = jinja_error_line(exc)
        raise render_error(
            exc, name, f"{type(exc).__name__}: {exc}", part=member, line=line, field=tag_on_line(source, line)
        ) from exc


class TemplateCache:
    """Compiled templates by content hash, name and environment; least recently used go first."""

    def __init__(self, maxsize: int = DEFAULT_CACHE_SIZE):
        if maxsize < 1:
            raise ValueError("maxsize must be at least 1")
        self.maxsize = maxsize
        self._entries: OrderedDict[tuple, CompiledTemplate] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, template: bytes, *, name: str = "template", jinja_env: Environment | None = None) -> CompiledTemplate:
        # The environment object itself is in the key: an id() could be reused after collection.
        key = (hashlib.sha256(template).hexdigest(), name, jinja_env)
        with self._lock:
            compiled = self._entries.get(key)
            if compiled is not None:
                self._entries.move_to_end(key)
                return compiled
        # Compiling outside the lock lets other templates render meanwhile; a racing compile
        # of the same template is harmless and the first one stored wins.
        compiled = CompiledTemplate(template, name=name, jinja_env=jinja_env)
        with self._lock:
            compiled = self._entries.setdefault(key, compiled)
            self._entries.move_to_end(key)
            while len(self._entries) > self.maxsize:
                self._entries.popitem(last=False)
        return compiled

    def __len__(self) -> int:
        return len(self._entries)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


_CACHE = TemplateCache()


def get_compiled(template: bytes, *, name: str = "template", jinja_env: Environment | None = None) -> CompiledTemplate:
    """The compiled form of a template, compiled on first use and cached."""
    return _CACHE.get(template, name=name, jinja_env=jinja_env)


def render_docx(
    template: bytes,
    context: Mapping[str, Any],
    *,
    name: str = "template",
    jinja_env: Environment | None = None,
    links: Links | None = None,
    replacements: Replacements | None = None,
) -> bytes:
    """Render a DOCX template with a context, as DocxTemplate(...).render(context, autoescape=True);
    `links` from get_compiled(template).links(), `replacements` as DocxTemplate's replace_* methods."""
    return get_compiled(template, name=name, jinja_env=jinja_env).render(context, links=links, replacements=replacements)
