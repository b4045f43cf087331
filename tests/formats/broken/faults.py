"""One planted fault per document: what is broken, and the finding the checker must give for it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from lxml import etree

from service.formats.ooxml import mm
from tests.formats.broken.documents import (
    NS,
    body_paragraphs,
    edit,
    generated,
    paragraph,
    remove_properties,
    run_property,
    set_text,
    text_of,
    w,
)

RESOLUTION, MINUTES = "nghi-quyet-thang", "bien-ban-thuong-ky"
DOCUMENT, STYLES = "word/document.xml", "word/styles.xml"


@dataclass(frozen=True)
class Fault:
    name: str
    kind: str
    profile: str
    part: str
    change: Callable[[etree._Element], None]
    code: str  # the finding expected
    severity: str
    at: str | None  # the found paragraph starts with this text (None: page or document level)
    changes: dict = field(default_factory=dict)

    def document(self) -> bytes:
        return edit(generated(self.kind, self.profile, **self.changes), self.part, self.change)


def _margin_left_35(root):
    root.find(".//w:sectPr/w:pgMar", NS).set(w("left"), mm(35))


def _fonts(**slots):
    def change(root):
        fonts = root.find(".//w:rPrDefault/w:rPr/w:rFonts", NS)
        for slot, font in slots.items():
            fonts.set(w(slot), font)

    return change


def _title_in_arial(root):
    run_property(paragraph(root, "NGHỊ QUYẾT"), "rFonts", ascii="Arial", hAnsi="Arial")


def _body_size_12(root):
    for element in body_paragraphs(root):
        run_property(element, "sz", val="24")


def _number(text):
    def change(root):
        set_text(paragraph(root, "Số "), text)

    return change


def _date(text):
    def change(root):
        set_text(paragraph(root, "An Phú, ngày"), text)

    return change


def _drop_asterisk(root):
    asterisk = next(p for p in root.iter(w("p")) if text_of(p) == "*")
    asterisk.getparent().remove(asterisk)


def _date_upright(root):
    remove_properties(paragraph(root, "An Phú, ngày"), "i", "iCs")


def _ending(start, old, new):
    def change(root):
        last = list(paragraph(root, start).iter(w("t")))[-1]
        assert last.text.endswith(old)
        last.text = last.text[: -len(old)] + new

    return change


def _not_bold(start):
    def change(root):
        remove_properties(paragraph(root, start), "b", "bCs")

    return change


def _bold(start):
    def change(root):
        run_property(paragraph(root, start), "b")

    return change


def _no_rule(root):
    remove_properties(paragraph(root, "ĐẢNG CỘNG SẢN VIỆT NAM"), "pBdr")


def _drop_separator(root):
    separator = paragraph(root, "-----")
    separator.getparent().remove(separator)


def _no_underline(root):
    remove_properties(paragraph(root, "Nơi nhận"), "u")


def _commas(root):
    for start in ("- Đảng ủy xã", "- Đảng viên trong"):
        element = paragraph(root, start)
        texts = list(element.iter(w("t")))
        texts[-1].text = texts[-1].text.rstrip(";") + ","


def _letter_paper(root):
    root.find(".//w:sectPr/w:pgSz", NS).set(w("w"), "12240")


def _first_page_numbered(root):
    title_page = root.find(".//w:sectPr/w:titlePg", NS)
    title_page.getparent().remove(title_page)


FEBRUARY = {"date": "2026-02-05"}
FAULTS = [
    Fault("wrong left margin", RESOLUTION, "hd05-2026", DOCUMENT, _margin_left_35, "page_margin_left", "error", None),
    Fault(
        "Arial in the styles",
        RESOLUTION,
        "hd05-2026",
        STYLES,
        _fonts(ascii="Arial", hAnsi="Arial"),
        "font",
        "error",
        "ĐẢNG BỘ XÃ AN PHÚ",
    ),
    Fault("Arial on one run", RESOLUTION, "hd05-2026", DOCUMENT, _title_in_arial, "font", "error", "NGHỊ QUYẾT"),
    Fault(
        "East Asian slot",
        RESOLUTION,
        "hd05-2026",
        STYLES,
        _fonts(eastAsia="SimSun"),
        "font_slot",
        "warning",
        "ĐẢNG BỘ XÃ AN PHÚ",
    ),
    Fault("size 12 body", RESOLUTION, "hd05-2026", DOCUMENT, _body_size_12, "body_size", "error", "- Căn cứ Điều lệ"),
    Fault(
        "state-style number",
        RESOLUTION,
        "hd05-2026",
        DOCUMENT,
        _number("Số: 05/NQ-CB"),
        "number_state_style",
        "error",
        "Số: 05/NQ-CB",
    ),
    Fault(
        "number without leading zero",
        RESOLUTION,
        "hd36-2018",
        DOCUMENT,
        _number("Số 5-NQ/CB"),
        "number_padding",
        "error",
        "Số 5-NQ/CB",
    ),
    Fault(
        "date without leading zeros",
        RESOLUTION,
        "hd36-2018",
        DOCUMENT,
        _date("An Phú, ngày 5 tháng 2 năm 2026"),
        "place_date_format",
        "error",
        "An Phú, ngày 5 tháng 2",
        FEBRUARY,
    ),
    Fault(
        "missing asterisk",
        RESOLUTION,
        "hd05-2026",
        DOCUMENT,
        _drop_asterisk,
        "asterisk_missing",
        "error",
        "CHI BỘ THÔN ĐÔNG",
    ),
    Fault(
        "date line not italic",
        MINUTES,
        "hd05-2026",
        DOCUMENT,
        _date_upright,
        "place_date_italic",
        "error",
        "An Phú, ngày 05",
    ),
    Fault(
        "./. under HD 05",
        RESOLUTION,
        "hd05-2026",
        DOCUMENT,
        _ending("Nghị quyết được", ".", "./."),
        "closing_mark",
        "warning",
        "Nghị quyết được",
    ),
    Fault(
        "no ./. under HD 36",
        MINUTES,
        "hd36-2018",
        DOCUMENT,
        _ending("Buổi sinh hoạt kết thúc", "./.", "."),
        "closing_mark",
        "warning",
        "Buổi sinh hoạt kết thúc",
    ),
    Fault(
        "party title not bold",
        RESOLUTION,
        "hd05-2026",
        DOCUMENT,
        _not_bold("ĐẢNG CỘNG SẢN"),
        "party_title_bold",
        "error",
        "ĐẢNG CỘNG SẢN VIỆT NAM",
    ),
    Fault(
        "no rule under the party title",
        RESOLUTION,
        "hd05-2026",
        DOCUMENT,
        _no_rule,
        "party_title_rule_missing",
        "error",
        "ĐẢNG CỘNG SẢN VIỆT NAM",
    ),
    Fault(
        "issuer not bold",
        RESOLUTION,
        "hd05-2026",
        DOCUMENT,
        _not_bold("CHI BỘ THÔN"),
        "issuer_bold",
        "error",
        "CHI BỘ THÔN ĐÔNG",
    ),
    Fault("title not bold", MINUTES, "hd05-2026", DOCUMENT, _not_bold("BIÊN BẢN"), "title_bold", "error", "BIÊN BẢN"),
    Fault(
        "no -----", RESOLUTION, "hd05-2026", DOCUMENT, _drop_separator, "separator_missing", "error", "về nhiệm vụ tháng 11"
    ),
    Fault(
        "bold BÍ THƯ under HD 05", RESOLUTION, "hd05-2026", DOCUMENT, _bold("BÍ THƯ"), "signer_title_bold", "error", "BÍ THƯ"
    ),
    Fault(
        "bold BÍ THƯ under HD 36",
        RESOLUTION,
        "hd36-2018",
        DOCUMENT,
        _bold("BÍ THƯ"),
        "signer_title_bold",
        "warning",
        "BÍ THƯ",
    ),
    Fault(
        "Nơi nhận not underlined",
        RESOLUTION,
        "hd05-2026",
        DOCUMENT,
        _no_underline,
        "recipients_label_underline",
        "error",
        "Nơi nhận:",
    ),
    Fault(
        "commas between recipients under HD 05",
        RESOLUTION,
        "hd05-2026",
        DOCUMENT,
        _commas,
        "recipients_separator",
        "error",
        "- Đảng ủy xã",
    ),
    Fault("letter paper", MINUTES, "hd36-2018", DOCUMENT, _letter_paper, "page_size", "error", None),
    Fault("page 1 numbered", MINUTES, "hd05-2026", DOCUMENT, _first_page_numbered, "page_number_first_page", "error", None),
]
