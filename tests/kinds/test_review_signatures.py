"""A signature never starts a page alone in a review document: the last lines of the body travel with it. Judged
on the printed page (LibreOffice PDF), on short inputs (blank forms, a batch's minutes) and on inputs whose length
grows a line at a time over a whole page, so that every place a page can break before the signature is tried.

All documents are converted in one soffice call with a private profile."""

from __future__ import annotations

import copy
import subprocess

import pytest

from service import pipeline
from tests.kinds.findings import sample
from tests.pdf_text import SOFFICE, convert

pytestmark = pytest.mark.skipif(
    SOFFICE is None,
    reason="LibreOffice (soffice) is not installed; CI installs libreoffice-writer-nogui fonts-liberation2 poppler-utils",
)
# More lines than a page holds: one of the lengths puts the page break just before the signature.
SWEEP = range(0, 28)
SIGNATURES = ("NGƯỜI TỰ KIỂM ĐIỂM", "Nơi nhận:", "NGƯỜI GHI BIÊN BẢN")
ORGANIZATION = {"upper": "Đảng bộ xã An Phú", "name": "Chi bộ Thôn Đông", "place": "An Phú"}


def _lines(count: int, what: str) -> str:
    return "\n".join(
        f"{what} thứ {number}: tiếp tục thực hiện nghiêm các nội dung đã đề ra." for number in range(1, count + 2)
    )


def _self_review(count: int, role: str = "non_leader", year: int = 2026) -> dict:
    data = sample("self-review.json") | {"role": role, "year": year, "date": f"{year}-12-05"}
    data["remedies"] = _lines(count, "Biện pháp")
    if year < 2025:
        data.pop("score_general"), data.pop("score_tasks")
    return data


def _collective(count: int) -> dict:
    return sample("collective-review.json") | {"remedies": _lines(count, "Biện pháp")}


def _minutes(count: int) -> dict:
    data = sample("review-meeting.json")
    data["speeches"] = [
        {"speaker": "Trần Minh Hải", "content": f"Ý kiến thứ {n}: đồng ý với kết quả tự đánh giá."} for n in range(count + 1)
    ]
    return data


def _summary(count: int) -> dict:
    data = sample("review-summary.json")
    data["cells"][0]["not_reviewed"] = [
        {"name": f"Đảng viên {n}", "reason": "miễn công tác và sinh hoạt đảng"} for n in range(count)
    ]
    return data


def _batch_minutes() -> dict:
    """Minutes as a year-end batch makes them before the meeting: everything not in the roster blank."""
    return {
        "organization": ORGANIZATION,
        "year": 2026,
        "meeting": {"form": None},
        "attendance": {"total": 3, "official": 3, "probationary": 0, "exempt": None, "absent": None},
        "guests": None,
        "speeches": None,
        "members": [{"name": "Nguyễn Văn An"}, {"name": "Trần Thị Bình"}, {"name": "Lê Văn Cường"}],
    }


CASES = {
    **{f"self-review-2B-{n:02d}": ("ban-kiem-diem-ca-nhan", _self_review(n)) for n in SWEEP},
    **{f"collective-{n:02d}": ("bao-cao-kiem-diem-tap-the", _collective(n)) for n in SWEEP},
    **{f"minutes-{n:02d}": ("bien-ban-xep-loai", _minutes(n)) for n in SWEEP},
    **{f"summary-{n:02d}": ("tong-hop-xep-loai", _summary(n)) for n in SWEEP},
    **{
        f"blank-{role}": (
            "ban-kiem-diem-ca-nhan",
            {"organization": ORGANIZATION, "year": 2026, "name": "Ngô Thị Nga", "role": role},
        )
        for role in ("leader", "non_leader", "outside_political_system")
    },
    "blank-2023-leader": (
        "ban-kiem-diem-ca-nhan",
        {"organization": ORGANIZATION, "year": 2024, "name": "Ngô Thị Nga", "role": "leader"},
    ),
    "self-review-2023-long": ("ban-kiem-diem-ca-nhan", _self_review(20, "leader", 2024)),
    "collective-batch": (
        "bao-cao-kiem-diem-tap-the",
        {"organization": ORGANIZATION, "year": 2026, "draft": True, "signer": {"name": "Nguyễn Văn An"}},
    ),
    "minutes-batch": ("bien-ban-xep-loai", _batch_minutes()),
}


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("signatures")
    documents = {name: pipeline.produce(kind, copy.deepcopy(data)).content for name, (kind, data) in CASES.items()}
    return convert(documents, folder, tmp_path_factory.mktemp("soffice-profile"))


def _pages(pdf) -> list[list[str]]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return [[line.strip() for line in page.splitlines() if line.strip()] for page in text.split("\f")]


def body_lines_before_signature(pdf) -> int:
    """On the page where the signature block starts: the lines of text above it, page number left out."""
    for page in _pages(pdf):
        for index, line in enumerate(page):
            if line.startswith(SIGNATURES):
                return len([above for above in page[:index] if not above.isdigit()])
    raise AssertionError(f"no signature in {pdf.name}")


@pytest.mark.parametrize("name", CASES)
def test_the_signature_never_starts_a_page_alone(pdfs, name):
    assert body_lines_before_signature(pdfs[name]) >= 2


def test_the_sweep_reaches_a_page_break_in_every_kind(pdfs):
    # The sweep is a test of the keep rules only if some length moves the signature to a new page.
    for prefix in ("self-review-2B", "collective", "minutes", "summary"):
        pages = {len(_pages(pdfs[f"{prefix}-{n:02d}"])) for n in SWEEP}
        assert len(pages) > 1, prefix
