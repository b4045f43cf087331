"""The conformance checker: every generated document passes, every planted fault is found."""

from __future__ import annotations

import copy
import io

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt
from lxml import etree

from service.formats.builder import build_template
from service.formats.checker import CannotCheck, check_docx, check_document
from service.formats.docx_reader import read_docx
from service.formats.profiles import all_profiles, get_profile
from service.kinds import get_kind
from service.pipeline import check
from service.render.engine import render_docx
from tests.formats.broken.documents import NS, edit, every_generated, generated, sample
from tests.formats.broken.faults import FAULTS, MINUTES, RESOLUTION
from tests.formats.test_corpus_gate import known

GENERATED = every_generated()


def _deviations(report, kind_id: str) -> list:
    """The report's deviations less the text warnings of defects other branches are fixing (KNOWN_DEFECTS)."""
    return [
        d for d in report.deviations if not (d.severity == "warning" and known(f"{kind_id}.{report.profile.id}", d.code))
    ]


@pytest.mark.parametrize("kind_id, profile_id", GENERATED, ids=[f"{k}.{p}" for k, p in GENERATED])
def test_every_generated_document_passes_its_profile(kind_id, profile_id):
    report = check_docx(generated(kind_id, profile_id), profile_id)
    assert [d.line() for d in _deviations(report, kind_id)] == []
    assert report.ok and report.not_judged == ()


@pytest.mark.parametrize("profile_id", [p.id for p in all_profiles()])
def test_a_draft_passes_too(profile_id):
    report = check_docx(generated(RESOLUTION, profile_id, draft=True), profile_id)
    assert [d.line() for d in report.deviations] == []


@pytest.mark.parametrize("fault", FAULTS, ids=[f.name for f in FAULTS])
def test_each_planted_fault_gives_its_finding_and_only_it(fault):
    report = check_docx(fault.document(), fault.profile)
    deviations = _deviations(report, fault.kind)
    found = [(d.code, d.severity) for d in deviations]
    assert found == [(fault.code, fault.severity)], "\n".join(d.line() for d in deviations)
    where = deviations[0].where
    if fault.at is None:
        assert where.section == 1
    else:
        assert where.excerpt.startswith(fault.at)
    assert report.ok == (fault.severity == "warning")


def _finding(fault_name: str):
    fault = next(f for f in FAULTS if f.name == fault_name)
    return _deviations(check_docx(fault.document(), fault.profile), fault.kind)[0]


def test_state_style_number_names_the_right_form():
    finding = _finding("state-style number")
    assert (finding.expected, finding.found) == ("Số 05-NQ/CB", "Số: 05/NQ-CB")
    assert finding.line().startswith("[LỖI] Đoạn 4 (bảng 1, hàng 1, ô 1) «Số: 05/NQ-CB»: Số và ký hiệu")
    assert finding.line().endswith("— cần «Số 05-NQ/CB», thấy «Số: 05/NQ-CB»")


def test_date_finding_gives_the_padded_date():
    finding = _finding("date without leading zeros")
    assert finding.expected == "An Phú, ngày 05 tháng 02 năm 2026"


def test_margin_and_font_findings_say_what_and_how_much():
    margin = _finding("wrong left margin")
    assert (margin.expected, margin.found, margin.where.section) == ("30 mm", "35 mm", 1)
    font = _finding("Arial in the styles")
    assert (font.expected, font.found) == ("Times New Roman", "Arial")
    assert "đoạn" in font.message  # one finding for the whole document, counting the paragraphs


def test_size_12_body_is_one_finding_counting_the_paragraphs():
    finding = _finding("size 12 body")
    assert (finding.expected, finding.found) == ("14–15 pt", "12 pt")


def test_profile_is_chosen_by_the_document_date():
    older = check_docx(generated(RESOLUTION, "hd36-2018", date="2026-02-05"))
    assert (older.profile.id, older.profile_choice) == ("hd36-2018", "date")
    newer = check_docx(generated(RESOLUTION, "hd05-2026"))
    assert (newer.profile.id, newer.profile_choice) == ("hd05-2026", "date")


