"""Issuing archives every document; regenerate rebuilds it byte for byte; verify recognises it."""

from __future__ import annotations

import hashlib
import json

import pytest

from service import issuing, pipeline

DOCX = pipeline.DOCX_MEDIA_TYPE


def post(client, kind: str, data: dict, accept: str = DOCX):
    return client.post(
        f"/api/v1/documents/{kind}", data=json.dumps(data), content_type="application/json", headers={"Accept": accept}
    )


def by_id(meeting: dict, roster: dict[str, int], org_id: int) -> dict:
    """The sample meeting naming everyone by roster id, and the chi bộ by its id."""
    data = {key: value for key, value in meeting.items() if key != "organization"}
    data["organization_id"] = org_id
    data["chair"] = {"member_id": roster["Nguyễn Văn An"]}
    data["secretary"] = {"member_id": roster["Trần Thị Bình"]}
    data["guests"] = [{"member_id": roster[g["name"]]} for g in meeting["guests"]]
    data["attendance"] = {
        **meeting["attendance"],
        "absent": [
            {**{k: v for k, v in a.items() if k != "name"}, "member_id": roster[a["name"]]}
            for a in meeting["attendance"]["absent"]
        ],
    }
    data["speeches"] = [{"speaker_id": roster[s["speaker"]], "content": s["content"]} for s in meeting["speeches"]]
    data["ho_chi_minh"] = {**meeting["ho_chi_minh"], "presenter_id": roster["Hoàng Văn Đức"]}
    del data["ho_chi_minh"]["presenter"]
    return data


@pytest.mark.parametrize("kind", ["bien-ban-thuong-ky", "nghi-quyet-thang"])
def test_naming_members_by_id_renders_the_same_document_as_spelling_them_out(client, meeting, roster, chi_bo, kind):
    spelled = post(client, kind, meeting)
    named = post(client, kind, by_id(meeting, roster, chi_bo["id"]))
    assert spelled.status_code == named.status_code == 200, named.get_json()
    assert named.data == spelled.data


def test_an_unknown_member_id_is_a_finding_at_its_place(client, meeting, roster, chi_bo):
    meeting["chair"] = {"member_id": 999}
    meeting["speeches"][1] = {"speaker_id": "An", "content": "Ý kiến"}
    errors = post(client, "bien-ban-thuong-ky", meeting).get_json()["errors"]
    assert [(e["pointer"], e["code"]) for e in errors] == [
        ("/chair/member_id", "member_not_found"),
        ("/speeches/1/speaker_id", "member_id_invalid"),
    ]
    assert "999" in errors[0]["message"]


def test_a_member_of_another_chi_bo_is_not_found(client, database, meeting, roster, chi_bo, dang_bo):
    from service.store import organizations

    other = organizations.create_organization(
        database, {"parent_id": dang_bo["id"], "name": "Chi bộ Thôn Tây", "place": "An Phú"}
    )
    outsider = organizations.create_member(database, other["id"], {"full_name": "Mai Văn Tây"})
    meeting["organization_id"] = chi_bo["id"]
    meeting["chair"] = {"member_id": outsider["id"]}
    assert post(client, "bien-ban-thuong-ky", meeting).get_json()["errors"][0]["code"] == "member_not_found"


def test_an_omitted_resolution_number_comes_from_the_register(client, meeting, chi_bo):
    del meeting["resolution_number"]
    meeting["organization_id"] = chi_bo["id"]
    first = post(client, "nghi-quyet-thang", meeting, "application/json").get_json()
    second = post(client, "nghi-quyet-thang", meeting, "application/json").get_json()
    assert (first["number"], second["number"]) == (1, 2)
    entries = client.get(f"/api/v1/organizations/{chi_bo['id']}/register").get_json()["entries"]
    assert [(e["number"], e["status"], e["doc_type"]) for e in entries] == [(1, "confirmed", "NQ"), (2, "confirmed", "NQ")]


def test_a_number_already_issued_is_refused_with_409(client, meeting, chi_bo):
    meeting["organization_id"] = chi_bo["id"]
    assert post(client, "nghi-quyet-thang", meeting).status_code == 200
    again = post(client, "nghi-quyet-thang", meeting)
    assert again.status_code == 409 and again.get_json()["code"] == "number_taken"


