"""The API's draft → issue flow: ?draft=true archives a draft with no number, /issue numbers it, a draft can go."""

from __future__ import annotations

import json

from service import pipeline
from service.store import organizations
from tests.conftest import keyed_client
from tests.helpers import docx_text

DOCX = pipeline.DOCX_MEDIA_TYPE


def create(client, kind: str, data: dict, query: str = "", **headers):
    return client.post(
        f"/api/v1/documents/{kind}{query}",
        data=json.dumps(data),
        content_type="application/json",
        headers={"Accept": DOCX, **headers},
    )


def test_a_draft_has_no_number_and_issuing_it_takes_the_register_s(client, meeting, chi_bo):
    meeting["organization_id"] = chi_bo["id"]
    draft = create(client, "nghi-quyet-thang", meeting, "?draft=true")
    assert draft.status_code == 200 and "Dự thảo" in docx_text(draft.data)
    assert "du thao" in draft.headers["Content-Disposition"] and "Số 11-NQ/CB" not in docx_text(draft.data)
    document_id = draft.headers["X-Document-Id"]
    shown = client.get(f"/api/v1/documents/{document_id}").get_json()
    assert (shown["status"], shown["number"], shown["register_entry_id"]) == ("draft", None, None)
    assert client.get(f"/api/v1/organizations/{chi_bo['id']}/register").get_json()["entries"] == []
    issued = client.post(f"/api/v1/documents/{document_id}/issue")
    assert issued.status_code == 201
    final = issued.get_json()
    assert (final["status"], final["number"], final["filename"]) == ("issued", 1, "Nghị quyết tháng 11-2026.docx")
    assert client.get(f"/api/v1/documents/{document_id}").status_code == 404  # the draft is gone
    content = client.get(f"/api/v1/documents/{final['id']}?format=docx").data
    assert "Số 01-NQ/CB" in docx_text(content) and "Dự thảo" not in docx_text(content)


def test_an_issued_document_is_not_issued_again_nor_removed(client, meeting, chi_bo):
    meeting["organization_id"] = chi_bo["id"]
    document_id = create(client, "nghi-quyet-thang", meeting).headers["X-Document-Id"]
    again = client.post(f"/api/v1/documents/{document_id}/issue")
    assert again.status_code == 409 and again.get_json()["code"] == "already_issued"
    removed = client.delete(f"/api/v1/documents/{document_id}")
    assert removed.status_code == 409 and "Chỉ xóa được bản dự thảo" in removed.get_json()["detail"]


def test_a_draft_can_be_removed(client, meeting, chi_bo):
    meeting["organization_id"] = chi_bo["id"]
    document_id = create(client, "nghi-quyet-thang", meeting, "?draft=true").headers["X-Document-Id"]
    assert client.delete(f"/api/v1/documents/{document_id}").status_code == 204
    assert client.get("/api/v1/documents").get_json()["documents"] == []


def test_the_draft_flag_takes_true_or_false_only(client, meeting):
    refused = create(client, "nghi-quyet-thang", meeting, "?draft=yes")
    assert refused.status_code == 400 and "“draft”" in refused.get_json()["detail"]


def test_an_idempotency_key_does_not_turn_a_draft_into_the_final_document(client, meeting, chi_bo):
    meeting["organization_id"] = chi_bo["id"]
    assert create(client, "nghi-quyet-thang", meeting, "?draft=true", **{"Idempotency-Key": "k1"}).status_code == 200
    assert create(client, "nghi-quyet-thang", meeting, **{"Idempotency-Key": "k1"}).status_code == 409


