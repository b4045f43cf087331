"""Effective formatting of paragraphs and runs in a DOCX read from outside.

Word stacks formatting in layers: document defaults → table style → paragraph
style (and the styles it is based on) → character style → direct formatting.
What a reader sees printed is the result of all of them, so a run with no
properties of its own can still be Arial because the paragraph style says so.
Toggle properties (bold, italic, caps, hidden) follow Word's rule: each style
layer that sets them flips the value, direct formatting sets it outright.

Part of the reading layer under the conformance checker: it knows element names
(through service.formats.ooxml) so that nothing above it has to.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from lxml import etree

from service.formats.ooxml import TWIPS_PER_MM, TWIPS_PER_PT, W_NS, w

A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
SLOTS = ("ascii", "hAnsi", "eastAsia", "cs")
TOGGLES = ("b", "i", "caps", "vanish")
_FALSE = {"0", "false", "off", "none"}
_ALIGNMENT = {
    "both": "justify",
    "distribute": "justify",
    "center": "center",
    "left": "left",
    "start": "left",
    "right": "right",
    "end": "right",
}
# OOXML's size when no layer names one (ECMA-376 §17.3.2.38).
DEFAULT_SIZE_PT = 10.0
MAX_STYLE_DEPTH = 20


@dataclass(frozen=True)
class RunFormat:
    fonts: dict[str, str | None]  # slot (ascii, hAnsi, eastAsia, cs) → font; None when not resolvable
    size_pt: float
    bold: bool
    italic: bool
    underline: bool
    caps: bool
    hidden: bool


@dataclass(frozen=True)
class ParagraphFormat:
    alignment: str  # left | center | right | justify
    line_rule: str  # multiple | exact | atLeast
    line: float  # lines when multiple, points otherwise
    space_before_pt: float
    space_after_pt: float
    first_line_mm: float  # negative for a hanging indent
    border_top: bool
    border_bottom: bool


def _attr(element: etree._Element, name: str) -> str | None:
    return element.get(f"{{{W_NS}}}{name}")


def _on(element: etree._Element) -> bool:
    value = _attr(element, "val")
    return value is None or value.lower() not in _FALSE


def run_properties(rpr: etree._Element | None) -> dict[str, Any]:
    """The properties one rPr sets, keyed by name; fonts as ("theme", name) or ("font", name)."""
    found: dict[str, Any] = {}
    if rpr is None:
        return found
    fonts = rpr.find(w("rFonts"))
    if fonts is not None:
        for slot in SLOTS:
            theme = _attr(fonts, "cstheme" if slot == "cs" else f"{slot}Theme")
            name = _attr(fonts, slot)
            if theme:
                found[f"font.{slot}"] = ("theme", theme)
            elif name:
                found[f"font.{slot}"] = ("font", name)
    size = rpr.find(w("sz"))
    if size is not None and (_attr(size, "val") or "").isdigit():
        found["sz"] = int(_attr(size, "val")) / 2
    for toggle in TOGGLES:
        element = rpr.find(w(toggle))
        if element is not None:
            found[toggle] = _on(element)
    underline = rpr.find(w("u"))
    if underline is not None:
        found["u"] = _on(underline)
    return found


def paragraph_properties(ppr: etree._Element | None) -> dict[str, Any]:
    found: dict[str, Any] = {}
    if ppr is None:
        return found
    jc = ppr.find(w("jc"))
    if jc is not None and _attr(jc, "val") in _ALIGNMENT:
        found["jc"] = _ALIGNMENT[_attr(jc, "val")]
    spacing = ppr.find(w("spacing"))
    if spacing is not None:
        for key in ("line", "lineRule", "before", "after"):
            if _attr(spacing, key) is not None:
                found[f"spacing.{key}"] = _attr(spacing, key)
    indent = ppr.find(w("ind"))
    if indent is not None:
        for key in ("firstLine", "hanging"):
            if _attr(indent, key) is not None:
                found[f"ind.{key}"] = _attr(indent, key)
    borders = ppr.find(w("pBdr"))
    if borders is not None:
        for side in ("top", "bottom"):
            edge = borders.find(w(side))
            if edge is not None:
                found[f"border.{side}"] = (_attr(edge, "val") or "nil") not in ("nil", "none")
    return found


def _number(value: Any, default: float = 0.0) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return default


class Styles:
    """styles.xml and the theme, resolved once per document."""

    def __init__(self, styles: etree._Element | None, theme: etree._Element | None):
        self._styles: dict[str, etree._Element] = {}
        self._defaults: dict[str, str] = {}
        self.unresolved: set[str] = set()  # theme font names the document could not resolve
        self._theme = _theme_fonts(theme)
        self._run_defaults: dict[str, Any] = {}
        self._paragraph_defaults: dict[str, Any] = {}
        self._chains: dict[tuple[str, str], list[dict[str, Any]]] = {}
        if styles is not None:
            self._load(styles)

    def _load(self, root: etree._Element) -> None:
        for style in root.iter(w("style")):
            style_id, kind = _attr(style, "styleId"), _attr(style, "type") or "paragraph"
            if style_id:
                self._styles[style_id] = style
                if _on_attr(style, "default"):
                    self._defaults.setdefault(kind, style_id)
        defaults = root.find(w("docDefaults"))
        if defaults is not None:
            self._run_defaults = run_properties(defaults.find(f"{w('rPrDefault')}/{w('rPr')}"))
            self._paragraph_defaults = paragraph_properties(defaults.find(f"{w('pPrDefault')}/{w('pPr')}"))

    def default_style(self, kind: str) -> str | None:
        return self._defaults.get(kind)

    def _chain(self, style_id: str | None, part: str) -> list[dict[str, Any]]:
        """The style's own properties and its bases', base first; `part` is "rPr" or "pPr"."""
        if style_id is None:
            return []
        key = (style_id, part)
        if key not in self._chains:
            chain, seen, current = [], set(), style_id
            while current in self._styles and current not in seen and len(seen) < MAX_STYLE_DEPTH:
                seen.add(current)
                style = self._styles[current]
                read = run_properties if part == "rPr" else paragraph_properties
                chain.append(read(style.find(w(part))))
                based = style.find(w("basedOn"))
                current = _attr(based, "val") if based is not None else None
            self._chains[key] = chain[::-1]
        return self._chains[key]

    def _style_layer(self, style_id: str | None, part: str) -> dict[str, Any]:
        merged: dict[str, Any] = {}
        for layer in self._chain(style_id, part):
            merged.update(layer)
        return merged

    def paragraph_format(
        self, direct: dict[str, Any], paragraph_style: str | None, table_style: str | None
    ) -> ParagraphFormat:
        merged = dict(self._paragraph_defaults)
        merged.update(self._style_layer(table_style, "pPr"))
        merged.update(self._style_layer(paragraph_style, "pPr"))
        merged.update(direct)
        rule = merged.get("spacing.lineRule", "auto")
        line = _number(merged.get("spacing.line"), 240.0)
        first_line = _number(merged.get("ind.firstLine")) - _number(merged.get("ind.hanging"))
        return ParagraphFormat(
            alignment=merged.get("jc", "left"),
            line_rule="multiple" if rule == "auto" else rule,
            line=line / 240 if rule == "auto" else line / TWIPS_PER_PT,
            space_before_pt=_number(merged.get("spacing.before")) / TWIPS_PER_PT,
            space_after_pt=_number(merged.get("spacing.after")) / TWIPS_PER_PT,
            first_line_mm=first_line / TWIPS_PER_MM,
            border_top=bool(merged.get("border.top")),
            border_bottom=bool(merged.get("border.bottom")),
        )

    def run_format(
        self, direct: dict[str, Any], character_style: str | None, paragraph_style: str | None, table_style: str | None
    ) -> RunFormat:
        layers = [
            self._style_layer(table_style, "rPr"),
            self._style_layer(paragraph_style, "rPr"),
            self._style_layer(character_style, "rPr"),
        ]
        merged = dict(self._run_defaults)
        for layer in layers:
            merged.update({key: value for key, value in layer.items() if key not in TOGGLES})
        for toggle in TOGGLES:
            setters = [layer[toggle] for layer in layers if toggle in layer]
            if setters:
                merged[toggle] = sum(setters) % 2 == 1
        merged.update(direct)
        return RunFormat(
            fonts={slot: self._font(merged.get(f"font.{slot}")) for slot in SLOTS},
            size_pt=merged.get("sz", DEFAULT_SIZE_PT),
            bold=merged.get("b", False),
            italic=merged.get("i", False),
            underline=merged.get("u", False),
            caps=merged.get("caps", False),
            hidden=merged.get("vanish", False),
        )

    def _font(self, value: tuple[str, str] | None) -> str | None:
        if value is None:
            return None
        kind, name = value
        if kind == "font":
            return name
        resolved = self._theme.get(name)
        if not resolved:
            self.unresolved.add(name)
        return resolved or None


def _on_attr(element: etree._Element, name: str) -> bool:
    return (_attr(element, name) or "0").lower() in ("1", "true", "on")


def _theme_fonts(theme: etree._Element | None) -> dict[str, str]:
    """Theme font references (minorHAnsi, majorEastAsia …) → the typeface the theme names."""
    fonts: dict[str, str] = {}
    if theme is None:
        return fonts
    scheme = theme.find(f".//{{{A_NS}}}fontScheme")
    if scheme is None:
        return fonts
    for prefix, tag in (("major", "majorFont"), ("minor", "minorFont")):
        group = scheme.find(f"{{{A_NS}}}{tag}")
        if group is None:
            continue
        for slot_tag, names in (("latin", ("Ascii", "HAnsi")), ("ea", ("EastAsia",)), ("cs", ("Bidi",))):
            element = group.find(f"{{{A_NS}}}{slot_tag}")
            typeface = element.get("typeface") if element is not None else None
            for name in names:
                fonts[prefix + name] = typeface or ""
    return fonts
