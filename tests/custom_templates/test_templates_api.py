"""An organization's own template over the API: upload → lint → preview → use → roll back, and what
templates are refused with."""

from __future__ import annotations

import hashlib
import io
import json

import pytest

from service import pipeline
from tests.helpers import docx_text
from tests.custom_templates.files import KIND, custom, paragraph, payload

DOCX = pipeline.DOCX_MEDIA_TYPE


@pytest.fixture
def org_id(api_org) -> int:
    return api_org["id"]


def templates_url(org_id: int, kind: str = KIND) -> str:
    return f"/api/v1/organizations/{org_id}/templates/{kind}"


def upload(client, org_id: int, template: bytes, *, path: str = "", **form):
    body = {"file": (io.BytesIO(template), "Mẫu nghị quyết riêng.docx"), **form}
    return client.post(templates_url(org_id) + path, data=body, content_type="multipart/form-data")


def issue(client, meeting: dict):
    return client.post(
        f"/api/v1/documents/{KIND}", data=json.dumps(meeting), content_type="application/json", headers={"Accept": DOCX}
    )


def signed(text: str) -> bytes:
    """The built template with a line of its own, to tell which template made a document."""
    return custom(paragraph(f"{text} — {{{{ org.title }}}}"))


def test_lint_reports_without_keeping_anything(api_client, org_id):
    answer = upload(api_client, org_id, custom(paragraph("{{ org.nmae }}")), path="/lint")
    assert answer.status_code == 200
    report = answer.get_json()
    assert report["ok"] is False and report["conformance"] is None
    assert [(i["code"], i["suggestion"]) for i in report["issues"]] == [("unknown_field", "name")]
    good = upload(api_client, org_id, custom(paragraph("{{ org.", "name }}")), path="/lint").get_json()
    assert good["ok"] is True and good["issues"][0]["code"] == "tag_split_repaired"
    assert good["conformance"]["profile"] == "hd05-2026"
    assert api_client.get(templates_url(org_id)).get_json()["versions"] == []


def test_upload_preview_use_and_roll_back(api_client, org_id, meeting):
    first_file, second_file = signed("Mẫu riêng thứ nhất"), signed("Mẫu riêng thứ hai")
    created = upload(api_client, org_id, first_file)
    assert created.status_code == 201, created.get_json()
    first = created.get_json()["version"]
    assert (first["sha256"], first["active"], first["filename"]) == (
        hashlib.sha256(first_file).hexdigest(),
        False,
        "Mẫu nghị quyết riêng.docx",
    )
    assert first["report"]["ok"] is True and "findings" in first["report"]["conformance"]

    preview = api_client.get(f"{templates_url(org_id)}/versions/{first['id']}/preview")
    assert preview.mimetype == DOCX and "Mẫu riêng thứ nhất — Chi bộ Thôn Đông" in docx_text(preview.data)
    assert api_client.get(f"{templates_url(org_id)}/versions/{first['id']}/file").data == first_file

    built = issue(api_client, meeting)
    assert "Mẫu riêng thứ nhất" not in docx_text(built.data)  # kept, not yet in use

    assert api_client.post(f"{templates_url(org_id)}/versions/{first['id']}/activate").get_json()["active"]
    used = issue(api_client, meeting)
    assert "Mẫu riêng thứ nhất — Chi bộ Thôn Đông" in docx_text(used.data)
    record = api_client.get(f"/api/v1/documents/{used.headers['X-Document-Id']}").get_json()
    assert (record["template_version_id"], record["template_sha256"]) == (first["id"], first["sha256"])
    rebuilt = api_client.post(f"/api/v1/documents/{record['id']}/regenerate").get_json()
    assert rebuilt["identical"] is True

    second = upload(api_client, org_id, second_file, activate="true").get_json()["version"]
    assert second["active"] is True
    assert "Mẫu riêng thứ hai" in docx_text(issue(api_client, meeting).data)
    listed = api_client.get(templates_url(org_id)).get_json()
    assert [(v["id"], v["active"]) for v in listed["versions"]] == [(second["id"], True), (first["id"], False)]

    api_client.post(f"{templates_url(org_id)}/versions/{first['id']}/activate")  # roll back
    assert "Mẫu riêng thứ nhất" in docx_text(issue(api_client, meeting).data)
    assert api_client.delete(f"{templates_url(org_id)}/active").status_code == 204  # built template
    plain = issue(api_client, meeting)
    assert plain.data == built.data
    overview = api_client.get(f"/api/v1/organizations/{org_id}/templates").get_json()["kinds"]
    assert {k["kind"]: (k["versions"], k["active"]) for k in overview}[KIND] == (2, None)


