"""The voting slip on the printed page (LibreOffice's PDF): as many members as fit on one page, and beyond that
a slip that goes on to a page 2 numbered in the top margin, its table's header row printed again; every slip
prints the same page numbers, every name whole on its line, no page blank but for its number.

One page holds 42 members on both profiles (the sample's two-line header, 12 pt names on 12.5 pt lines): the
tests print 40, so that a long place or cell name that takes a header line more still fits. Fifty do not fit at
12 pt: the rows alone would take 51 × 13 pt = 663 pt of the page's 728 pt, and the header, title and instruction
take 167 pt.
"""

from __future__ import annotations

import copy

import pytest

from service import pipeline
from service.formats.checker import Printout, check_docx
from service.formats.layout import Table
from service.formats.profiles import all_profiles, get_profile
from service.formats.text_width import text_width_mm
from service.kinds import get_kind
from tests.formats.corpus import _people
from tests.kinds.findings import sample
from tests.pdf_text import POINTS_PER_MM, convert, needs_soffice, printed_lines

pytestmark = needs_soffice

ONE_PAGE, TWO_PAGES = 40, 80
# Real names as long as they come: four and five words.
LONG_NAMES = ("Trương Nguyễn Hoàng Phương", "Nguyễn Thị Thanh Hương", "Tôn Nữ Thị Minh Khai")
HEADER_ROW = "STT Họ và tên HTXSNV HTTNV HTNV KHTNV"
PROFILES = [profile.id for profile in all_profiles()]


def _names(count: int) -> list[str]:
    return [*_people(count - len(LONG_NAMES)), *LONG_NAMES]


def _slips(count: int, profile_id: str) -> bytes:
    data = copy.deepcopy(sample("review-ballot.json"))
    data.update(members=[{"name": name} for name in _names(count)], copies=2, profile=profile_id)
    return pipeline.produce("phieu-xep-loai", data).content


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    """(members, profile) → (DOCX, PDF path, printed lines), every document printed in one LibreOffice call."""
    documents = {f"{count}-{profile}": _slips(count, profile) for count in (ONE_PAGE, TWO_PAGES) for profile in PROFILES}
    pdfs = convert(documents, tmp_path_factory.mktemp("slips"), tmp_path_factory.mktemp("soffice-profile"))
    return {tuple(name.split("-", 1)): (documents[name], pdf, printed_lines(pdf)) for name, pdf in pdfs.items()}


def _pages(lines) -> dict[int, list]:
    pages: dict[int, list] = {}
    for line in lines:
        pages.setdefault(line.page, []).append(line)
    return pages


def _rows(page_lines) -> list[str]:
    """The page's printed rows top to bottom: the lines (poppler's, a table cell each) that share a baseline."""
    rows: dict[int, list] = {}
    for line in page_lines:
        rows.setdefault(round(line.y_max), []).append(line)
    return [
        " ".join(" ".join(line.text.split()) for line in sorted(row, key=lambda line: line.x_min))
        for _, row in sorted(rows.items())
    ]


def _number(page_lines, profile_id: str):
    """The line printed in the top margin, if any."""
    top = get_profile(profile_id).page.margin_top_mm * POINTS_PER_MM
    return next((line for line in page_lines if line.y_max < top), None)


@pytest.mark.parametrize("profile_id", PROFILES)
def test_a_slip_of_forty_members_is_one_page_without_a_number(printed, profile_id):
    _, _, lines = printed[(str(ONE_PAGE), profile_id)]
    pages = _pages(lines)
    assert len(pages) == 2  # two slips, a page each
    for page_lines in pages.values():
        assert _number(page_lines, profile_id) is None
        assert sum(row.split()[0].isdigit() for row in _rows(page_lines)) == ONE_PAGE


@pytest.mark.parametrize("profile_id", PROFILES)
def test_a_longer_slip_numbers_its_second_page_and_repeats_the_header_row(printed, profile_id):
    _, _, lines = printed[(str(TWO_PAGES), profile_id)]
    pages = _pages(lines)
    assert len(pages) == 4  # two slips, two pages each
    profile = get_profile(profile_id)
    centre = (profile.page.margin_left_mm + profile.page.text_width_mm / 2) * POINTS_PER_MM
    for first, second in ((1, 2), (3, 4)):
        assert _number(pages[first], profile_id) is None
        number = _number(pages[second], profile_id)
        # Every slip's second page says 2: the numbers start again with each slip, so none tells slips apart.
        assert number is not None and number.text == "2"
        assert abs((number.x_min + number.x_max) / 2 - centre) < 3 * POINTS_PER_MM
        rows = _rows([line for line in pages[second] if line is not number])
        assert rows[0] == HEADER_ROW
        # The page goes on with the members' rows: no page holds its number and the header row alone.
        assert rows[1].split()[0].isdigit()


@pytest.mark.parametrize("count", [ONE_PAGE, TWO_PAGES])
@pytest.mark.parametrize("profile_id", PROFILES)
def test_every_name_prints_whole_on_one_line(printed, count, profile_id):
    _, _, lines = printed[(str(count), profile_id)]
    texts = {" ".join(line.text.split()) for line in lines}
    # The name column is wide enough for the longest real names, so none may break.
    table = next(block for block in get_kind("phieu-xep-loai").layout.blocks if isinstance(block, Table))
    profile = get_profile(profile_id)
    width = profile.page.text_width_mm * table.columns[1].width / sum(column.width for column in table.columns)
    longest = max(text_width_mm(name, profile.table.size_pt) for name in LONG_NAMES)
    assert longest < width - 2 * profile.table.cell_margin_mm
    for name in _names(count):
        assert any(name in text for text in texts), name


@pytest.mark.parametrize("count", [ONE_PAGE, TWO_PAGES])
@pytest.mark.parametrize("profile_id", PROFILES)
def test_the_checker_passes_the_printed_slips(printed, count, profile_id):
    document, pdf, _ = printed[(str(count), profile_id)]
    report = check_docx(document, profile_id, printout=Printout(pdf=pdf.read_bytes()))
    assert report.rendered and report.pages == (2 if count == ONE_PAGE else 4)
    assert not [d.line() for d in report.deviations if d.severity == "error"]
    # A section per slip is how slips are made, not a part the checker could not read: nothing is left unjudged.
    assert report.not_judged == ()
