"""The checker's own regression suite: good documents with one planted defect each (tests/formats/seeded/),
at least one per check, printed through LibreOffice in one call and checked. Every defect must be flagged with
its finding; the rate is printed at the end of the run."""

from __future__ import annotations

import pytest

from service.formats.checker import check_docx, check_many
from service.render.pdf import PdfPool
from service.render.soffice import find_soffice
from tests.formats.seeded.defects import DEFECTS, DETECTED

SOFFICE = find_soffice()
needs_libreoffice = pytest.mark.skipif(
    SOFFICE is None,
    reason="LibreOffice (soffice) is not installed; CI installs libreoffice-writer-nogui fonts-liberation2 poppler-utils",
)


@pytest.fixture(scope="module")
def reports():
    documents = [defect.make() for defect in DEFECTS]
    pool = PdfPool(SOFFICE, converters=2, queue_size=len(documents), timeout=300)
    try:
        return dict(zip((d.name for d in DEFECTS), check_many(documents, None, pool)))
    finally:
        pool.stop()


@needs_libreoffice
@pytest.mark.parametrize("defect", DEFECTS, ids=[d.name for d in DEFECTS])
def test_the_checker_flags_each_seeded_defect(reports, defect):
    report = reports[defect.name]
    assert report.rendered
    found = {d.code for d in report.deviations}
    DETECTED[defect.name] = defect.code in found
    assert defect.code in found, "\n".join(d.line() for d in report.deviations)
    flagged = next(d for d in report.deviations if d.code == defect.code)
    assert flagged.rule and flagged.message
    if defect.rendered:
        assert flagged.where.page is not None and flagged.where.y_mm is not None


@pytest.mark.parametrize("defect", [d for d in DEFECTS if not d.rendered], ids=[d.name for d in DEFECTS if not d.rendered])
def test_text_defects_are_found_without_printing(defect):
    assert defect.code in {d.code for d in check_docx(defect.make()).deviations}


def test_every_check_has_a_seeded_defect():
    """The checks the issue asks for on the printed page and in the text, each planted at least once."""
    planted = {defect.code for defect in DEFECTS}
    assert planted >= {
        "header_name_break",
        "party_title_printed_position",
        "party_title_printed_rule",
        "asterisk_printed_position",
        "place_date_printed_italic",
        "place_date_printed_position",
        "signature_alone",
        "signature_split",
        "page_number_printed_first_page",
        "page_number_printed_missing",
        "furniture_inherited",
        "outside_text_area",
        "outside_text_area_table",
        "cell_overflow",
        "cell_overflow_cut",
        "heading_lone_word",
        "heading_last_on_page",
        "stretched_line",
        "pdf_font",
        "vietnamese_fallback",
        "recipient_dashes",
        "recipient_punctuation",
        "recipient_duplicate",
        "recipient_archive_missing",
        "recipient_archive_vt",
        "doubled_punctuation",
        "vote_arithmetic",
        "vote_failed_adopted",
        "place_date_format",
        "number_state_style",
        "form_code_repeated",
        "table_name_broken",
    }