def test_a_hd36_document_checked_against_hd05_shows_the_differences():
    report = check_docx(generated(MINUTES, "hd36-2018"), "hd05-2026")
    assert {(d.code, d.severity) for d in _deviations(report, MINUTES)} == {
        ("minutes_labels", "error"),
        ("closing_mark", "warning"),
    }


def test_changing_a_profile_value_moves_templates_and_checker_together():
    profile = get_profile("hd05-2026")
    wider = profile.model_copy(update={"page": profile.page.model_copy(update={"margin_left_mm": 35})})
    kind = get_kind(RESOLUTION)
    prepared = check(RESOLUTION, sample(RESOLUTION), profile_id=profile.id)
    with_wider = read_docx(render_docx(build_template(kind.layout, wider), prepared.context))
    assert check_document(with_wider, wider).deviations == ()
    assert [d.code for d in check_document(with_wider, profile).deviations] == ["page_margin_left"]
    usual = read_docx(generated(RESOLUTION, profile.id))
    assert [d.found for d in check_document(usual, wider).deviations] == ["30 mm"]


@pytest.mark.parametrize(
    "content, code",
    [
        (b"", "not_a_docx"),
        (b"plain text, not a zip", "not_a_docx"),
    ],
)
def test_files_that_are_not_docx_are_refused(content, code):
    with pytest.raises(CannotCheck) as refused:
        check_docx(content)
    assert refused.value.code == code and "Word" in refused.value.message


def test_unknown_profile_is_refused():
    with pytest.raises(CannotCheck) as refused:
        check_docx(generated(RESOLUTION, "hd05-2026"), "hd99")
    assert refused.value.code == "unknown_profile"


def _typed(header_in_table: bool = True, font: str = "Times New Roman") -> bytes:
    """A resolution typed by a person in Word (here: python-docx and its own default template)."""
    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin, section.left_margin, section.right_margin = Mm(20), Mm(20), Mm(30), Mm(15)
    normal = document.styles["Normal"]
    normal.font.name, normal.font.size = font, Pt(14)

    def line(container, text, size=14, bold=False, italic=False, underline=False, align="center"):
        paragraph = container.add_paragraph()
        paragraph.alignment = {
            "center": WD_ALIGN_PARAGRAPH.CENTER,
            "left": WD_ALIGN_PARAGRAPH.LEFT,
            "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
        }[align]
        run = paragraph.add_run(text)
        run.font.size, run.bold, run.italic, run.underline = Pt(size), bold, italic, underline
        return paragraph

    if header_in_table:
        left, right = document.add_table(rows=1, cols=2).rows[0].cells
    else:
        left = right = document
    line(left, "ĐẢNG BỘ XÃ AN PHÚ")
    line(left, "CHI BỘ THÔN ĐÔNG", bold=True)
    line(left, "*")
    line(left, "Số 05-NQ/CB")
    title = line(right, "ĐẢNG CỘNG SẢN VIỆT NAM", size=15, bold=True)
    border = title._p.get_or_add_pPr()
    border.append(border.makeelement(docx.oxml.ns.qn("w:pBdr"), {}))
    border[-1].append(border.makeelement(docx.oxml.ns.qn("w:bottom"), {docx.oxml.ns.qn("w:val"): "single"}))
    line(right, "An Phú, ngày 05 tháng 3 năm 2026", italic=True)
    line(document, "NGHỊ QUYẾT", size=15, bold=True)
    line(document, "về nhiệm vụ tháng 4 năm 2026", bold=True)
    line(document, "-----")
    body = line(document, "Chi bộ thống nhất thực hiện các nhiệm vụ trọng tâm tháng 4 năm 2026./.", align="justify")
    body.paragraph_format.line_spacing = Pt(18)
    recipients, signature = document.add_table(rows=1, cols=2).rows[0].cells
    line(recipients, "Nơi nhận:", underline=True, align="left")
    line(recipients, "- Đảng ủy xã An Phú,", size=12, align="left")
    line(recipients, "- Lưu Chi bộ.", size=12, align="left")
    line(signature, "T/M CHI BỘ", bold=True)
    line(signature, "BÍ THƯ")
    line(signature, "Nguyễn Văn An", bold=True)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_a_document_typed_in_word_passes_when_it_follows_the_rules():
    report = check_docx(_typed())
    assert report.profile.id == "hd36-2018"
    assert [d.line() for d in report.deviations] == []
    # python-docx names the font for Latin letters only; the East Asian slot stays with the theme.
    assert {n.code for n in report.not_judged} == {"font_slot_unresolved", "page_number_missing"}


