"""service.legacy_encodings.docx: old documents in TCVN3, VNI and VISCII fonts become Unicode in Times New Roman."""

from __future__ import annotations

import io
import zipfile

import pytest
from docx.enum.style import WD_STYLE_TYPE

from service.legacy_encodings.docx import convert_docx, converted_filename
from service.safety.packages import UnsafePackage
from service.safety.uploads import word_document
from tests.legacy_encodings.legacy_docx import add_runs, load, new_document, save, soft_hyphen, theme_font
from tests.helpers import docx_paragraphs, part_xml
from tests.safety.active import REFUSED, docm, remote_template
from tests.custom_templates.files import built, members
from tests.vietnamese.legacy_samples import SAMPLES, tcvn3, viscii, vni

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def fonts_named(content: bytes, part: str) -> set[str]:
    return {
        value
        for fonts in part_xml(content, part).iter(f"{W}rFonts")
        for key, value in fonts.attrib.items()
        if key in {f"{W}{s}" for s in ("ascii", "hAnsi", "cs", "eastAsia")}
    }


def test_document_typed_in_vntime_through_its_normal_style():
    document = new_document(".VnTime")
    for unicode, typed, capitals, _ in SAMPLES:
        if not capitals:
            document.add_paragraph(typed)
    converted = convert_docx(save(document))
    assert docx_paragraphs(converted.content) == [s[0] for s in SAMPLES if not s[2]]
    assert converted.report.as_dict() == {"runs": {"tcvn3": 6}, "unicode_runs": 0, "fonts": [".VnTime"], "removed": []}
    assert load(converted.content).styles["Normal"].font.name == "Times New Roman"
    assert ".VnTime" not in fonts_named(converted.content, "word/styles.xml")


def test_capitals_font_and_vni_and_viscii_runs_each_by_their_font():
    document = new_document()
    for unicode, typed, capitals, _ in SAMPLES:
        if capitals:
            add_runs(document.add_paragraph(), (typed, ".VnTimeH"))
    add_runs(document.add_paragraph(), (vni("Nghị quyết tháng 11 năm 2026"), "VNI-Times"))
    add_runs(document.add_paragraph(), (viscii("Chi bộ thôn Đông"), "VI Times"))
    add_runs(document.add_paragraph(), (viscii("biên bản"), "VI Times H"))
    converted = convert_docx(save(document))
    assert docx_paragraphs(converted.content) == [s[0] for s in SAMPLES if s[2]] + [
        "Nghị quyết tháng 11 năm 2026",
        "Chi bộ thôn Đông",
        "BIÊN BẢN",
    ]
    assert converted.report.runs == {"tcvn3": 4, "vni": 1, "viscii": 2}
    assert fonts_named(converted.content, "word/document.xml") == {"Times New Roman"}


def test_vni_mark_split_from_its_letter_by_a_run_boundary():
    document = new_document()
    add_runs(document.add_paragraph(), ("Ñaûng Coäng sa", "VNI-Times"), ("ûn", "VNI-Times"), (" Vieät Nam", "VNI-Times"))
    converted = convert_docx(save(document))
    assert docx_paragraphs(converted.content) == ["Đảng Cộng sản Việt Nam"]
    assert [run.text for run in load(converted.content).paragraphs[0].runs] == ["Đảng Cộng s", "ản", " Việt Nam"]


def test_soft_hyphen_element_in_a_tcvn3_run_is_u_horn():
    document = new_document()
    run = document.add_paragraph().add_run("th")
    run.font.name = ".VnTime"
    soft_hyphen(run)
    run._r.append(run._r.makeelement(f"{W}t"))
    run._r[-1].text = "êng"
    converted = convert_docx(save(document))
    assert docx_paragraphs(converted.content) == ["thường"]
    assert part_xml(converted.content).find(f".//{W}softHyphen") is None


def test_unicode_text_in_a_legacy_font_keeps_its_text_and_gets_the_new_font():
    document = new_document()
    add_runs(document.add_paragraph(), ("Đảng bộ xã", ".VnTime"), (" § 3 Điều 5", "Arial"))
    converted = convert_docx(save(document))
    assert docx_paragraphs(converted.content) == ["Đảng bộ xã § 3 Điều 5"]
    assert converted.report.unicode_runs == 1 and not converted.report.runs
    assert [run.font.name for run in load(converted.content).paragraphs[0].runs] == ["Times New Roman", "Arial"]


def test_runs_in_unicode_and_theme_fonts_are_left_as_typed():
    document = new_document(".VnTime")
    add_runs(document.add_paragraph(), ("Hµ Néi ", "Times New Roman"))
    theme_font(document.add_paragraph().add_run("Hµ Néi"))
    converted = convert_docx(save(document))
    assert docx_paragraphs(converted.content) == ["Hµ Néi ", "Hµ Néi"]


def test_character_style_table_header_and_footer_are_converted():
    document = new_document()
    style = document.styles.add_style("Cu", WD_STYLE_TYPE.CHARACTER)
    style.font.name = ".VnTime"
    document.add_paragraph().add_run(tcvn3("đồng chí"), style="Cu")
    document.add_table(rows=1, cols=1).cell(0, 0).paragraphs[0].add_run(tcvn3("Thôn Đông"), style="Cu")
    section = document.sections[0]
    add_runs(section.header.paragraphs[0], (tcvn3("Đảng bộ xã An Phú"), ".VnTime"))
    add_runs(section.footer.paragraphs[0], (vni("Trang một"), "VNI-Helve"))
    converted = convert_docx(save(document))
    result = load(converted.content)
    assert result.paragraphs[0].text == "đồng chí"
    assert result.tables[0].cell(0, 0).text == "Thôn Đông"
    assert result.sections[0].header.paragraphs[0].text == "Đảng bộ xã An Phú"
    assert result.sections[0].footer.paragraphs[0].text == "Trang một"
    assert result.styles["Cu"].font.name == "Times New Roman"


