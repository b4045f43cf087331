"""Decoding the text of one package part: runs of story parts, numbering symbols, font declarations.

A run is decoded with the encoding of the font it is drawn in; afterwards every
legacy font named anywhere in the part (runs, paragraph marks, styles, numbering
levels) becomes the document font, so that the Unicode text is drawn by a font that
has its letters.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from lxml import etree

from service.legacy_encodings.fonts import LegacyFont, legacy_font
from service.formats.docx_styles import Styles, run_properties
from service.formats.ooxml import W_NS, w
from service.safety.active import Active
from service.vietnamese.legacy import VNI_BASES, VNI_MARKS, decode, is_8bit

_TEXT_TAGS = frozenset({w("t"), w("delText")})
_SOFT_HYPHEN = w("softHyphen")
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_FONT_SLOTS = ("ascii", "hAnsi", "cs", "eastAsia")


@dataclass
class Report:
    """What a conversion did, for the person who asked for it."""

    runs: Counter = field(default_factory=Counter)  # encoding → runs decoded
    unicode_runs: int = 0  # legacy font, Unicode text: font replaced only
    fonts: set[str] = field(default_factory=set)  # legacy font names replaced
    removed: list[Active] = field(default_factory=list)  # macros and links to remote templates removed

    def as_dict(self) -> dict:
        return {
            "runs": dict(sorted(self.runs.items())),
            "unicode_runs": self.unicode_runs,
            "fonts": sorted(self.fonts),
            "removed": [
                {"kind": active.kind, "part": active.part, **({"target": active.target} if active.target else {})}
                for active in self.removed
            ],
        }


def _set_text(element: etree._Element, text: str) -> None:
    element.text = text
    if text != text.strip():
        element.set(_XML_SPACE, "preserve")


def _soft_hyphens_as_text(run: etree._Element, font: LegacyFont) -> None:
    # A converted .doc may hold byte 0xAD (TCVN3 ư, VISCII ễ) as Word's soft-hyphen element.
    letter = decode("\xad", font.encoding, capitals=font.capitals)
    if letter == "\xad":
        return
    for hyphen in run.findall(_SOFT_HYPHEN):
        text = etree.Element(w("t"))
        text.text = "\xad"
        hyphen.addprevious(text)
        run.remove(hyphen)


def _join_vni_marks(pieces: list[tuple[etree._Element, LegacyFont | None]]) -> None:
    """Give a mark that starts a VNI text back the base letter that ended the text before it."""
    for (before, font_before), (after, font) in zip(pieces, pieces[1:]):
        if (
            font
            and font_before
            and font.encoding == font_before.encoding == "vni"
            and after.text
            and after.text[0] in VNI_MARKS
            and before.text
            and before.text[-1] in VNI_BASES
        ):
            after.text, before.text = before.text[-1] + after.text, before.text[:-1]


def _style_id(owner: etree._Element | None, path: str) -> str | None:
    found = owner.find(path) if owner is not None else None
    return found.get(f"{{{W_NS}}}val") if found is not None else None


def run_font(run: etree._Element, styles: Styles) -> str | None:
    """The font the run's Latin-1 letters (every legacy code) are drawn in: its hAnsi font, else ascii.

    Old documents seldom name the font on each run; styles usually say .VnTime, so the
    font is resolved through every layer Word stacks. Theme fonts resolve to None: themes
    came after the legacy fonts.
    """
    paragraph = next(run.iterancestors(w("p")), None)
    table = next(run.iterancestors(w("tbl")), None)
    table_style = (
        None if table is None else (_style_id(table, f"{w('tblPr')}/{w('tblStyle')}") or styles.default_style("table"))
    )
    rpr = run.find(w("rPr"))
    fonts = styles.run_format(
        run_properties(rpr),
        _style_id(rpr, w("rStyle")) or styles.default_style("character"),
        _style_id(paragraph, f"{w('pPr')}/{w('pStyle')}") or styles.default_style("paragraph"),
        table_style,
    ).fonts
    return fonts["hAnsi"] or fonts["ascii"]


def convert_story(root: etree._Element, styles: Styles, report: Report) -> None:
    """Decode, in place, the text of every run of a story part drawn in a legacy font."""
    paragraphs: dict[etree._Element | None, list[tuple[etree._Element, LegacyFont | None]]] = defaultdict(list)
    for run in root.iter(w("r")):
        name = run_font(run, styles)
        font = legacy_font(name)
        if font is not None:
            report.fonts.add(name)
            _soft_hyphens_as_text(run, font)
        texts = [child for child in run if child.tag in _TEXT_TAGS]
        if font is not None and texts:
            if is_8bit("".join(text.text or "" for text in texts)):
                report.runs[font.encoding] += 1
            else:
                report.unicode_runs += 1
                font = None
        paragraphs[next(run.iterancestors(w("p")), None)].extend((text, font) for text in texts)
    for pieces in paragraphs.values():
        _join_vni_marks(pieces)
        for element, font in pieces:
            if font is not None:
                _set_text(element, decode(element.text or "", font.encoding, capitals=font.capitals))


def convert_numbering(root: etree._Element) -> None:
    """Decode list symbols ("-", "+", numbers) drawn in a legacy font."""
    for level in root.iter(w("lvl")):
        rfonts = level.find(f"{w('rPr')}/{w('rFonts')}")
        text = level.find(w("lvlText"))
        if rfonts is None or text is None:
            continue
        font = legacy_font(rfonts.get(w("hAnsi")) or rfonts.get(w("ascii")))
        value = text.get(w("val"), "")
        if font is not None and is_8bit(value):
            text.set(w("val"), decode(value, font.encoding, capitals=font.capitals))


def replace_fonts(root: etree._Element, replacement: str, report: Report) -> None:
    """Name `replacement` wherever the part names a legacy font."""
    for rfonts in root.iter(w("rFonts")):
        for slot in _FONT_SLOTS:
            name = rfonts.get(w(slot))
            if legacy_font(name) is not None:
                report.fonts.add(name)
                rfonts.set(w(slot), replacement)
