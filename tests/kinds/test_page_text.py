"""Text hygiene judged on the printed page (LibreOffice's PDF): a heading never ends with its year alone on a line,
and a line break typed in a speech never stretches the words of a justified line across the width."""

from __future__ import annotations

import copy

import pytest

from service import pipeline
from service.formats.text_width import text_width_mm
from tests.formats.broken.documents import NS, edit, w
from tests.kinds.findings import sample
from tests.pdf_text import POINTS_PER_MM, convert, needs_soffice, printed_lines

pytestmark = needs_soffice
RESOLUTION, MINUTES = "nghi-quyet-thang", "bien-ban-thuong-ky"


def _area_ending_with_the_year() -> str:
    """A task area whose heading "1. … năm 2026" fills its line up to "năm", so that with ordinary spaces the year
    goes alone onto the next line (measured with the font's widths; a line is 165 mm less the 10 mm indent)."""
    words = "Lãnh đạo thực hiện nhiệm vụ chính trị".split()
    filler = "của chi bộ và các đoàn thể trong thôn xóm".split()
    line = 155 * 0.99
    for extra in range(40):
        text = " ".join(words + [filler[i % len(filler)] for i in range(extra)]) + " năm"
        if text_width_mm("1. " + text, 14, bold=True) <= line < text_width_mm("1. " + text + " 2026", 14, bold=True):
            return text + " 2026"
    raise AssertionError("no length puts the year alone")


def _plain_spaces(content: bytes) -> bytes:
    """The document as printed before: the non-breaking spaces turned back into ordinary ones."""

    def change(root):
        for text in root.iter(w("t")):
            if text.text:
                text.text = text.text.replace("\u00a0", " ")

    return edit(content, "word/document.xml", change)


def _speech_with_a_line_break(content: bytes, first: str) -> bytes:
    """The speech as printed before: its two lines in one justified paragraph, joined by a manual break."""

    def change(root):
        paragraphs = list(root.iter(w("p")))
        at = next(i for i, p in enumerate(paragraphs) if "".join(p.itertext()).endswith(first))
        head, tail = paragraphs[at], paragraphs[at + 1]
        head.append(etree_break())
        for run in tail.findall("w:r", NS):
            head.append(run)
        tail.getparent().remove(tail)

    return edit(content, "word/document.xml", change)


def etree_break():
    from lxml import etree

    run = etree.Element(w("r"))
    etree.SubElement(run, w("br"))
    return run


# A first line that fills about half the width: as the last line of its paragraph it stays as it is, but
# followed by a manual break in a justified paragraph it is stretched across the whole width.
SPEECH = "Đề nghị vệ sinh khu vực chợ."
SPEECH_END = "khu vực chợ."


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory):
    meeting = copy.deepcopy(sample("monthly-meeting.json"))
    area = _area_ending_with_the_year()
    meeting["next_month"][0]["area"] = area
    meeting["speeches"][1]["content"] = SPEECH + "\nHội Phụ nữ sẽ vận động hội viên phân loại rác tại nguồn."
    resolution = pipeline.produce(RESOLUTION, meeting).content
    minutes = pipeline.produce(MINUTES, meeting).content
    documents = {
        "resolution": resolution,
        "resolution-before": _plain_spaces(resolution),
        "minutes": minutes,
        "minutes-before": _speech_with_a_line_break(minutes, SPEECH_END),
    }
    folder = tmp_path_factory.mktemp("page-text")
    return convert(documents, folder, folder / "profile"), area


def _heading_lines(pdf, area: str) -> list[str]:
    lines = [line.text for line in printed_lines(pdf)]
    start = next(i for i, text in enumerate(lines) if text.startswith("1. " + area.split()[0]))
    return lines[start : start + 2]


def test_a_heading_never_ends_with_the_year_alone(pdfs):
    files, area = pdfs
    assert _heading_lines(files["resolution-before"], area)[1] == "2026"  # the fault, as it was
    first, second = _heading_lines(files["resolution"], area)
    assert second.endswith("năm 2026") and second != "2026" and not first.endswith("năm")


def _widest_gap(pdf) -> float:
    """The widest space between two words of the speech's first printed line, in mm. Poppler may cut a widely
    spaced line into pieces: every word at the height of the line is taken."""
    lines = printed_lines(pdf)
    first = next(line for line in lines if line.text.startswith("- Đồng chí Lê Thị Lan:"))
    words = sorted(
        word for line in lines if line.page == first.page and abs(line.y_min - first.y_min) < 1 for word in line.words
    )
    return max(right[0] - left[1] for left, right in zip(words, words[1:])) / POINTS_PER_MM


def test_a_line_typed_in_a_speech_does_not_stretch_the_line_before_it(pdfs):
    files, _ = pdfs
    space = text_width_mm(" ", 14)
    assert _widest_gap(files["minutes-before"]) > 2 * space  # the fault, as it was
    assert _widest_gap(files["minutes"]) < 1.1 * space