def test_the_font_of_the_normal_style_is_what_counts():
    report = check_docx(_typed(font="Arial"))
    assert [(d.code, d.found) for d in report.deviations] == [("font", "Arial")]


def test_a_header_without_a_table_is_reported_and_still_judged():
    report = check_docx(_typed(header_in_table=False))
    assert [(d.code, d.severity) for d in report.deviations] == [("header_not_table", "warning")]


def test_an_empty_document_is_judged_for_what_it_has():
    out = io.BytesIO()
    docx.Document().save(out)
    report = check_docx(out.getvalue(), "hd05-2026")
    assert {n.code for n in report.not_judged} == {"empty_document", "page_number_missing"}
    assert {d.code for d in report.deviations} >= {"page_size", "page_margin_left"}
    assert not report.ok


def test_report_as_json_and_as_text():
    fault = next(f for f in FAULTS if f.name == "state-style number")
    report = check_docx(fault.document())
    data = report.as_dict()
    assert data["profile"] == "hd05-2026" and data["ok"] is False
    assert data["findings"][0]["where"] == {
        "paragraph": 4,
        "table": 1,
        "cell": (1, 1),
        "section": None,
        "excerpt": "Số: 05/NQ-CB",
        "page": None,
        "x_mm": None,
        "y_mm": None,
    }
    assert data["rendered"] is False and data["findings"][0]["rule"].startswith("Hướng dẫn 05-HD/VPTW")
    assert report.text().splitlines()[-1] == "Không đạt: 1 lỗi, 0 cảnh báo."


def _header_in_a_text_box(root):
    """The header's lines moved out of the table into a VML text box anchored in an empty paragraph."""
    table = root.find(".//w:tbl", NS)
    box = etree.fromstring(
        f'<w:p xmlns:w="{NS["w"]}" xmlns:v="urn:schemas-microsoft-com:vml"><w:r><w:pict>'
        "<v:shape><v:textbox><w:txbxContent/></v:textbox></v:shape></w:pict></w:r></w:p>"
    )
    content = box.find(".//w:txbxContent", NS)
    for paragraph in table.iter(f"{{{NS['w']}}}p"):
        content.append(copy.deepcopy(paragraph))
    table.addprevious(box)
    table.getparent().remove(table)


def _two_sections(root):
    final = root.find("w:body/w:sectPr", NS)
    closing = next(p for p in root.iter(f"{{{NS['w']}}}p") if "".join(p.itertext()).startswith("Nghị quyết được"))
    closing.find("w:pPr", NS).append(copy.deepcopy(final))


def test_a_header_in_a_text_box_is_read_in_order():
    report = check_docx(edit(generated(RESOLUTION, "hd05-2026"), "word/document.xml", _header_in_a_text_box))
    assert [(d.code, d.severity) for d in report.deviations] == [("header_not_table", "warning")]
    assert [n.code for n in report.not_judged] == ["textboxes"]


def test_every_section_is_judged():
    content = edit(generated(RESOLUTION, "hd05-2026"), "word/document.xml", _two_sections)
    report = check_docx(content)
    assert report.deviations == () and [n.code for n in report.not_judged] == ["sections"]
    wider = edit(
        content, "word/document.xml", lambda root: root.find("w:body/w:sectPr/w:pgMar", NS).set(f"{{{NS['w']}}}left", "1985")
    )
    assert [(d.code, d.where.section) for d in check_docx(wider).deviations] == [("page_margin_left", 2)]
