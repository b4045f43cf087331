"""POST /api/v1/documents/<kind>/titles: what a document will be called, before it is issued."""

from __future__ import annotations

import json

from tests.kinds.findings import sample


def _titles(client, kind: str, data: dict):
    return client.post(f"/api/v1/documents/{kind}/titles", data=json.dumps(data), content_type="application/json")


def test_a_december_sitting_reviewing_november_shows_its_three_months(api_client):
    response = _titles(api_client, "bien-ban-thuong-ky", sample("december-meeting.json"))
    assert response.status_code == 200
    body = response.get_json()
    assert body["kind"] == "bien-ban-thuong-ky" and body["profile"] == "hd05-2026"
    assert body["titles"] == {
        "document": "BIÊN BẢN",
        "summary": "Sinh hoạt chi bộ thường kỳ tháng 12 năm 2026",
        "months": {
            "sitting": {"month": 12, "year": 2026, "source": "default"},
            "tasks": {"month": 12, "year": 2026, "source": "default"},
            "reviewed": {"month": 11, "year": 2026, "source": "input"},
        },
        "titles": {
            "minutes": "Sinh hoạt chi bộ thường kỳ tháng 12 năm 2026",
            "resolution": "Nghị quyết về nhiệm vụ tháng 12 năm 2026",
            "evaluation": "Đánh giá kết quả thực hiện Nghị quyết tháng 11 năm 2026",
        },
    }
    assert body["warnings"] == []


def test_impossible_months_are_refused_with_their_reason(api_client, meeting):
    meeting["reviewed_month"] = {"month": 11, "year": 2026}
    meeting["tasks_month"] = {"month": 12, "year": 2026}
    response = _titles(api_client, "nghi-quyet-thang", meeting)
    assert response.status_code == 422
    errors = response.get_json()["errors"]
    assert [(e["pointer"], e["code"]) for e in errors] == [("/reviewed_month", "reviewed_month_unfinished")]
    assert "tháng này chưa kết thúc vào ngày họp 05/11/2026" in errors[0]["message"]


def test_an_issued_documents_metadata_carries_its_titles(api_client, meeting):
    response = api_client.post(
        "/api/v1/documents/nghi-quyet-thang",
        data=json.dumps(meeting),
        content_type="application/json",
        headers={"Accept": "application/json"},
    )
    assert response.get_json()["titles"]["summary"] == "về nhiệm vụ tháng 11 năm 2026"


def test_a_read_key_may_preview(app, api_org, meeting):
    from tests.conftest import keyed_client

    reader = keyed_client(app, api_org["id"], "read")
    assert _titles(reader, "nghi-quyet-thang", meeting).status_code == 200


def test_an_unknown_kind_is_404(api_client, meeting):
    assert _titles(api_client, "khong-co", meeting).status_code == 404
