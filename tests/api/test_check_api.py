"""POST /api/v1/check: a multipart upload in, the conformance report out as JSON."""

from __future__ import annotations

import io
import zipfile

import pytest

from service.render.soffice import find_soffice
from tests.formats.broken.documents import generated
from tests.formats.broken.faults import FAULTS, RESOLUTION
from tests.formats.seeded.defects import DEFECTS
from tests.safety.active import REFUSED, STRIPPED

needs_libreoffice = pytest.mark.skipif(find_soffice() is None, reason="LibreOffice (soffice) is not installed")


def upload(client, content: bytes, query: str = "", **fields):
    data = {"file": (io.BytesIO(content), "văn bản.docx"), **fields}
    return client.post(f"/api/v1/check{query}", data=data, content_type="multipart/form-data")


def test_a_generated_document_is_ok(client):
    response = upload(client, generated(RESOLUTION, "hd05-2026"), render="false")
    assert response.status_code == 200
    body = response.get_json()
    assert (body["ok"], body["findings"], body["profile"], body["profile_choice"]) == (True, [], "hd05-2026", "date")
    assert body["rendered"] is False and body["not_judged"] == []


def test_a_faulty_document_is_still_200_with_its_findings(client):
    fault = next(f for f in FAULTS if f.name == "state-style number")
    body = upload(client, fault.document(), "?render=false").get_json()
    assert body["ok"] is False
    finding = body["findings"][0]
    assert (finding["severity"], finding["code"], finding["expected"], finding["found"]) == (
        "error",
        "number_state_style",
        "Số 05-NQ/CB",
        "Số: 05/NQ-CB",
    )
    assert finding["where"] == {
        "paragraph": 4,
        "table": 1,
        "cell": [1, 1],
        "section": None,
        "excerpt": "Số: 05/NQ-CB",
        "page": None,
        "x_mm": None,
        "y_mm": None,
    }
    assert "Số và ký hiệu" in finding["message"] and finding["rule"].startswith("Hướng dẫn 05-HD/VPTW")


@pytest.mark.parametrize("query, fields", [("?profile=hd36-2018", {}), ("", {"profile": "hd36-2018"})])
def test_profile_by_query_or_form_field(client, query, fields):
    body = upload(client, generated(RESOLUTION, "hd05-2026"), query, render="false", **fields).get_json()
    assert (body["profile"], body["profile_choice"]) == ("hd36-2018", "option")
    assert {f["code"] for f in body["findings"]} == {"closing_mark", "recipients_separator"}


def _problem(response, status: int, code: str) -> dict:
    assert response.status_code == status
    assert response.mimetype == "application/problem+json"
    problem = response.get_json()
    assert problem["code"] == code
    return problem


def test_not_a_docx_is_422_in_vietnamese(client):
    problem = _problem(upload(client, b"just text"), 422, "not_a_docx")
    assert "Word" in problem["detail"]


def test_unknown_profile_is_422(client):
    _problem(upload(client, generated(RESOLUTION, "hd05-2026"), "?profile=hd99"), 422, "unknown_profile")


@needs_libreoffice
def test_the_printed_page_is_judged_by_default(client):
    clean = upload(client, generated("bao-cao-thang", "hd05-2026")).get_json()
    assert (clean["ok"], clean["rendered"], clean["pages"], clean["findings"]) == (True, True, 2, [])
    alone = next(d for d in DEFECTS if d.code == "signature_alone")
    body = upload(client, alone.make()).get_json()
    finding = next(f for f in body["findings"] if f["code"] == "signature_alone")
    assert body["ok"] is False and finding["where"]["page"] == 3 and finding["severity"] == "error"


def test_without_a_pdf_converter_the_report_says_so(app, client):
    app.config["SOFFICE_PATH"] = ""
    body = upload(client, generated("bao-cao-thang", "hd05-2026")).get_json()
    assert body["rendered"] is False and [n["code"] for n in body["not_judged"]] == ["rendered_unavailable"]


@pytest.mark.parametrize("value", ["maybe", "", "yes"])
def test_render_must_be_true_or_false(client, value):
    problem = _problem(upload(client, generated(RESOLUTION, "hd05-2026"), render=value), 422, "invalid_render")
    assert "render" in problem["detail"] and problem["errors"][0]["pointer"] == "/render"


def test_missing_file_is_400(client):
    response = client.post("/api/v1/check", data={"other": "x"}, content_type="multipart/form-data")
    _problem(response, 400, "file_missing")


def test_not_multipart_is_415(client):
    response = client.post("/api/v1/check", data=generated(RESOLUTION, "hd05-2026"), content_type="application/octet-stream")
    _problem(response, 415, "unsupported_media_type")


def test_too_large_upload_is_413(app, client):
    app.config["MAX_CONTENT_LENGTH"] = 10_000
    _problem(upload(client, b"x" * 20_000), 413, "payload_too_large")


def test_an_unsafe_package_is_refused_before_judging(client):
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", "<w/>")
        archive.writestr("word/media/x.bin", b"\0" * (3 * 1024 * 1024))
    _problem(upload(client, bomb.getvalue()), 422, "unsafe_package")


@pytest.mark.parametrize("hostile", sorted({**REFUSED, **STRIPPED}))
def test_hostile_content_is_refused_naming_the_part(client, hostile):
    build, code, part = {**REFUSED, **STRIPPED}[hostile]
    assert part in _problem(upload(client, build()), 422, code)["detail"]
