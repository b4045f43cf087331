"""The Jinja environments templates are rendered with.

Rendering always autoescapes, as DocxTemplate.render(..., autoescape=True)
does, so "A & B <C>" reaches the document as typed. A caller's environment
(sandbox, custom filters) is never modified: the engine renders with an
overlay of it that shares its filters, tests and globals.

Every output value passes a check first. An InlineImage writes a picture into
the DocxTemplate that is rendering it, which only docxtpl's own rendering has,
so meeting one sends the whole document to the docxtpl fallback instead of
producing a document that points at a picture it does not contain. The check
also notes values that may not come out as plain escaped text (RichText,
Listing, |safe, characters XML forbids): only those can make the document
malformed, so only a render that printed one needs its XML checked in full
(see wellformed.py).
"""

from __future__ import annotations

import contextvars
import copy
import re
from typing import Any, Callable, MutableMapping

from docxtpl import DocxTemplate, InlineImage
from jinja2 import ChainableUndefined, DebugUndefined, Environment, StrictUndefined, Template, Undefined
from markupsafe import Markup

try:
    from docxtpl.subdoc import Subdoc
except ImportError:  # docxtpl's Subdoc needs docxcompose, which this project does not install.
    _SUBDOCUMENT_TYPES: tuple[type, ...] = ()
else:
    _SUBDOCUMENT_TYPES = (Subdoc,)


class NeedsDocxtpl(Exception):
    """A value that only docxtpl's own rendering can place in the document."""


class UnsupportedValue(TypeError):
    """A value neither the engine nor its fallback can render correctly."""


_TEMPLATE_BOUND = (InlineImage, *_SUBDOCUMENT_TYPES)


class Captured(Markup):
    """What a block set ({% set page %}…{% endset %}) captured while a template compiled by the engine
    rendered: the template's own text and values that went through the watch when they were printed, so
    printing the capture adds nothing the watch has not seen (wellformed.py proves where it may stand)."""

    __slots__ = ()


def watch_captures(template: Template) -> Template:
    """The compiled template, making its block sets' values as Captured.

    Jinja's generated code makes them with the `Markup` of the template's own module namespace; in a
    template the proof accepts nothing else calls it (macros, filter blocks and autoescape blocks are
    refused), and elsewhere the watch's answer is not used.
    """
    template.root_render_func.__globals__["Markup"] = Captured
    return template


# Whether the render under way printed a value that may not come out as well-formed XML text.
_NOT_PLAIN: contextvars.ContextVar[bool] = contextvars.ContextVar("not_plain_value_printed", default=False)
# Characters XML cannot hold; "\a" and "\f" are left to docxtpl's listing resolution, which turns
# them into markup where they stand in text (what it leaves behind, wellformed.py looks for).
_NOT_IN_XML = re.compile("[\x00-\x06\x08\x0b\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# Types whose printed text is known to be plain: escaping makes it well-formed XML text.
_PLAIN_TYPES = frozenset(
    {int, float, bool, type(None), Undefined, ChainableUndefined, DebugUndefined, StrictUndefined, Captured}
)


class ValueWatch:
    """Notes whether every value printed inside the with-block came out as plain, escaped text.

    Anything else may put markup or a character XML forbids into the output:
    markup left unescaped (RichText, Listing, |safe), a string with such a
    character, an object whose text is not known. A context variable, so
    renders in other threads or nested renders keep their own note.
    """

    plain = True

    def __enter__(self) -> "ValueWatch":
        self._token = _NOT_PLAIN.set(False)
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.plain = not _NOT_PLAIN.get()
        _NOT_PLAIN.reset(self._token)


def _check_printed(value: Any) -> Any:
    # Called for every value printed: a printable str, by far the most common value, costs two calls.
    if type(value) is str:
        if not value.isprintable() and _NOT_IN_XML.search(value):
            _NOT_PLAIN.set(True)
        return value
    if isinstance(value, _TEMPLATE_BOUND):
        if isinstance(value, InlineImage):
            raise NeedsDocxtpl(type(value).__name__)
        _refuse_subdocument(value)
    if type(value) not in _PLAIN_TYPES:
        _NOT_PLAIN.set(True)
    return value


def _refuse_subdocument(value: Any) -> Any:
    if isinstance(value, _SUBDOCUMENT_TYPES):
        # A Subdoc has already copied its styles and pictures into the template it was made with.
        raise UnsupportedValue("Subdoc values are not supported; render with docxtpl directly")
    return value


class _Environment(Environment):
    """Jinja's own environment, with `value.name` on a dict looked up without the AttributeError Jinja's
    getattr() raises and catches first: a page of dicts makes hundreds of such lookups, and the exceptions
    were a tenth of a self-review's rendering time. The answer is Jinja's: a dict's own attribute (items,
    keys…) before its key of the same name, Undefined when neither exists.

    A template's globals are a plain dict rather than Jinja's ChainMap over the environment's: every render
    copies them, and walking the ChainMap cost more than the copy. Nothing changes this environment's
    globals once it is made, which is what the ChainMap would show a template."""

    def make_globals(self, d: MutableMapping[str, Any] | None) -> MutableMapping[str, Any]:
        return {**self.globals, **(d or {})}

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is dict and attribute not in _DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except KeyError:
                return self.undefined(obj=obj, name=attribute)
        return super().getattr(obj, attribute)


_DICT_ATTRIBUTES = frozenset(dir(dict))
_DEFAULT = _Environment(autoescape=True, finalize=_check_printed)


def fast_path_environment(jinja_env: Environment | None) -> Environment:
    """The environment the engine compiles a template with."""
    if jinja_env is None:
        return _DEFAULT
    return jinja_env.overlay(autoescape=True, finalize=_after(jinja_env.finalize, _check_printed))


def docxtpl_environment(jinja_env: Environment | None, rendering: DocxTemplate) -> Environment:
    """An environment for DocxTemplate.render that puts pictures into `rendering`."""

    def bind(value: Any) -> Any:
        if isinstance(value, InlineImage):
            # A copy, so the caller's object (maybe shared between threads) keeps its template.
            value = copy.copy(value)
            value.tpl = rendering
        return _refuse_subdocument(value)

    base = jinja_env if jinja_env is not None else Environment()
    return base.overlay(autoescape=True, finalize=_after(base.finalize, bind))


def _after(finalize: Callable | None, check: Callable[[Any], Any]) -> Callable:
    """Jinja finalize that runs the caller's finalize, then the check."""
    if finalize is None:
        return check

    def chained(*args: Any) -> Any:
        return check(finalize(*args))

    # Jinja passes context or environment first when the caller's finalize asks for it.
    if hasattr(finalize, "jinja_pass_arg"):
        chained.jinja_pass_arg = finalize.jinja_pass_arg
    return chained
