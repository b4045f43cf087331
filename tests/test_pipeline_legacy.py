"""The pipeline's normalize step converts legacy-encoded input strings and says so in a warning."""
from __future__ import annotations

import json

import pytest

from service import pipeline
from service.findings import InputInvalid
from tests.helpers import docx_text


def test_legacy_fields_are_converted_with_a_warning_naming_each_field(meeting):
    meeting["meeting"]["location"] = "Nhµ v¨n hãa th«n §«ng"           # TCVN3
    meeting["attendance"]["absent"][0]["reason"] = "oám, coù ñôn xin pheùp"   # VNI
    prepared = pipeline.prepare("bien-ban-thuong-ky", meeting)
    legacy = [w for w in prepared.warnings if w.code == "legacy_encoding_converted"]
    assert [(w.pointer, w.severity) for w in legacy] == [
        ("/meeting/location", "warning"), ("/attendance/absent/0/reason", "warning")]
    assert "“/meeting/location”" in legacy[0].message and "TCVN3 (ABC)" in legacy[0].message
    assert "VNI Windows" in legacy[1].message
    assert prepared.model.meeting.location == "Nhà văn hóa thôn Đông"
    text = docx_text(pipeline.render(prepared).content)
    assert "Nhà văn hóa thôn Đông" in text and "ốm, có đơn xin phép" in text


def test_unicode_input_gets_no_legacy_warning(meeting):
    prepared = pipeline.prepare("nghi-quyet-thang", meeting)
    assert not [w for w in prepared.warnings if w.code == "legacy_encoding_converted"]


def test_the_warning_travels_with_errors_too(meeting):
    meeting["meeting"]["location"] = "Nhµ v¨n hãa th«n §«ng"
    meeting["meeting"]["date"] = "not a date"
    with pytest.raises(InputInvalid) as invalid:
        pipeline.prepare("bien-ban-thuong-ky", meeting)
    assert [w.code for w in invalid.value.warnings] == ["legacy_encoding_converted"]


def test_api_reports_the_warning(api_client, meeting):
    meeting["organization"]["name"] = "Chi bé Th«n §«ng"
    response = api_client.post("/api/v1/documents/nghi-quyet-thang", data=json.dumps(meeting),
                           content_type="application/json")
    assert response.status_code == 200
    warnings = json.loads(response.headers["X-Document-Warnings"])
    assert {"pointer": "/organization/name", "code": "legacy_encoding_converted"}.items() <= warnings[0].items()
    assert "CHI BỘ THÔN ĐÔNG" in docx_text(response.data)
