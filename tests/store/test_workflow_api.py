"""The API's draft → issue flow: ?draft=true archives a draft with no number, /issue numbers it, a draft can go."""
from __future__ import annotations

import json

from service import pipeline
from tests.helpers import docx_text

DOCX = pipeline.DOCX_MEDIA_TYPE


def create(client, kind: str, data: dict, query: str = "", **headers):
    return client.post(f"/api/v1/documents/{kind}{query}", data=json.dumps(data), content_type="application/json",
                       headers={"Accept": DOCX, **headers})


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
    assert client.get(f"/api/v1/documents/{document_id}").status_code == 404      # the draft is gone
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
