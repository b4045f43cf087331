"""POST /api/v1/convert: a legacy DOCX in, the Unicode DOCX out; problems for everything else."""

from __future__ import annotations

import io
import json
from urllib.parse import unquote

import pytest

from service.safety.uploads import word_document
from tests.legacy_encodings.legacy_docx import add_runs, new_document, save
from tests.helpers import docx_paragraphs
from tests.safety.active import REFUSED, docm
from tests.custom_templates.files import members

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _old_document() -> bytes:
    document = new_document(".VnTime")
    document.add_paragraph("Chi bé th«n §«ng")
    add_runs(document.add_paragraph(), ("NGHÒ QUYEÁT", "VNI-Times"))
    return save(document)


def upload(client, content: bytes, name: str = "Nghị quyết cũ.docx"):
    return client.post("/api/v1/convert", data={"file": (io.BytesIO(content), name)}, content_type="multipart/form-data")


def test_returns_the_converted_document_with_a_report(client):
    response = upload(client, _old_document())
    assert response.status_code == 200
    assert response.mimetype == DOCX
    assert docx_paragraphs(response.data) == ["Chi bộ thôn Đông", "NGHỊ QUYẾT"]
    assert json.loads(response.headers["X-Conversion-Report"]) == {
        "runs": {"tcvn3": 1, "vni": 1},
        "unicode_runs": 0,
        "fonts": [".VnTime", "VNI-Times"],
        "removed": [],
    }
    disposition = response.headers["Content-Disposition"]
    assert unquote(disposition.split("filename*=UTF-8''")[1]) == "Nghị quyết cũ-unicode.docx"


@pytest.mark.parametrize(
    "content, status, code",
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), 422, "doc_not_docx"),
        (b"just text", 422, "not_a_docx"),
    ],
)
def test_a_file_that_cannot_be_converted_is_a_problem(client, content, status, code):
    response = upload(client, content)
    assert response.status_code == status
    assert response.mimetype == "application/problem+json"
    assert response.get_json()["code"] == code


def test_missing_file_is_400(client):
    response = client.post("/api/v1/convert", data={"other": "x"}, content_type="multipart/form-data")
    assert response.status_code == 400
    assert response.get_json()["code"] == "file_missing"
    assert "“file”" in response.get_json()["detail"]


def test_a_body_that_is_not_multipart_is_415(client):
    response = client.post("/api/v1/convert", data=_old_document(), content_type=DOCX)
    assert response.status_code == 415
    assert response.get_json()["code"] == "unsupported_media_type"


def test_a_body_over_the_limit_is_413(app, client):
    app.config["MAX_CONTENT_LENGTH"] = 1000
    response = upload(client, _old_document())
    assert response.status_code == 413
    assert response.mimetype == "application/problem+json"


def test_the_endpoint_is_in_the_openapi_document(client):
    operation = client.get("/api/v1/openapi.json").get_json()["paths"]["/api/v1/convert"]["post"]
    assert "multipart/form-data" in operation["requestBody"]["content"]
    assert DOCX in operation["responses"]["200"]["content"]


def test_hostile_content_is_never_handed_back(client):
    """What probing found passed through: a DTD naming /etc/passwd in docProps/core.xml, an XInclude of it in
    the body (both refused, naming the part), and a .docm's VBA project in a file named .docx (removed)."""
    for build, code, part in (REFUSED["DTD in docProps/core.xml"], REFUSED["XInclude in the body"]):
        response = upload(client, build())
        assert (response.status_code, response.get_json()["code"]) == (422, code)
        assert part in response.get_json()["detail"]
    response = upload(client, docm(), "Nghị quyết.docm")
    assert response.status_code == 200
    assert "word/vbaProject.bin" not in members(response.data) and word_document(response.data)
    assert json.loads(response.headers["X-Conversion-Report"])["removed"][0] == {
        "kind": "macros",
        "part": "word/vbaProject.bin",
    }


def test_the_report_header_stays_small_however_many_fonts_were_replaced(client):
    document = new_document(".VnTime")
    for number in range(600):
        add_runs(document.add_paragraph(), ("Chi bé", f".VnTime{number:04d}"))
    response = upload(client, save(document))
    header = response.headers["X-Conversion-Report"]
    assert response.status_code == 200 and len(header) < 8192
    report = json.loads(header)
    assert report["fonts_total"] == 601 and 0 < len(report["fonts"]) < 601 and report["runs"] == {"tcvn3": 600}