def test_the_same_file_again_is_the_same_version(api_client, org_id):
    template = signed("Một lần")
    first = upload(api_client, org_id, template)
    again = upload(api_client, org_id, template)
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.get_json() == {**first.get_json(), "created": False}


def test_a_document_the_template_cannot_make_is_refused_and_not_archived(api_client, org_id, meeting):
    # Harmless with the sample, a bomb with another place of meeting: the preview cannot show it.
    template = payload("{% if 'hội trường' in meeting.location %}{% for i in range(10**9) %}{% endfor %}{% endif %}")
    version = upload(api_client, org_id, template, activate="true").get_json()["version"]
    assert version["active"]
    meeting["meeting"]["location"] = "hội trường xã"
    refused = issue(api_client, meeting)
    assert refused.status_code == 422, refused.get_json()
    problem = refused.get_json()
    assert problem["errors"][0]["code"] == "loop_limit"
    assert problem["errors"][0]["message"].startswith("Mẫu riêng của chi bộ không tạo được văn bản này: ")
    assert api_client.get("/api/v1/documents").get_json()["documents"] == []


@pytest.mark.parametrize(
    "source, code",
    [
        ("{{ ''.__class__.__mro__ }}", "template_invalid"),
        ("{{ cycler.__init__.__globals__ }}", "template_invalid"),
        ("{{ config }}", "template_invalid"),
        ("{% for i in range(10**9) %}x{% endfor %}", "loop_limit"),
        (
            "{% for a in agenda %}{% for b in agenda %}{% for c in agenda %}{% for d in agenda %}{% for e in agenda %}"
            "{% for f in agenda %}{% for g in agenda %}{% for h in agenda %}{% for i in agenda %}x{% endfor %}{% endfor %}"
            "{% endfor %}{% endfor %}{% endfor %}{% endfor %}{% endfor %}{% endfor %}{% endfor %}",
            "loop_limit",
        ),
        ("{{ " + "(" * 500 + "1" + ")" * 500 + " }}", "template_invalid"),
        ("{{ 'x' * 10**9 }}", "output_limit"),
    ],
)
def test_payloads_are_refused_and_the_service_keeps_answering(api_client, org_id, source, code):
    refused = upload(api_client, org_id, payload(source))
    assert refused.status_code == 422 and refused.mimetype == "application/problem+json"
    problem = refused.get_json()
    assert problem["code"] == code and problem["detail"]
    assert api_client.get(templates_url(org_id)).get_json()["versions"] == []
    assert upload(api_client, org_id, signed("Sau tấn công")).status_code == 201


def test_a_render_past_the_time_limit_is_stopped(app, api_client, org_id):
    app.config.update(TEMPLATE_RENDER_TIMEOUT_SECONDS=1, TEMPLATE_MAX_LOOP=10**10)
    refused = upload(api_client, org_id, payload("{% for i in range(10**9) %}{% endfor %}"))
    assert refused.status_code == 422
    assert refused.get_json()["code"] == "template_timeout"
    assert refused.get_json()["detail"] == "Mẫu văn bản xử lý quá 1 giây nên đã bị dừng."
    assert api_client.get("/healthz").status_code == 200
    assert upload(api_client, org_id, signed("Vẫn chạy")).status_code == 201


def test_versions_belong_to_their_kind_and_organization(api_client, org_id):
    version = upload(api_client, org_id, signed("Của nghị quyết")).get_json()["version"]
    other_kind = f"/api/v1/organizations/{org_id}/templates/bien-ban-thuong-ky/versions/{version['id']}"
    assert api_client.get(other_kind).status_code == 404
    assert api_client.get(f"{templates_url(org_id)}/versions/{version['id'] + 1}").status_code == 404
    assert api_client.get(f"/api/v1/organizations/{org_id}/templates/khong-co").status_code == 404


def test_an_unknown_profile_or_a_missing_file_is_refused(api_client, org_id):
    assert upload(api_client, org_id, signed("x"), profile="hd99").status_code == 422
    missing = api_client.post(templates_url(org_id), data={}, content_type="multipart/form-data")
    assert missing.status_code == 400 and missing.get_json()["code"] == "file_missing"
    assert api_client.post(templates_url(org_id), data=b"x", content_type="application/json").status_code == 415
