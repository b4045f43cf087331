"""A produced result: its page, its downloads, the page preview, and what happens without LibreOffice."""
from __future__ import annotations

import os
import shutil
import time

import pytest
from lxml import html
from werkzeug.datastructures import MultiDict

from service.web import preview
from tests.helpers import docx_text
from tests.web.browser import field, form_fields

MONTHLY = "/forms/bien-ban-thuong-ky"


def blank_pdf(pages: int) -> bytes:
    """A valid PDF of `pages` empty A4 pages, standing in for LibreOffice's output."""
    kids = " ".join(f"{3 + n} 0 R" for n in range(pages))
    objects = ["<</Type/Catalog/Pages 2 0 R>>", f"<</Type/Pages/Kids[{kids}]/Count {pages}>>"]
    objects += ["<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>"] * pages
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj{body}endobj\n".encode()
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{offset:010d} 00000 n \n" for offset in offsets).encode()
    out += f"trailer<</Size {len(objects) + 1}/Root 1 0 R>>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out


@pytest.fixture
def web(app):
    app.config["SOFFICE_PATH"] = ""
    return app.test_client()


@pytest.fixture
def converting(app, monkeypatch):
    """An app whose PDFs come from a stand-in converter (two pages), with a record of what it converted."""
    app.config["SOFFICE_PATH"] = "/usr/bin/soffice-stand-in"
    converted = []

    def convert(docx: bytes) -> bytes:
        converted.append(docx)
        return blank_pdf(2)

    monkeypatch.setattr(preview, "docx_to_pdf", convert)
    return converted


def produce(client) -> str:
    pairs = form_fields(client.get(MONTHLY + "?sample=1").data)
    response = client.post(MONTHLY, data=MultiDict(pairs))
    assert response.status_code == 303
    return response.headers["Location"]


def test_the_result_page_offers_each_document(web):
    page = web.get(produce(web)).get_data(as_text=True)
    assert "Biên bản sinh hoạt tháng 11-2026.docx" in page and "Nghị quyết tháng 11-2026.docx" in page
    assert "Hướng dẫn 05-HD/VPTW ngày 27/5/2026" in page


def test_the_docx_download_is_the_document(web):
    response = web.get(produce(web) + "/nghi-quyet-thang.docx")
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert "NGHỊ QUYẾT" in docx_text(response.data)
    assert response.headers["Content-Disposition"].startswith('attachment; filename="Nghi quyet thang 11-2026.docx"')


def test_without_libreoffice_the_page_says_so_and_docx_still_works(web):
    location = produce(web)
    assert "máy chủ cần cài LibreOffice" in web.get(location).get_data(as_text=True)
    pdf = web.get(location + "/nghi-quyet-thang.pdf")
    assert pdf.status_code == 503 and "LibreOffice" in pdf.get_data(as_text=True)
    assert web.get(location + "/nghi-quyet-thang/preview").status_code == 503
    assert web.get(location + "/nghi-quyet-thang.docx").status_code == 200


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs poppler-utils (pdftoppm)")
def test_the_preview_shows_every_printed_page_as_an_image(app, web, converting):
    location = produce(web)
    fragment = web.get(location + "/bien-ban-thuong-ky/preview?fragment=1")
    images = html.fromstring(fragment.get_data(as_text=True)).xpath("//img")
    assert [i.get("alt") for i in images] == ["Trang 1 của biên bản sinh hoạt chi bộ thường kỳ",
                                              "Trang 2 của biên bản sinh hoạt chi bộ thường kỳ"]
    image = web.get(images[1].get("src"))
    assert image.mimetype == "image/png" and image.data.startswith(b"\x89PNG")
    assert web.get(location + "/bien-ban-thuong-ky/page-3.png").status_code == 404


def test_the_pdf_is_converted_once_from_the_very_docx_offered(web, converting):
    location = produce(web)
    first = web.get(location + "/nghi-quyet-thang.pdf")
    again = web.get(location + "/nghi-quyet-thang.pdf")
    assert first.mimetype == "application/pdf" and first.data == again.data
    assert converting == [web.get(location + "/nghi-quyet-thang.docx").data]
    assert "Nghi quyet thang 11-2026.pdf" in first.headers["Content-Disposition"]


def test_a_converter_that_fails_leaves_a_vietnamese_note(web, converting, monkeypatch):
    def refuse(docx):
        raise preview.PreviewUnavailable("Bộ chuyển PDF đang bận; hãy thử lại sau ít phút.")
    monkeypatch.setattr(preview, "docx_to_pdf", refuse)
    response = web.get(produce(web) + "/nghi-quyet-thang/preview?fragment=1")
    assert response.status_code == 503 and "Bộ chuyển PDF đang bận" in response.get_data(as_text=True)


def test_editing_a_result_brings_back_the_form_as_it_was_sent(web):
    location = produce(web)
    page = web.get(location + "/edit").data
    assert field(page, "/meeting/location").get("value") == "Nhà văn hóa thôn Đông"
    assert field(page, "/speeches/6/speaker").get("value") == "Đinh Văn Quang"


@pytest.mark.parametrize("path", ["/results/not-a-token", "/results/../../etc", "/results/AAAAAAAAAAAAAAAAAAAAAAAA",
                                  "/results/AAAAAAAAAAAAAAAAAAAAAAAA/nghi-quyet-thang.docx"])
def test_unknown_results_are_a_vietnamese_404(web, path):
    response = web.get(path)
    assert response.status_code == 404


def test_an_unknown_document_of_a_known_result_is_404(web):
    assert web.get(produce(web) + "/khong-co.docx").status_code == 404


def test_the_home_page_lists_recent_results_and_every_form(web):
    produce(web)
    page = web.get("/").get_data(as_text=True)
    assert "Biên bản sinh hoạt tháng 11-2026.docx, Nghị quyết tháng 11-2026.docx" in page
    assert 'href="/forms/bien-ban-thuong-ky"' in page and 'href="/forms/ke-hoach-chuyen-de-nam"' in page


def test_results_older_than_a_day_are_removed_when_new_ones_are_written(app, web):
    old = produce(web).rsplit("/", 1)[1]
    folder = app.extensions["web.results"].root / old
    two_days_ago = time.time() - 2 * 86400
    os.utime(folder, (two_days_ago, two_days_ago))
    produce(web)
    assert not folder.exists() and web.get(f"/results/{old}").status_code == 404
