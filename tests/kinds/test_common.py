"""What every document shares: recipients normalized, the archive line once, people's names on one line."""

from __future__ import annotations

import pytest

from service import pipeline
from service.kinds import get_kind
from tests.helpers import docx_paragraphs
from tests.kinds.findings import errors_of, sample, text_of, warnings_of

RESOLUTION = "nghi-quyet-thang"


def sample_of(kind_id: str) -> dict:
    return sample(get_kind(kind_id).sample)


def _recipients(content: bytes) -> list[str]:
    paragraphs = docx_paragraphs(content)
    start = paragraphs.index("Nơi nhận:") + 1
    return paragraphs[start : paragraphs.index("T/M CHI BỘ")]


def test_recipients_as_typed_or_pasted_are_normalized(meeting):
    meeting["recipients"] = [
        "- Đảng ủy xã An Phú (để báo cáo),",
        "– Đảng viên trong chi bộ;",
        "",
        "đảng ủy xã  An Phú (để báo cáo).",
        "- Lưu Chi bộ.",
    ]
    assert _recipients(pipeline.produce(RESOLUTION, meeting).content) == [
        "- Đảng ủy xã An Phú (để báo cáo);",
        "- Đảng viên trong chi bộ;",
        "- Lưu Chi bộ.",
    ]
    meeting["profile"] = "hd36-2018"
    assert _recipients(pipeline.produce(RESOLUTION, meeting).content) == [
        "- Đảng ủy xã An Phú (để báo cáo),",
        "- Đảng viên trong chi bộ,",
        "- Lưu Chi bộ.",
    ]


@pytest.mark.parametrize(
    "kind",
    ["nghi-quyet-thang", "nghi-quyet-chuyen-de", "bao-cao-thang", "ke-hoach-chuyen-de-nam", "bao-cao-kiem-diem-tap-the"],
)
def test_without_recipients_the_document_goes_to_the_named_upper_committee(kind):
    data = sample_of(kind)
    data.pop("recipients", None)
    data["organization"]["upper"] = "Đảng bộ phường Hồng Hải"
    data["profile"] = "hd05-2026"
    assert _recipients(pipeline.produce(kind, data).content) == [
        "- Đảng ủy phường Hồng Hải (để báo cáo);",
        "- Đảng viên trong chi bộ;",
        "- Lưu Chi bộ.",
    ]


def test_vt_is_refused_under_hd05_and_replaced_under_hd36(meeting):
    meeting["recipients"] = ["Đảng ủy xã An Phú (để báo cáo)", "Lưu: VT, Chi bộ"]
    error = errors_of(RESOLUTION, meeting)
    assert error["/recipients/1"] == "recipient_vt"
    meeting["profile"] = "hd36-2018"
    assert warnings_of(RESOLUTION, meeting)["/recipients/1"] == "recipient_archive_replaced"
    text = text_of(RESOLUTION, meeting)
    assert text.count("Lưu") == 1 and "- Lưu Chi bộ." in text and "VT" not in text


def test_the_archive_line_is_printed_exactly_once_in_every_kind_with_recipients(meeting):
    meeting["recipients"].append("Lưu Chi bộ")
    assert text_of(RESOLUTION, meeting).count("Lưu Chi bộ") == 1
    assert not warnings_of(RESOLUTION, meeting)


@pytest.mark.parametrize(
    "field, typed, printed",
    [
        ("location", "Hội trường\nCục Thuế.", "- Địa điểm: Hội trường Cục Thuế."),
        ("place", "An Phú.", "An Phú, ngày 05 tháng 11 năm 2026"),
    ],
)
def test_one_line_values_lose_their_line_breaks_and_closing_marks(meeting, field, typed, printed):
    target = meeting["meeting"] if field == "location" else meeting["organization"]
    target[field] = typed
    assert printed in text_of("bien-ban-thuong-ky", meeting).split("\n")


def test_a_value_of_only_punctuation_is_empty(meeting):
    meeting["chair"]["name"] = " . "
    assert errors_of("bien-ban-thuong-ky", meeting)["/chair/name"] == "value_error"
