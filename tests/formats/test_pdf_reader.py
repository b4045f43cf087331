"""Lines, glyphs and rules read from the PDF LibreOffice prints (service/formats/pdf_reader.py) and the
paragraphs placed on them (service/formats/printed.py)."""

from __future__ import annotations

import pytest

from service.formats.docx_reader import read_docx
from service.formats.pdf_reader import UnreadablePdf, mm, read_pdf
from service.formats.printed import place
from service.render.pdf import PdfPool
from service.render.soffice import find_soffice
from tests.formats.broken.documents import generated

SOFFICE = find_soffice()
pytestmark = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
CASES = {"report": ("bao-cao-thang", "hd05-2026"), "ballot": ("phieu-xep-loai", "hd36-2018")}


@pytest.fixture(scope="module")
def printed():
    documents = {name: generated(*case) for name, case in CASES.items()}
    pool = PdfPool(SOFFICE, converters=1, queue_size=len(documents))
    try:
        futures = pool.submit(list(documents.values()))
        return {name: (documents[name], future.result()) for name, future in zip(documents, futures)}
    finally:
        pool.stop()


def test_the_header_prints_as_lines_with_their_fonts_and_the_rule(printed):
    page = read_pdf(printed["report"][1])[0]
    assert (round(mm(page.width)), round(mm(page.height))) == (210, 297)
    lines = {line.text: line for line in page.lines}
    assert {"ĐẢNG BỘ XÃ AN PHÚ", "CHI BỘ THÔN ĐÔNG", "*", "ĐẢNG CỘNG SẢN VIỆT NAM"} <= set(lines)
    assert lines["CHI BỘ THÔN ĐÔNG"].all_fonts("Bold") and not lines["ĐẢNG BỘ XÃ AN PHÚ"].all_fonts("Bold")
    assert next(l for l in page.lines if l.text.startswith("An Phú, ngày")).all_fonts("Italic")
    title = lines["ĐẢNG CỘNG SẢN VIỆT NAM"]
    assert title.size == 15 and title.x0 > page.width / 2
    rule = next(r for r in page.rules if r.horizontal and title.baseline <= r.top <= title.baseline + title.size)
    assert abs((rule.x1 - rule.x0) - (title.x1 - title.x0)) < 0.15 * (title.x1 - title.x0)


def test_a_table_row_is_cut_into_its_cells_at_the_borders(printed):
    page = read_pdf(printed["ballot"][1])[0]
    texts = [line.text.strip() for line in page.lines]
    assert "Nguyễn Văn An" in texts and "STT" in texts


def test_every_paragraph_is_placed_and_the_page_number_is_furniture(printed):
    for name, (docx, pdf) in printed.items():
        pages = read_pdf(pdf)
        placed = place(read_docx(docx), pages)
        assert placed.unplaced == [] and placed.truncated == [], name
    report = place(read_docx(printed["report"][0]), read_pdf(printed["report"][1]))
    assert [line.text for line in report.furniture(report.pages[1])] == ["2"]
    closing = next(p for p in report.document.paragraphs if p.text.startswith("Trên đây là báo cáo"))
    assert report.page_of(closing) == 2 and len(report.spots(closing)) == 2


def test_a_file_that_is_no_pdf_is_refused():
    with pytest.raises(UnreadablePdf):
        read_pdf(b"not a pdf")
