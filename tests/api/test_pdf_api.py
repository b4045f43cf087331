"""PDF through the API: content negotiation, conversion errors as problem details, /readyz.

The stand-in converter (tests/render/fake_soffice.py) returns the DOCX it was
given behind a PDF marker, which shows that the PDF is made from the very
document the DOCX request returns; one test runs LibreOffice itself.
"""

from __future__ import annotations

from urllib.parse import unquote

import pytest

from service.render import pdf
from service.render.soffice import find_soffice
from tests.api.test_documents_api import post
from tests.render import fake_soffice


@pytest.fixture(params=["resident", "run-per-batch"])
def fake_app(request, app, tmp_path):
    app.config["SOFFICE_PATH"] = fake_soffice.install(tmp_path)
    app.config["PDF_UNO_PYTHON"] = fake_soffice.install_uno_python(tmp_path) if request.param == "resident" else ""
    return app


@pytest.mark.parametrize(
    "ask", [{"headers": {"Accept": "application/pdf"}}, {"query_string": {"format": "pdf"}}], ids=["accept", "query"]
)
def test_pdf_when_asked_made_from_the_same_docx(fake_app, meeting, ask, client):
    docx = post(client, "nghi-quyet-thang", meeting).data
    response = post(client, "nghi-quyet-thang", meeting, **ask)
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.data == fake_soffice.pdf(docx)
    disposition = response.headers["Content-Disposition"]
    assert unquote(disposition.split("filename*=UTF-8''")[1]) == "Nghị quyết tháng 11-2026.pdf"


def test_invalid_input_is_refused_before_any_conversion(fake_app, meeting, client):
    meeting["attendance"]["present"] = 99
    response = post(client, "nghi-quyet-thang", meeting, query_string={"format": "pdf"})
    assert response.status_code == 422


def test_a_failed_conversion_is_503_with_a_vietnamese_reason(fake_app, meeting, client):
    fake_app.config["SOFFICE_PATH"] = "/bin/false"
    response = post(client, "nghi-quyet-thang", meeting, query_string={"format": "pdf"})
    assert response.status_code == 503 and response.mimetype == "application/problem+json"
    body = response.get_json()
    assert body["code"] == "pdf_failed" and "LibreOffice" in body["detail"]


def test_a_full_queue_is_503_busy(fake_app, meeting, client):
    fake_app.config["PDF_QUEUE_SIZE"] = 0
    response = post(client, "nghi-quyet-thang", meeting, query_string={"format": "pdf"})
    assert response.status_code == 503 and response.get_json()["code"] == "pdf_busy"


def test_an_unknown_format_is_406_naming_what_is_offered(fake_app, meeting, client):
    response = post(client, "nghi-quyet-thang", meeting, query_string={"format": "odt"})
    assert response.status_code == 406 and "PDF" in response.get_json()["detail"]


def test_without_libreoffice_pdf_is_406_and_readyz_does_not_check_it(app, meeting, client):
    app.config["SOFFICE_PATH"] = None
    response = post(client, "nghi-quyet-thang", meeting, headers={"Accept": "application/pdf"})
    assert response.status_code == 406
    assert response.get_json()["detail"] == "Hiện chỉ hỗ trợ tải về DOCX (mặc định) hoặc thông tin JSON."
    assert "libreoffice" not in client.get("/readyz").get_json()["checks"]


def test_readyz_checks_the_configured_libreoffice(fake_app, tmp_path, client):
    assert client.get("/readyz").get_json()["checks"]["libreoffice"]["ok"]
    fake_app.config["SOFFICE_PATH"] = str(tmp_path / "missing" / "soffice")
    response = client.get("/readyz")
    assert response.status_code == 503 and not response.get_json()["checks"]["libreoffice"]["ok"]


@pytest.mark.skipif(find_soffice() is None, reason="LibreOffice is not installed (apt-get install libreoffice-writer-nogui)")
def test_a_real_pdf_in_times_compatible_fonts(app, meeting, client):
    app.config["SOFFICE_PATH"] = find_soffice()
    response = post(client, "bien-ban-thuong-ky", meeting, headers={"Accept": "application/pdf"})
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
    assert all(pdf.is_times_compatible(font) for font in pdf.pdf_fonts(response.data))
