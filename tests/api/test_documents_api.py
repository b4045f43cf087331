"""POST /api/v1/documents/<kind> and GET /api/v1/kinds."""

from __future__ import annotations

import base64
import hashlib
import json
from urllib.parse import unquote

import pytest

from tests.conftest import SAMPLES
from tests.helpers import docx_text

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def post(client, kind, body, **kwargs):
    data = body if isinstance(body, bytes) else json.dumps(body, ensure_ascii=False)
    kwargs.setdefault("content_type", "application/json")
    return client.post(f"/api/v1/documents/{kind}", data=data, **kwargs)


def test_docx_by_default_with_vietnamese_file_name(client, meeting):
    response = post(client, "nghi-quyet-thang", meeting)
    assert response.status_code == 200
    assert response.mimetype == DOCX
    disposition = response.headers["Content-Disposition"]
    assert 'filename="Nghi quyet thang 11-2026.docx"' in disposition
    assert unquote(disposition.split("filename*=UTF-8''")[1]) == "Nghị quyết tháng 11-2026.docx"
    assert response.headers["X-Document-SHA256"] == hashlib.sha256(response.data).hexdigest()
    assert "Số 11-NQ/CB" in docx_text(response.data)


def test_json_metadata_carries_warnings_and_the_document(client, meeting):
    meeting["meeting"]["end"] = "15:00"
    response = post(client, "bien-ban-thuong-ky", meeting, headers={"Accept": "application/json"})
    assert response.status_code == 200
    body = response.get_json()
    assert body["profile"] == "hd05-2026"
    assert [w["code"] for w in body["warnings"]] == ["meeting_too_short"]
    assert "90 phút" in body["warnings"][0]["message"]
    content = base64.b64decode(body["content_base64"])
    assert hashlib.sha256(content).hexdigest() == body["sha256"]
    assert "BIÊN BẢN" in docx_text(content)
    # The titles it prints, as POST …/titles gives them before issuing.
    titles = client.post("/api/v1/documents/bien-ban-thuong-ky/titles", json=meeting).get_json()["titles"]
    assert body["titles"] == titles and body["titles"]["document"].startswith("BIÊN BẢN")


def test_rule_violation_is_422_problem_with_field_pointer(client, meeting):
    meeting["vote"]["in_favour"] = 18
    response = post(client, "nghi-quyet-thang", meeting)
    assert response.status_code == 422
    assert response.mimetype == "application/problem+json"
    problem = response.get_json()
    assert problem["code"] == "validation_failed"
    assert problem["errors"][0]["pointer"] == "/vote"
    assert "chỉ đảng viên chính thức được biểu quyết" in problem["errors"][0]["message"]


@pytest.mark.parametrize(
    "body, code",
    [
        (b"{not json", "invalid_json"),
        (b"\xff\xfe{}", "invalid_utf8"),
        (b'{"a": NaN}', "invalid_json"),
        (b"[" * 100 + b"]" * 100, "json_too_deep"),
        (b"[" * 100000 + b"]" * 100000, "invalid_json"),
    ],
)
def test_malformed_bodies_are_400(client, body, code):
    response = post(client, "bien-ban-thuong-ky", body)
    assert response.status_code == 400
    assert response.get_json()["code"] == code


@pytest.mark.parametrize("body", [[], "text", 5, None])
def test_a_body_that_is_not_an_object_is_422(client, body):
    response = post(client, "bien-ban-thuong-ky", body)
    assert response.status_code == 422
    assert response.get_json()["errors"][0]["code"] == "not_an_object"


def test_wrong_content_type_is_415(client, meeting):
    response = post(client, "bien-ban-thuong-ky", json.dumps(meeting).encode(), content_type="text/plain")
    assert response.status_code == 415
    assert response.get_json()["code"] == "unsupported_media_type"


def test_unknown_kind_is_404(client, meeting):
    response = post(client, "../etc/passwd", meeting)
    assert response.status_code == 404
    response = post(client, "bien-ban-khong-co", meeting)
    assert response.get_json()["code"] == "unknown_kind"


