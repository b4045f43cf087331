"""A sitting's documents through the store: a combined sitting's two resolutions each take a number of their own
from the register, the signer's post comes from the roster, and a titles preview takes no number at all."""

from __future__ import annotations

import json

from tests.kinds.findings import sample
from tests.store.test_archive import post


def test_a_combined_sittings_two_resolutions_take_two_numbers(client, chi_bo):
    combined = sample("combined-meeting.json")
    del combined["resolution_number"], combined["thematic_resolution_number"]
    combined["organization_id"] = chi_bo["id"]
    monthly = post(client, "nghi-quyet-thang-ket-hop", combined, "application/json").get_json()
    thematic = post(client, "nghi-quyet-chuyen-de-ket-hop", combined, "application/json").get_json()
    minutes = post(client, "bien-ban-thuong-ky-chuyen-de", combined, "application/json").get_json()
    assert (monthly["number"], thematic["number"], minutes["number"]) == (1, 2, None)
    entries = client.get(f"/api/v1/organizations/{chi_bo['id']}/register").get_json()["entries"]
    assert [(e["number"], e["doc_type"], e["status"]) for e in entries] == [(1, "NQ", "confirmed"), (2, "NQ", "confirmed")]


def test_the_chairs_post_comes_from_the_roster(client, meeting, roster, chi_bo):
    meeting["organization_id"] = chi_bo["id"]
    del meeting["resolution_number"]
    meeting["chair"] = {"member_id": roster["Trần Thị Bình"]}  # "Phó Bí thư Chi bộ" in the roster
    assert post(client, "nghi-quyet-thang", meeting).status_code == 200
    meeting["chair"] = {"member_id": roster["Hoàng Văn Đức"]}  # no post in the roster
    refused = post(client, "nghi-quyet-thang", meeting)
    assert refused.status_code == 422
    assert [(e["pointer"], e["code"]) for e in refused.get_json()["errors"]] == [("/signer", "signer_required")]


def test_the_titles_preview_takes_no_number_and_records_nothing(client, chi_bo):
    december = sample("december-meeting.json")
    del december["resolution_number"]
    december["organization_id"] = chi_bo["id"]
    response = client.post(
        "/api/v1/documents/nghi-quyet-thang/titles", data=json.dumps(december), content_type="application/json"
    )
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["titles"]["titles"]["resolution"] == "Nghị quyết về nhiệm vụ tháng 12 năm 2026"
    assert response.get_json()["number"] == 1  # what the register would give, not taken
    assert client.get(f"/api/v1/organizations/{chi_bo['id']}/register").get_json()["entries"] == []
    assert client.get("/api/v1/documents").get_json()["documents"] == []
