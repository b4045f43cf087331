"""Strict well-formedness checks of rendered XML.

docxtpl parses the rendered body in recover mode, which drops whatever it
cannot read: a value inserted unescaped ("x<y and more") silently loses the
text after "<". The engine checks instead, wherever the compile-time proof
(wellformed.py) does not settle it, and the check must be cheap: a parser
with a target that builds nothing costs half of building a tree (expat,
even without namespaces, costs the same). Namespace errors are not fatal to
such a parser, so its error log is read as well.
"""

from __future__ import annotations

import threading

from lxml import etree

_NEAR_BEFORE, _NEAR_AFTER, _NEAR_LENGTH = 400, 200, 160


class MalformedXML(ValueError):
    """Rendered text that is not well-formed XML, with the text around the fault."""

    def __init__(self, reason: str, near: str):
        super().__init__(reason)
        self.reason, self.near = reason, near


class _NoTree:
    def close(self) -> None:
        return None


_local = threading.local()


def _parser() -> etree.XMLParser:
    # A parser's error log belongs to it, so each thread needs its own.
    parser = getattr(_local, "parser", None)
    if parser is None:
        parser = _local.parser = etree.XMLParser(target=_NoTree(), resolve_entities=False)
    return parser


def check_well_formed(xml: bytes) -> None:
    """Raise MalformedXML unless `xml` is well-formed, namespaces included."""
    parser = _parser()
    try:
        etree.fromstring(xml, parser)
    except etree.XMLSyntaxError as exc:
        raise MalformedXML(exc.msg, _text_near(xml, exc.position)) from exc
    errors = parser.error_log.filter_from_errors()
    if errors:
        raise MalformedXML(errors[0].message, _text_near(xml, (errors[0].line, errors[0].column)))


def _text_near(xml: bytes, position: tuple[int, int] | None) -> str:
    """The document text (markup removed) just before a parser's error position."""
    if not position:
        return ""
    lines = xml.split(b"\n")
    line = lines[min(max(position[0], 1), len(lines)) - 1]
    column = min(max(position[1], 0), len(line))
    window = line[max(0, column - _NEAR_BEFORE) : column + _NEAR_AFTER].decode("utf-8", "ignore")
    text = "".join(piece.split(">", 1)[-1] for piece in window.split("<"))
    return text.strip()[-_NEAR_LENGTH:]
