"""The template builder: deterministic, driven by the profile data, and what is committed."""

from __future__ import annotations

import pytest

from service.formats.builder import TEMPLATE_DIR, build_template, template_filename, upper_template_text
from service.formats.ooxml import W_NS
from service.formats.profiles import all_profiles, get_profile
from service.kinds import all_kinds
from tests.helpers import part_xml

NS = {"w": W_NS}
CASES = [(kind, profile) for kind in all_kinds() for profile in all_profiles()]
IDS = [f"{kind.id}.{profile.id}" for kind, profile in CASES]


@pytest.mark.parametrize("kind, profile", CASES, ids=IDS)
def test_committed_template_is_what_the_builder_makes(kind, profile):
    committed = (TEMPLATE_DIR / template_filename(kind.id, profile.id)).read_bytes()
    assert committed == build_template(kind.layout, profile), "run: python -m service templates build"


@pytest.mark.parametrize("kind, profile", CASES, ids=IDS)
def test_build_is_byte_identical_on_every_run(kind, profile):
    assert build_template(kind.layout, profile) == build_template(kind.layout, profile)


def _margins(content: bytes) -> dict[str, str]:
    page_margins = part_xml(content).find(".//w:sectPr/w:pgMar", NS)
    return {key.split("}")[1]: value for key, value in page_margins.attrib.items()}


def test_a_profile_value_changes_the_template_without_code_changes():
    kind = all_kinds()[0]
    profile = get_profile("hd05-2026")
    wider = profile.model_copy(update={"page": profile.page.model_copy(update={"margin_left_mm": 35})})
    assert _margins(build_template(kind.layout, profile))["left"] == str(round(30 * 1440 / 25.4))
    assert _margins(build_template(kind.layout, wider))["left"] == str(round(35 * 1440 / 25.4))


def test_header_elements_have_the_profile_styles():
    kind = all_kinds()[0]
    profile = get_profile("hd05-2026")
    header = part_xml(build_template(kind.layout, profile)).find(".//w:tbl", NS)
    left, right = header.findall(".//w:tc", NS)

    def run_props(cell, text):
        for paragraph in cell.findall("w:p", NS):
            if "".join(paragraph.itertext()) == text:
                return paragraph, paragraph.find(".//w:rPr", NS)
        raise AssertionError(text)

    _, upper_org = run_props(left, "{{ org.upper }}")
    assert upper_org.find("w:b", NS) is None and upper_org.find("w:sz", NS).get(f"{{{W_NS}}}val") == "28"
    _, issuer = run_props(left, "{{ org.name }}")
    assert issuer.find("w:b", NS) is not None
    title_paragraph, title = run_props(right, "ĐẢNG CỘNG SẢN VIỆT NAM")
    assert title.find("w:b", NS) is not None and title.find("w:sz", NS).get(f"{{{W_NS}}}val") == "30"
    assert title_paragraph.find("w:pPr/w:pBdr/w:bottom", NS) is not None
    _, date = run_props(right, "{{ doc.place_date }}")
    assert date.find("w:i", NS) is not None


def test_styles_name_the_font_in_every_slot():
    kind = all_kinds()[0]
    styles = part_xml(build_template(kind.layout, get_profile("hd05-2026")), "word/styles.xml")
    fonts = styles.find(".//w:rPrDefault/w:rPr/w:rFonts", NS)
    assert {key.split("}")[1]: value for key, value in fonts.attrib.items()} == {
        "ascii": "Times New Roman",
        "hAnsi": "Times New Roman",
        "eastAsia": "Times New Roman",
        "cs": "Times New Roman",
    }


def test_upper_casing_a_heading_keeps_tags_working():
    assert upper_template_text("Nhiệm vụ {{ period.following }}") == "NHIỆM VỤ {{ (period.following)|upper }}"