def test_a_correction_is_a_new_revision_under_the_same_number_until_sent(client, meeting, chi_bo):
    meeting["organization_id"] = chi_bo["id"]
    first = create(client, "nghi-quyet-thang", meeting, **{"Accept": "application/json"}).get_json()
    corrected_input = {**meeting, "conclusion": "Kết luận đã sửa", "resolution_number": 99}
    answer = client.post(
        f"/api/v1/documents/{first['id']}/corrections", json={"reason": "Sửa kết luận", "input": corrected_input}
    )
    assert answer.status_code == 201
    second = answer.get_json()
    assert (second["number"], second["revision"], second["corrects_id"], second["reason"]) == (
        11,
        2,
        first["id"],
        "Sửa kết luận",
    )
    content = client.get(f"/api/v1/documents/{second['id']}?format=docx").data
    assert "Số 11-NQ/CB" in docx_text(content)
    assert client.get(f"/api/v1/documents/{first['id']}?format=docx").status_code == 200  # kept
    entries = client.get(f"/api/v1/organizations/{chi_bo['id']}/register").get_json()["entries"]
    assert [e["number"] for e in entries] == [11]  # the number once
    stale = client.post(f"/api/v1/documents/{first['id']}/corrections", json={"reason": "x", "input": meeting})
    assert stale.status_code == 409 and stale.get_json()["code"] == "superseded"
    assert client.post(f"/api/v1/documents/{second['id']}/sent").get_json()["status"] == "sent"
    refused = client.post(f"/api/v1/documents/{second['id']}/corrections", json={"reason": "x", "input": meeting})
    assert refused.status_code == 409 and refused.get_json()["code"] == "already_sent"
    replaced = client.post(
        f"/api/v1/documents/{second['id']}/replacements", json={"reason": "Gửi nhầm số liệu", "input": corrected_input}
    )
    assert replaced.status_code == 201
    third = replaced.get_json()
    assert (third["number"], third["replaces_id"], third["revision"]) == (12, second["id"], 1)


def test_a_correction_needs_a_reason_and_valid_input(client, meeting, chi_bo):
    meeting["organization_id"] = chi_bo["id"]
    document_id = create(client, "nghi-quyet-thang", meeting).headers["X-Document-Id"]
    no_reason = client.post(f"/api/v1/documents/{document_id}/corrections", json={"reason": "", "input": meeting})
    assert no_reason.status_code == 422 and no_reason.get_json()["errors"][0]["pointer"] == "/reason"
    meeting["attendance"]["present"] = 3
    invalid = client.post(f"/api/v1/documents/{document_id}/corrections", json={"reason": "Sửa", "input": meeting})
    assert invalid.status_code == 422
    unsent = client.post(f"/api/v1/documents/{document_id}/replacements", json={"reason": "x", "input": meeting})
    assert unsent.status_code == 409 and unsent.get_json()["code"] == "not_sent"


def test_documents_are_found_by_text_number_and_status(client, meeting, chi_bo):
    meeting["organization_id"] = chi_bo["id"]
    create(client, "nghi-quyet-thang", meeting)
    create(client, "nghi-quyet-thang", meeting, "?draft=true")

    def found(query: str) -> list:
        return [(d["status"], d["number"]) for d in client.get("/api/v1/documents?" + query).get_json()["documents"]]

    assert found("q=Đông Xuân&status=issued") == [("issued", 11)]
    assert found("number=11") == [("issued", 11)] and found("status=draft") == [("draft", None)]
    assert found("q=50%25_!") == []
    assert client.get("/api/v1/documents?status=old").status_code == 400


def test_a_correction_cannot_move_the_document_to_an_organization_out_of_reach(app, meeting, chi_bo):
    database = app.extensions["database"]
    other = organizations.create_organization(
        database, {"name": "Chi bộ Khác", "place": "An Phú", "upper_name": "Đảng bộ xã Khác", "created_on": "2020-01-01"}
    )
    client = keyed_client(app, chi_bo["id"], "write")
    meeting["organization_id"] = chi_bo["id"]
    document_id = create(client, "nghi-quyet-thang", meeting).headers["X-Document-Id"]
    moved = client.post(
        f"/api/v1/documents/{document_id}/corrections",
        json={"reason": "Sửa", "input": {**meeting, "organization_id": other["id"]}},
    )
    assert moved.status_code == 422 and moved.get_json()["errors"][0]["code"] == "organization_not_found"
