"""RenderError and the search for what caused it, in terms a template author can act on.

docxtpl lets Jinja's errors through as they are, so code written for it catches
`jinja2.TemplateError` (or `UndefinedError`, `TemplateSyntaxError`...). A
RenderError caused by one of them is also an instance of that Jinja class
(render_error), so such code keeps catching it, with the engine's account of
where it happened as its message.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from docx.oxml.ns import nsmap
from docxtpl import InlineImage
from jinja2 import TemplateSyntaxError
from jinja2.exceptions import (
    FilterArgumentError,
    SecurityError,
    TemplateAssertionError,
    TemplateError,
    TemplateNotFound,
    TemplateRuntimeError,
    TemplatesNotFound,
    UndefinedError,
)
from lxml import etree

# Jinja names the source of a template made with from_string like this in tracebacks.
_JINJA_SOURCE_NAME = "<template>"
_TAG = re.compile(r"{{(.*?)}}|{%(.*?)%}", re.DOTALL)
_MARKUP = re.compile(r"<[^>]*>")
_NAMESPACES = " ".join(f'xmlns:{prefix}="{uri}"' for prefix, uri in nsmap.items())
_MAX_DEPTH = 8


class RenderError(Exception):
    """A template could not be rendered into a correct document.

    `template` is the template's name, `detail` says what went wrong in English,
    `part` is the zip member being rendered, `line` the template line (one
    paragraph per line) and `field` the context field or template tag at fault,
    when known.
    """

    def __init__(
        self, template: str, detail: str, *, part: str | None = None, line: int | None = None, field: str | None = None
    ):
        self.template, self.detail, self.part, self.line, self.field = (template, detail, part, line, field)
        # Not super(): a Jinja error class after this one in a subclass's MRO takes other arguments.
        Exception.__init__(self, self._message())

    def __str__(self) -> str:
        return self.args[0]

    def __reduce__(self):
        return _rebuild, (type(self), self.template, self.detail, self.part, self.line, self.field)

    def _message(self) -> str:
        where = [f"template {self.template!r}"]
        if self.part:
            where.append(f"part {self.part}")
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.field:
            where.append(f"field {self.field!r}")
        return ", ".join(where) + ": " + self.detail


def _rebuild(cls: type, template: str, detail: str, part: str | None, line: int | None, field: str | None) -> RenderError:
    return cls(template, detail, part=part, line=line, field=field)


def _flavour(jinja_class: type) -> type:
    name = f"Render{jinja_class.__name__}"
    flavour = type(
        name,
        (RenderError, jinja_class),
        {
            "__module__": __name__,
            "__qualname__": name,
            "__doc__": f"A RenderError caused by Jinja's {jinja_class.__name__}, and one itself.",
        },
    )
    globals()[name] = flavour  # found by name, as pickle finds classes
    return flavour


# Most specific first: a cause takes the first class it is an instance of.
_FLAVOURS = {
    jinja_class: _flavour(jinja_class)
    for jinja_class in (
        TemplatesNotFound,
        TemplateNotFound,
        TemplateAssertionError,
        TemplateSyntaxError,
        UndefinedError,
        SecurityError,
        FilterArgumentError,
        TemplateRuntimeError,
        TemplateError,
    )
}


def render_error(
    cause: BaseException,
    template: str,
    detail: str,
    *,
    part: str | None = None,
    line: int | None = None,
    field: str | None = None,
) -> RenderError:
    """The RenderError to raise for `cause`; for a Jinja error, an instance of its Jinja class too,
    carrying its attributes (lineno, name, templates...)."""
    flavour = next((_FLAVOURS[base] for base in type(cause).__mro__ if base in _FLAVOURS), RenderError)
    error = flavour(template, detail, part=part, line=line, field=field)
    if flavour is not RenderError:
        for key, value in vars(cause).items():
            if key not in vars(error):
                setattr(error, key, value)
    return error


def jinja_error_line(exc: BaseException) -> int | None:
    """The template line a Jinja error happened on."""
    if isinstance(exc, TemplateSyntaxError):
        return exc.lineno
    line, trace = None, exc.__traceback__
    while trace is not None:
        if trace.tb_frame.f_code.co_filename == _JINJA_SOURCE_NAME:
            line = trace.tb_lineno
        trace = trace.tb_next
    return line


def tag_on_line(source: str, line: int | None) -> str | None:
    """The first template tag on a line of Jinja source, as the author wrote it."""
    lines = source.split("\n")
    if line is None or not 0 < line <= len(lines):
        return None
    tag = _TAG.search(lines[line - 1])
    if tag is None:
        return None
    return _MARKUP.sub("", tag.group(1) if tag.group(1) is not None else tag.group(2)).strip()


def suspect_fields(context: Mapping[str, Any], rendered: str, culprit: Callable[[str], bool] | None = None) -> list[str]:
    """Context fields whose value was inserted as-is into `rendered` and is a `culprit` there: by default
    a value that is not valid XML.

    Escaped values cannot break the XML, so a culprit is a value that reached
    the output unescaped (RichText, Markup, the |safe filter) or that carries a
    character XML forbids.
    """
    found: list[str] = []
    _visit(context, "", rendered, found, 0, culprit or (lambda inserted: not _fits_in_xml(inserted)))
    return found


def _visit(value: Any, path: str, rendered: str, found: list[str], depth: int, culprit: Callable[[str], bool]) -> None:
    if depth > _MAX_DEPTH:
        return
    if isinstance(value, Mapping):
        for key, item in value.items():
            _visit(item, f"{path}.{key}" if path else str(key), rendered, found, depth + 1, culprit)
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            _visit(item, f"{path}[{index}]", rendered, found, depth + 1, culprit)
    elif isinstance(value, InlineImage):
        return  # its markup is made by writing a picture into a template: not something to call here
    elif isinstance(value, str) or hasattr(value, "__html__"):
        inserted = value.__html__() if hasattr(value, "__html__") else value
        if inserted and inserted in rendered and culprit(inserted):
            found.append(path)


def _fits_in_xml(fragment: str) -> bool:
    try:
        etree.fromstring(f"<fragment {_NAMESPACES}>{fragment}</fragment>")
    except (etree.XMLSyntaxError, ValueError):
        return False
    return True
