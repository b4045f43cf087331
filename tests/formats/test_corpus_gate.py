"""The corpus gate: every kind × profile from its sample, stress variants and merged books are printed through
LibreOffice and checked on the printed page; none may have an error. This is the test that keeps layout
defects from coming back.

All documents go to the PDF pool in one call (two converters, each converting its share in one soffice run),
so the gate costs two LibreOffice start-ups however many documents it holds.

KNOWN_DEFECTS lists the errors the corpus has today because of defects other branches are fixing; each entry
names its finding and the issue item whose fix removes it. The gate fails on any other error, and on an entry
that no longer occurs (empty the set as the fixes land).
"""

from __future__ import annotations

import pytest

from service.formats.checker import Printout, check_docx
from service.render.pdf import PdfPool
from service.render.soffice import find_soffice
from tests.formats.corpus import corpus

SOFFICE = find_soffice()
pytestmark = pytest.mark.skipif(
    SOFFICE is None,
    reason="LibreOffice (soffice) is not installed; CI installs libreoffice-writer-nogui fonts-liberation2 poppler-utils",
)
ITEMS = corpus()
# Not judged on purpose: a book is a document of many sections.
ALLOWED_NOT_JUDGED = {"sections"}

KNOWN_DEFECTS: dict[tuple[str, str], str] = {}


def known(item: str, code: str) -> bool:
    """Whether the finding `code` on corpus item `item` ("kind.profile") is one of the KNOWN_DEFECTS."""
    return (item, code) in KNOWN_DEFECTS


@pytest.fixture(scope="module")
def reports():
    """Every corpus item printed in one call to a two-converter pool, then checked against its profile."""
    documents = [make() for _, _, make in ITEMS]
    pool = PdfPool(SOFFICE, converters=2, queue_size=len(documents), timeout=300)
    try:
        futures = pool.submit(documents)
        pdfs = [future.result() for future in futures]
    finally:
        pool.stop()
    return {
        name: check_docx(document, profile, printout=Printout(pdf=pdf))
        for (name, profile, _), document, pdf in zip(ITEMS, documents, pdfs)
    }


@pytest.mark.parametrize("name", [name for name, _, _ in ITEMS])
def test_every_document_passes_on_the_printed_page(reports, name):
    report = reports[name]
    assert report.rendered and report.pages >= 1
    unexpected = [d for d in report.deviations if d.severity == "error" and (name, d.code) not in KNOWN_DEFECTS]
    assert not unexpected, "\n".join(d.line() for d in unexpected)
    assert {n.code for n in report.not_judged} <= ALLOWED_NOT_JUDGED, report.not_judged


def test_every_known_defect_is_still_there(reports):
    """A defect fixed on this branch (after a merge) must leave the set, so that the gate guards it again."""
    found = {(name, d.code) for name, report in reports.items() for d in report.deviations}
    stale = sorted(set(KNOWN_DEFECTS) - found)
    assert not stale, f"fixed now, remove from KNOWN_DEFECTS: {stale}"
