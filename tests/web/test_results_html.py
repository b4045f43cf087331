"""A produced result: its page, its downloads, the page preview, and what happens without LibreOffice."""

from __future__ import annotations

import os
import time
from concurrent.futures import Future

import pytest
from lxml import html

from service.delivery import PDF_BUSY
from service.web import preview
from tests.helpers import docx_text
from tests.render.pdfs import A4, make_pdf
from tests.web.browser import field, link
from tests.web.conftest import MONTHLY, post, sample_pairs


@pytest.fixture
def converting(app, monkeypatch):
    """An app whose PDFs come from a stand-in converter (two pages), with a record of what it converted."""
    app.config["SOFFICE_PATH"] = "/usr/bin/soffice-stand-in"
    converted = []

    def convert(docx: bytes) -> Future:
        converted.append(docx)
        done = Future()
        done.set_result(make_pdf([A4, A4]))
        return done

    monkeypatch.setattr(preview, "submit_pdf", convert)
    return converted


def produce(client) -> str:
    """Produce the sample monthly meeting as drafts; the result page's address."""
    response = post(client, MONTHLY, sample_pairs(client))
    assert response.status_code == 303
    return response.headers["Location"]


def downloads(client, location: str) -> dict[str, str]:
    page = client.get(location).data
    return {
        name: link(page, f"Tải bản {name} của nghị quyết chi bộ tháng")
        for name in ("Word (DOCX)", "PDF")
        if f"Tải bản {name}".encode() in page
    }


def test_the_result_page_offers_each_document(web):
    page = web.get(produce(web)).get_data(as_text=True)
    assert "Biên bản sinh hoạt tháng 11-2026 (dự thảo).docx" in page and "Nghị quyết tháng 11-2026 (dự thảo).docx" in page
    assert "Hướng dẫn 05-HD/VPTW ngày 27/5/2026" in page and "Xem trong kho lưu trữ" in page


def test_the_docx_download_is_the_document(web):
    response = web.get(downloads(web, produce(web))["Word (DOCX)"])
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert "NGHỊ QUYẾT" in docx_text(response.data)
    assert response.headers["Content-Disposition"].startswith(
        'attachment; filename="Nghi quyet thang 11-2026 (du thao).docx"'
    )


def test_without_libreoffice_the_page_says_so_and_docx_still_works(web):
    location = produce(web)
    assert "máy chủ cần cài LibreOffice" in web.get(location).get_data(as_text=True)
    docx = downloads(web, location)["Word (DOCX)"]
    pdf = web.get(docx.replace(".docx", ".pdf"))
    assert pdf.status_code == 503 and "LibreOffice" in pdf.get_data(as_text=True)
    assert web.get(docx.replace(".docx", "/preview")).status_code == 503
    assert web.get(docx).status_code == 200


def test_the_preview_shows_every_printed_page_as_an_image(web, converting):
    page = web.get(produce(web)).data
    fragment = web.get(html.fromstring(page).xpath("//div[@class='preview']/@data-preview-url")[0])
    images = html.fromstring(fragment.get_data(as_text=True)).xpath("//img")
    assert [i.get("alt") for i in images] == [
        "Trang 1 của biên bản sinh hoạt chi bộ thường kỳ (bấm để xem cỡ lớn)",
        "Trang 2 của biên bản sinh hoạt chi bộ thường kỳ (bấm để xem cỡ lớn)",
    ]
    image = web.get(images[1].get("src"))
    assert image.mimetype == "image/png" and image.data.startswith(b"\x89PNG")
    assert web.get(images[1].get("src").replace("page-2", "page-3")).status_code == 404


def test_the_list_of_pages_comes_with_page_one_drawn_and_the_others_are_drawn_when_asked_for(app, web, converting):
    page = web.get(produce(web)).data
    fragment = web.get(html.fromstring(page).xpath("//div[@class='preview']/@data-preview-url")[0])
    images = html.fromstring(fragment.get_data(as_text=True)).xpath("//img")
    cache = app.extensions["web.previews"].root
    assert [p.name for p in cache.glob("*/page-*.png")] == ["page-1.png"]
    assert [(i.get("width"), i.get("height")) for i in images] == [("827", "1170")] * 2  # A4 at 100 dpi
    assert images[0].get("fetchpriority") == "high" and images[1].get("loading") is None
    assert web.get(images[1].get("src")).data.startswith(b"\x89PNG")
    assert sorted(p.name for p in cache.glob("*/page-*.png")) == ["page-1.png", "page-2.png"]


def test_each_pdf_is_converted_once_from_the_very_docx_offered(web, converting):
    links = downloads(web, produce(web))
    assert len(converting) == 2  # the result page started the minutes' and the resolution's at once
    first, again = web.get(links["PDF"]), web.get(links["PDF"])
    web.get(links["PDF"].replace(".pdf", "/preview?fragment=1"))
    assert first.mimetype == "application/pdf" and first.data == again.data
    assert len(converting) == 2 and web.get(links["Word (DOCX)"]).data in converting
    assert "Nghi quyet thang 11-2026 (du thao).pdf" in first.headers["Content-Disposition"]


def test_a_converter_that_fails_leaves_a_vietnamese_note(web, converting, monkeypatch):
    def refuse(docx):
        raise preview.PreviewUnavailable(PDF_BUSY)

    monkeypatch.setattr(preview, "submit_pdf", refuse)
    preview_url = downloads(web, produce(web))["Word (DOCX)"].replace(".docx", "/preview?fragment=1")
    response = web.get(preview_url)
    assert response.status_code == 503 and "Bộ chuyển PDF đang bận" in response.get_data(as_text=True)


def test_editing_a_result_brings_back_the_form_as_it_was_typed(web):
    page = web.get(produce(web) + "/edit").data
    assert field(page, "/meeting/location").get("value") == "Nhà văn hóa thôn Đông"
    assert field(page, "/speeches/6/speaker").get("value") == "Đinh Văn Quang"


@pytest.mark.parametrize(
    "path",
    [
        "/results/not-a-token",
        "/results/../../etc",
        "/results/AAAAAAAAAAAAAAAAAAAAAAAA",
        "/results/AAAAAAAAAAAAAAAAAAAAAAAA/edit",
    ],
)
def test_unknown_results_are_a_vietnamese_404(web, path):
    response = web.get(path)
    assert response.status_code == 404


def test_the_home_page_lists_recent_documents_and_every_form(web):
    produce(web)
    page = web.get("/").get_data(as_text=True)
    assert "Nghị quyết tháng 11-2026" in page and "Biên bản sinh hoạt tháng 11-2026" in page
    assert 'href="/forms/bien-ban-thuong-ky"' in page and 'href="/forms/ke-hoach-chuyen-de-nam"' in page


def test_results_older_than_a_day_are_removed_when_new_ones_are_written(app, web):
    old = produce(web).rsplit("/", 1)[1]
    path = app.extensions["web.results"].root / f"{old}.json"
    two_days_ago = time.time() - 2 * 86400
    os.utime(path, (two_days_ago, two_days_ago))
    produce(web)
    assert not path.exists() and web.get(f"/results/{old}").status_code == 404