def test_a_draft_reserves_its_number_and_the_final_version_confirms_it(client, meeting, chi_bo):
    del meeting["resolution_number"]
    meeting.update(organization_id=chi_bo["id"], draft=True)
    number = post(client, "nghi-quyet-thang", meeting, "application/json").get_json()["number"]
    meeting.update(draft=False, resolution_number=number)
    assert post(client, "nghi-quyet-thang", meeting).status_code == 200
    entries = client.get(f"/api/v1/organizations/{chi_bo['id']}/register").get_json()["entries"]
    assert [(e["number"], e["status"]) for e in entries] == [(1, "confirmed")]


def test_invalid_input_uses_no_number_and_records_nothing(client, meeting, chi_bo):
    del meeting["resolution_number"]
    meeting["organization_id"] = chi_bo["id"]
    meeting["attendance"]["present"] = 3
    assert post(client, "nghi-quyet-thang", meeting).status_code == 422
    assert client.get("/api/v1/documents").get_json()["documents"] == []
    meeting["attendance"]["present"] = 18
    assert post(client, "nghi-quyet-thang", meeting, "application/json").get_json()["number"] == 1


def test_regenerate_gives_the_issued_bytes(client, meeting, chi_bo):
    del meeting["resolution_number"]
    meeting["organization_id"] = chi_bo["id"]
    issued = post(client, "nghi-quyet-thang", meeting)
    document_id = issued.headers["X-Document-Id"]
    again = client.post(f"/api/v1/documents/{document_id}/regenerate", headers={"Accept": DOCX})
    assert again.status_code == 200 and again.headers["X-Document-Identical"] == "true"
    assert again.headers["X-Document-Same-Content"] == "true" and again.data == issued.data
    summary = client.post(f"/api/v1/documents/{document_id}/regenerate").get_json()
    assert summary["identical"] is summary["same_content"] is True
    assert summary["sha256"] == hashlib.sha256(issued.data).hexdigest()


def test_a_rebuild_deflated_differently_is_not_identical_but_has_the_same_content(client, meeting, monkeypatch):
    """As on another kind of machine, whose deflate gives other bytes for the same parts."""
    from service.render import package

    issued = post(client, "bien-ban-thuong-ky", meeting)
    document_id = issued.headers["X-Document-Id"]
    monkeypatch.setattr(package, "RENDER_COMPRESS_LEVEL", 0)  # ISA-L level 0: the same parts, other bytes
    summary = client.post(f"/api/v1/documents/{document_id}/regenerate").get_json()
    assert summary["identical"] is False and summary["same_content"] is True
    rebuilt = client.post(f"/api/v1/documents/{document_id}/regenerate", headers={"Accept": DOCX})
    assert rebuilt.headers["X-Document-Identical"] == "false" and rebuilt.headers["X-Document-Same-Content"] == "true"
    meeting["conclusion"] = "Một kết luận khác."
    other = post(client, "bien-ban-thuong-ky", meeting)
    assert not package.same_content(issued.data, other.data) and package.same_content(issued.data, rebuilt.data)


def test_regenerate_uses_the_archived_template_after_templates_change(client, meeting, monkeypatch):
    issued = post(client, "bien-ban-thuong-ky", meeting)
    monkeypatch.setattr(pipeline, "template_bytes", lambda *_: pytest.fail("read templates_docx/"))
    again = client.post(f"/api/v1/documents/{issued.headers['X-Document-Id']}/regenerate", headers={"Accept": DOCX})
    assert again.data == issued.data


def test_the_record_holds_what_proves_the_document(client, meeting, chi_bo):
    meeting["organization_id"] = chi_bo["id"]
    issued = post(client, "nghi-quyet-thang", meeting)
    record = client.get(f"/api/v1/documents/{issued.headers['X-Document-Id']}").get_json()
    assert record["output_sha256"] == hashlib.sha256(issued.data).hexdigest()
    assert (
        record["template_sha256"]
        == hashlib.sha256(pipeline.template_bytes("nghi-quyet-thang", record["profile_id"])).hexdigest()
    )
    assert (record["kind"], record["organization_id"], record["number"], record["profile_id"], record["ruleset_id"]) == (
        "nghi-quyet-thang",
        chi_bo["id"],
        11,
        "hd05-2026",
        "hd42-2025",
    )
    assert record["creator"] == "api:" + client.environ_base["HTTP_AUTHORIZATION"].removeprefix("Bearer ")[:12]
    assert record["input"]["organization"]["name"] == "Chi bộ Thôn Đông"
    assert record["input"]["legal_bases"] == meeting["legal_bases"]
    file = client.get(f"/api/v1/documents/{record['id']}?format=docx")
    assert file.data == issued.data and file.mimetype == DOCX