def test_pdf_is_not_acceptable_without_libreoffice(app, client, meeting):
    app.config["SOFFICE_PATH"] = None
    assert post(client, "bien-ban-thuong-ky", meeting, headers={"Accept": "application/pdf"}).status_code == 406
    assert post(client, "bien-ban-thuong-ky", meeting, query_string={"format": "pdf"}).status_code == 406


def test_too_large_body_is_413(app, client, meeting):
    app.config["MAX_CONTENT_LENGTH"] = 1000
    response = post(client, "bien-ban-thuong-ky", meeting)
    assert response.status_code == 413
    assert response.get_json()["code"] == "payload_too_large"


def test_wrong_method_is_405_problem(client):
    response = client.get("/api/v1/documents/bien-ban-thuong-ky")
    assert response.status_code == 405
    assert response.get_json()["code"] == "method_not_allowed"
    assert "POST" in response.headers["Allow"]


def test_kinds_list_schema_and_sample(client):
    kinds = {k["id"]: k for k in client.get("/api/v1/kinds").get_json()["kinds"]}
    assert set(kinds) >= {"bien-ban-thuong-ky", "nghi-quyet-thang"}
    minutes = kinds["bien-ban-thuong-ky"]
    assert minutes["title"] == "Biên bản sinh hoạt chi bộ thường kỳ"
    assert "attendance" in minutes["schema"]["properties"]
    assert minutes["sample"]["organization"]["name"] == "Chi bộ Thôn Đông"


def test_every_kind_sample_renders_through_the_api(client):
    for kind in client.get("/api/v1/kinds").get_json()["kinds"]:
        response = post(client, kind["id"], kind["sample"])
        assert response.status_code == 200, (kind["id"], response.get_data(as_text=True))


def test_healthz(client):
    assert client.get("/healthz").get_json() == {"status": "ok"}


@pytest.mark.parametrize(
    "changes",
    [
        {"date": "0266-11-03"},
        {"date": "1900-01-15", "period": {"month": 1, "year": 1900}},
        {"date": "1900-01-15", "period": {"month": 1, "year": 2026}},
    ],
)
def test_a_year_outside_the_range_is_a_finding_at_its_field_not_a_500(client, changes):
    report = json.loads((SAMPLES / "monthly-report.json").read_text(encoding="utf-8"))
    response = client.post("/api/v1/documents/bao-cao-thang", json={**report, **changes})
    assert response.status_code == 422
    assert {e["pointer"] for e in response.get_json()["errors"]} >= {"/date"}


@pytest.mark.parametrize(
    "at, value, message",
    [
        (("meeting", "date"), 0, "Ngày họp: phải là ngày theo định dạng YYYY-MM-DD (ví dụ 2026-11-05)."),
        (("meeting", "date"), "2026-02-30", "Ngày họp: không có ngày này (2026-02-30)."),
        (
            ("meeting", "start"),
            "00:00:00Z",
            "Giờ bắt đầu: phải là giờ theo định dạng HH:MM (ví dụ 14:00), không kèm múi giờ.",
        ),
        (("attendance", "present"), True, "Số đảng viên có mặt: phải là số nguyên, không phải true/false."),
    ],
)
def test_values_are_not_coerced(client, meeting, at, value, message):
    meeting[at[0]][at[1]] = value
    response = client.post("/api/v1/documents/bien-ban-thuong-ky", json=meeting)
    assert response.status_code == 422
    assert {"pointer": "/" + "/".join(at), "message": message}.items() <= response.get_json()["errors"][0].items()


def test_one_answer_lists_the_schema_errors_and_the_rule_errors_of_the_valid_parts(client, meeting):
    # Issue 19 item 7: the vote beyond the official members present used to wait for the date to be fixed.
    meeting["meeting"]["date"] = "2026-02-30"
    meeting["vote"]["in_favour"] = 18
    response = post(client, "nghi-quyet-thang", meeting)
    assert response.status_code == 422
    problem = response.get_json()
    assert problem["code"] == "validation_failed"
    assert [(e["pointer"], e["code"]) for e in problem["errors"]] == [
        ("/meeting/date", "date_nonexistent"),
        ("/vote", "vote_exceeds_official_present"),
    ]
