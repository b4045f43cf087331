"""Rendering with docxtpl itself, for values the engine cannot place (InlineImage).

An InlineImage adds a picture part and a relationship to the document being
rendered, which needs docxtpl's whole python-docx package. This path is as
slow as plain docxtpl, but keeps the engine's other promises: deterministic
bytes, no core properties invented with the current time, and malformed XML
reported instead of repaired away.
"""

from __future__ import annotations

import io
from typing import Any, Mapping

from docxtpl import DocxTemplate
from jinja2 import Environment, TemplateError
from lxml import etree

from . import parts
from .environment import UnsupportedValue, docxtpl_environment
from .errors import RenderError, jinja_error_line, render_error, suspect_fields
from .links import Links
from .package import read_members, write_members
from .xmlcheck import MalformedXML, check_well_formed


class _CheckedTemplate(DocxTemplate):
    """DocxTemplate that refuses malformed output and leaves absent core properties absent."""

    def __init__(self, template: bytes, name: str, context: Mapping[str, Any]):
        super().__init__(io.BytesIO(template))
        self.name, self.context = name, context

    def fix_tables(self, xml):
        try:
            check_well_formed(xml.encode("utf-8"))
        except MalformedXML as exc:
            raise RenderError(
                self.name,
                f"the rendered XML is malformed ({exc.reason}) near {exc.near!r}",
                part=self.docx.part.partname.lstrip("/"),
                field=", ".join(suspect_fields(self.context, xml)) or None,
            ) from exc
        return super().fix_tables(xml)

    def render_properties(self, context, jinja_env=None):
        # python-docx would create the part with the current time: not reproducible.
        if parts.has_core_properties(self.docx):
            super().render_properties(context, jinja_env)


def render_with_docxtpl(
    template: bytes, context: Mapping[str, Any], *, name: str, jinja_env: Environment | None, links: Links | None = None
) -> bytes:
    """The document DocxTemplate(template).render(context, autoescape=True) makes, zipped reproducibly,
    with the hyperlinks `links` made, in their order (so with the same ids)."""
    document = _CheckedTemplate(template, name, context)
    for _, url in links.added if links is not None else ():
        document.build_url_id(url)
    try:
        document.render(context, jinja_env=docxtpl_environment(jinja_env, document), autoescape=True)
    except (TemplateError, UnsupportedValue, etree.XMLSyntaxError, ValueError) as exc:
        part = document.current_rendering_part
        raise render_error(
            exc,
            name,
            f"{type(exc).__name__}: {exc}",
            part=part.partname.lstrip("/") if part is not None else None,
            line=jinja_error_line(exc),
        ) from exc
    output = io.BytesIO()
    document.save(output)
    # python-docx stamps members with the current time; the payloads themselves are stable.
    return write_members(read_members(output.getvalue()))