def test_other_parts_are_copied_and_a_second_conversion_changes_nothing():
    document = new_document(".VnTime")
    document.add_paragraph(tcvn3("Chi bộ thôn Đông"))
    document.core_properties.title = "§¶ng"
    original = save(document)
    once = convert_docx(original).content
    with zipfile.ZipFile(io.BytesIO(original)) as before, zipfile.ZipFile(io.BytesIO(once)) as after:
        assert before.namelist() == after.namelist()
        assert before.read("docProps/core.xml") == after.read("docProps/core.xml")
    again = convert_docx(once)
    assert again.report.as_dict() == {"runs": {}, "unicode_runs": 0, "fonts": [], "removed": []}
    assert docx_paragraphs(again.content) == docx_paragraphs(once) == ["Chi bộ thôn Đông"]


def test_document_without_legacy_fonts_keeps_its_text():
    document = new_document()
    document.add_paragraph("Đảng Cộng sản Việt Nam — § ½ « »")
    converted = convert_docx(save(document))
    assert docx_paragraphs(converted.content) == ["Đảng Cộng sản Việt Nam — § ½ « »"]
    assert not converted.report.fonts


def test_numbering_symbols_in_a_legacy_font_are_decoded():
    document = new_document()
    original = save(document)
    numbering = (
        f'<w:numbering xmlns:w="{W[1:-1]}"><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0">'
        '<w:lvlText w:val="\u00ad"/><w:rPr><w:rFonts w:ascii=".VnTime" w:hAnsi=".VnTime"/></w:rPr>'
        "</w:lvl></w:abstractNum></w:numbering>"
    )
    with zipfile.ZipFile(io.BytesIO(original)) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    parts["word/numbering.xml"] = numbering.encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for name, data in parts.items():
            target.writestr(name, data)
    level = part_xml(convert_docx(buffer.getvalue()).content, "word/numbering.xml").find(f".//{W}lvl")
    assert level.find(f"{W}lvlText").get(f"{W}val") == "ư"
    assert level.find(f"{W}rPr/{W}rFonts").get(f"{W}hAnsi") == "Times New Roman"


def test_replacement_font_can_be_chosen():
    document = new_document(".VnTime")
    document.add_paragraph("Hµ Néi")
    converted = convert_docx(save(document), font="Liberation Serif")
    assert load(converted.content).styles["Normal"].font.name == "Liberation Serif"
    assert converted.font == "Liberation Serif"


def _zip(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize(
    "data, code",
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500), "doc_not_docx"),
        (b"PK\x03\x04 not really a zip", "not_a_docx"),
        (b"", "not_a_docx"),
        (_zip({"[Content_Types].xml": b"<Types/>"}), "not_a_docx"),
        (_zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document"}), "invalid_xml"),
        (
            _zip(
                {
                    "[Content_Types].xml": b"<Types/>",
                    "word/document.xml": b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY e SYSTEM "file:///etc/passwd">]><d>&e;</d>',
                }
            ),
            "dtd_forbidden",
        ),
        (
            _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<d>" + b" " * (4 << 20) + b"</d>"}),
            "unsafe_package",
        ),
    ],
)
def test_hostile_or_broken_files_are_refused_with_a_code(data, code):
    with pytest.raises(UnsafePackage) as refused:
        convert_docx(data)
    assert refused.value.code == code
    assert refused.value.message


def test_converted_file_name():
    assert converted_filename("Biên bản họp.docx") == "Biên bản họp-unicode.docx"
    assert converted_filename("C:\\Users\\a\\cu.docx") == "cu-unicode.docx"
    assert converted_filename("") == "van-ban-unicode.docx"


def test_macros_are_removed_and_the_result_is_a_plain_word_document():
    converted = convert_docx(docm())
    with zipfile.ZipFile(io.BytesIO(converted.content)) as package:
        names = package.namelist()
        types = package.read("[Content_Types].xml").decode()
        relationships = package.read("word/_rels/document.xml.rels").decode()
    assert not {"word/vbaProject.bin", "word/vbaData.xml", "word/_rels/vbaProject.bin.rels"} & set(names)
    assert "macroEnabled" not in types and "vbaProject" not in types and "vbaProject" not in relationships
    assert word_document(converted.content)  # nothing active left, main part a Word document
    assert [(a["kind"], a["part"]) for a in converted.report.as_dict()["removed"]][0] == ("macros", "word/vbaProject.bin")
    assert docx_paragraphs(converted.content) == docx_paragraphs(built())


def test_a_template_on_another_machine_is_unlinked():
    converted = convert_docx(remote_template("\\\\203.0.113.9\\share\\t.dotm"))
    assert "203.0.113.9" not in members(converted.content)["word/_rels/settings.xml.rels"].decode()
    assert "attachedTemplate" not in members(converted.content)["word/settings.xml"].decode()
    assert word_document(converted.content)
    assert converted.report.as_dict()["removed"] == [
        {"kind": "remote_template", "part": "word/_rels/settings.xml.rels", "target": "\\\\203.0.113.9\\share\\t.dotm"}
    ]


@pytest.mark.parametrize("hostile", sorted(REFUSED))
def test_what_cannot_be_removed_without_changing_the_document_is_refused_naming_the_part(hostile):
    build, code, part = REFUSED[hostile]
    with pytest.raises(UnsafePackage) as refused:
        convert_docx(build())
    assert (refused.value.code, refused.value.part) == (code, part)
