"""The pipeline's normalize step converts legacy-encoded input strings and drops unprintable characters, and
says so in a warning naming the field; many warnings keep the API's headers small."""

from __future__ import annotations

import json

import pytest

from service import pipeline
from service.findings import InputInvalid
from tests.conftest import SAMPLES
from tests.helpers import docx_text


def test_legacy_fields_are_converted_with_a_warning_naming_each_field(meeting):
    meeting["meeting"]["location"] = "Nhµ v¨n hãa th«n §«ng"  # TCVN3
    meeting["attendance"]["absent"][0]["reason"] = "oám, coù ñôn xin pheùp"  # VNI
    prepared = pipeline.check("bien-ban-thuong-ky", meeting)
    legacy = [w for w in prepared.warnings if w.code == "legacy_encoding_converted"]
    assert [(w.pointer, w.severity) for w in legacy] == [
        ("/meeting/location", "warning"),
        ("/attendance/absent/0/reason", "warning"),
    ]
    assert "“/meeting/location”" in legacy[0].message and "TCVN3 (ABC)" in legacy[0].message
    assert "VNI Windows" in legacy[1].message
    assert prepared.model.meeting.location == "Nhà văn hóa thôn Đông"
    text = docx_text(pipeline.render(prepared).content)
    assert "Nhà văn hóa thôn Đông" in text and "ốm, có đơn xin phép" in text


def test_unicode_input_gets_no_legacy_warning(meeting):
    prepared = pipeline.check("nghi-quyet-thang", meeting)
    assert not [w for w in prepared.warnings if w.code == "legacy_encoding_converted"]


def test_the_warning_travels_with_errors_too(meeting):
    meeting["meeting"]["location"] = "Nhµ v¨n hãa th«n §«ng"
    meeting["meeting"]["date"] = "not a date"
    with pytest.raises(InputInvalid) as invalid:
        pipeline.check("bien-ban-thuong-ky", meeting)
    assert [w.code for w in invalid.value.warnings] == ["legacy_encoding_converted"]


def test_api_reports_the_warning(api_client, meeting):
    meeting["organization"]["name"] = "Chi bé Th«n §«ng"
    response = api_client.post(
        "/api/v1/documents/nghi-quyet-thang", data=json.dumps(meeting), content_type="application/json"
    )
    assert response.status_code == 200
    warnings = json.loads(response.headers["X-Document-Warnings"])
    assert {"pointer": "/organization/name", "code": "legacy_encoding_converted"}.items() <= warnings[0].items()
    assert "CHI BỘ THÔN ĐÔNG" in docx_text(response.data)


@pytest.mark.parametrize(
    "typed",
    [
        "Nhà văn hóa\x0c thôn Đông",
        "Nhà văn hóa thôn Đông\ufffe",
        "Nhà văn hóa\ud800 thôn Đông",
        "Nhà văn\x00 hóa thôn Đông\uffff",
    ],
)
def test_unprintable_characters_are_dropped_with_a_warning_naming_the_field(meeting, typed):
    meeting["meeting"]["location"] = typed
    prepared = pipeline.check("bien-ban-thuong-ky", meeting)
    dropped = [w for w in prepared.warnings if w.code == "unprintable_characters_removed"]
    assert [(w.pointer, w.severity) for w in dropped] == [("/meeting/location", "warning")]
    assert "“/meeting/location”" in dropped[0].message and "đã bỏ" in dropped[0].message
    assert prepared.model.meeting.location == "Nhà văn hóa thôn Đông"


def test_tabs_line_breaks_and_ordinary_text_get_no_such_warning(meeting):
    meeting["meeting"]["location"] = "Nhà văn hóa\tthôn\r\nĐông"
    prepared = pipeline.check("bien-ban-thuong-ky", meeting)
    assert not [w for w in prepared.warnings if w.code == "unprintable_characters_removed"]


def test_a_key_and_a_list_item_are_named_too(meeting):
    meeting["attendance"]["absent"][0]["reason"] = "ốm\x07"
    meeting["meeting"]["locat\x08ion"] = meeting["meeting"].pop("location")
    prepared = pipeline.check("bien-ban-thuong-ky", meeting)
    assert [w.pointer for w in prepared.warnings if w.code == "unprintable_characters_removed"] == [
        "/meeting/location",
        "/attendance/absent/0/reason",
    ]


def test_the_api_sends_the_warning_with_the_document(api_client, meeting):
    meeting["meeting"]["location"] = "Nhà văn hóa\x1b thôn Đông"
    response = api_client.post(
        "/api/v1/documents/nghi-quyet-thang?format=json", data=json.dumps(meeting), content_type="application/json"
    )
    assert response.status_code == 200
    assert {
        "pointer": "/meeting/location",
        "code": "unprintable_characters_removed",
        "severity": "warning",
    }.items() <= response.get_json()["warnings"][0].items()


def test_four_hundred_warnings_keep_the_headers_small_and_are_all_in_the_json_form(api_client):
    review = json.loads((SAMPLES / "review-meeting.json").read_text(encoding="utf-8"))
    review["speeches"] = [{"speaker": "NguyÔn V¨n Hïng", "content": "§ång ý víi b¸o c¸o cña chi bé."}] * 200
    body = json.dumps(review)
    response = api_client.post("/api/v1/documents/bien-ban-xep-loai", data=body, content_type="application/json")
    header = response.headers["X-Document-Warnings"]
    assert response.status_code == 200 and len(header) <= 4096
    assert response.headers["X-Document-Warnings-Total"] == "400" and 0 < len(json.loads(header)) < 400
    described = api_client.post(
        "/api/v1/documents/bien-ban-xep-loai?format=json", data=body, content_type="application/json"
    ).get_json()
    assert len(described["warnings"]) == 400