def test_a_document_naming_no_organization_is_archived_under_the_key_s_unnumbered(client, meeting, dang_bo):
    issued = post(client, "nghi-quyet-thang", meeting)
    record = client.get(f"/api/v1/documents/{issued.headers['X-Document-Id']}").get_json()
    assert record["organization_id"] == dang_bo["id"]
    assert client.get(f"/api/v1/organizations/{dang_bo['id']}/register").get_json()["entries"] == []


def test_verify_tells_an_issued_document_from_any_other(client, meeting):
    issued = post(client, "bien-ban-thuong-ky", meeting)
    answer = client.post("/api/v1/documents/verify", data=issued.data, content_type=DOCX).get_json()
    assert answer["issued"] is True and answer["documents"][0]["id"] == int(issued.headers["X-Document-Id"])
    altered = client.post("/api/v1/documents/verify", data=issued.data + b"\0", content_type=DOCX).get_json()
    assert altered == {"issued": False, "sha256": hashlib.sha256(issued.data + b"\0").hexdigest(), "documents": []}
    assert client.post("/api/v1/documents/verify").status_code == 400


def test_documents_are_listed_newest_first_with_filters(client, meeting, chi_bo):
    post(client, "bien-ban-thuong-ky", meeting)
    meeting["organization_id"] = chi_bo["id"]
    post(client, "nghi-quyet-thang", meeting)
    listed = lambda query: [d["kind"] for d in client.get(f"/api/v1/documents?{query}").get_json()["documents"]]
    assert listed("") == ["nghi-quyet-thang", "bien-ban-thuong-ky"]
    assert listed("kind=bien-ban-thuong-ky") == ["bien-ban-thuong-ky"]
    assert listed(f"organization_id={chi_bo['id']}") == ["nghi-quyet-thang"]
    assert listed("period=2026-11") == ["nghi-quyet-thang", "bien-ban-thuong-ky"]
    assert listed("period=2026-10") == listed("period=2025") == []
    assert listed("limit=1&offset=1") == ["bien-ban-thuong-ky"]
    bad = client.get("/api/v1/documents?period=2026-13")
    assert bad.status_code == 400 and bad.get_json()["code"] == "invalid_parameter"


def test_unknown_documents_are_404_problems(client):
    for response in (client.get("/api/v1/documents/7"), client.post("/api/v1/documents/7/regenerate")):
        assert response.status_code == 404 and response.get_json()["code"] == "document_not_found"


def test_issue_records_the_resolved_input(database, storage, meeting, roster, chi_bo):
    issued = issuing.into_archive(
        database, storage, "bien-ban-thuong-ky", by_id(meeting, roster, chi_bo["id"]), creator="test"
    )
    assert issued.record.input["chair"] == {**meeting["chair"], "honorific": "comrade"}
    assert storage.get(issued.record.output_sha256) == issued.document.content


@pytest.mark.parametrize("typed", ["Hoàng Văn Đức", "hoàng văn đức", "HOÀNG VĂN ĐỨC", "đức", "ĐỨC", "Biên bản"])
def test_text_search_finds_vietnamese_words_in_any_case(database, storage, meeting, typed):
    """The presenter “Hoàng Văn Đức” is in the recorded input (JSON, non-ASCII letters escaped), “Biên bản” in the
    file name; a clerk types them in whatever case."""
    from service.store import archive

    issuing.into_archive(database, storage, "bien-ban-thuong-ky", meeting, creator="test")
    assert [d.kind for d in archive.find_documents(database, text=typed)] == ["bien-ban-thuong-ky"]
    assert archive.find_documents(database, text="Hoàng Văn Đạt") == []
