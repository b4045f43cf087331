"""The web page of the chi bộ's own templates: upload, check, preview, choose, go back."""

from __future__ import annotations

import io

import pytest
from lxml import html

from service.store import organizations
from tests.helpers import docx_text
from tests.custom_templates.files import KIND, built, custom, paragraph, payload

PAGE = f"/templates/{KIND}"


@pytest.fixture
def web(app):
    """The pages as served on 127.0.0.1: no login, no LibreOffice."""
    app.config.update(LOGIN_REQUIRED=False, SOFFICE_PATH="")
    return app.test_client()


@pytest.fixture
def chi_bo(app) -> dict:
    return organizations.create_organization(
        app.extensions["database"],
        {"name": "Chi bộ Thôn Đông", "upper_name": "Đảng bộ xã An Phú", "place": "An Phú", "created_on": "2026-01-01"},
    )


def token(web) -> str:
    return html.fromstring(web.get(PAGE).data).xpath("//input[@name='_csrf']/@value")[0]


def upload(web, content: bytes, **form):
    return web.post(
        PAGE,
        content_type="multipart/form-data",
        data={"_csrf": token(web), "file": (io.BytesIO(content), "mẫu riêng.docx"), **form},
    )


def test_without_a_profile_the_page_says_to_make_one_first(web):
    assert "lập hồ sơ chi bộ" in web.get("/templates").get_data(as_text=True)
    assert web.get(PAGE).status_code == 404


def test_the_pages_list_the_kinds_and_start_from_the_built_template(web, chi_bo):
    listing = web.get("/templates")
    assert listing.status_code == 200 and "Nghị quyết" in listing.get_data(as_text=True)
    page = web.get(PAGE).get_data(as_text=True)
    assert "đang được tạo bằng mẫu có sẵn" in page and "Chưa có phiên bản nào." in page
    assert web.get(f"{PAGE}/built.docx").data == built()


def test_upload_shows_the_check_then_use_and_go_back(web, chi_bo):
    added = upload(web, custom(paragraph("Mẫu của chi bộ {{ org.", "title }}")), activate="true")
    assert added.status_code == 303
    page = web.get(added.headers["Location"]).get_data(as_text=True)
    assert "(đang dùng)" in page and "vừa tải lên" in page and "bị Word tách thành nhiều đoạn" in page
    preview = web.get(f"{PAGE}/1/preview.docx")
    assert "Mẫu của chi bộ Chi bộ Thôn Đông" in docx_text(preview.data)
    assert web.get(f"{PAGE}/1/preview.pdf").status_code == 503  # no LibreOffice here
    assert web.get(f"{PAGE}/1/file.docx").data.startswith(b"PK")

    upload(web, custom(paragraph("Mẫu thứ hai")))
    assert web.post(f"{PAGE}/2/activate", data={"_csrf": token(web)}).status_code == 303
    assert web.post(f"{PAGE}/1/activate", data={"_csrf": token(web)}).status_code == 303  # roll back
    assert 'id="v1"' in web.get(PAGE).get_data(as_text=True)
    assert web.post(f"{PAGE}/deactivate", data={"_csrf": token(web)}).status_code == 303
    assert "đang được tạo bằng mẫu có sẵn" in web.get(PAGE).get_data(as_text=True)


def test_refusals_are_shown_on_the_page_and_nothing_is_kept(web, chi_bo):
    wrong = upload(web, payload("{{ org.nmae }}"))
    assert wrong.status_code == 422 and "Có phải ý là “name”?" in wrong.get_data(as_text=True)
    hostile = upload(web, b"%PDF-1.7")
    assert hostile.status_code == 422 and "không phải văn bản Word" in hostile.get_data(as_text=True)
    bomb = upload(web, payload("{% for i in range(10**9) %}{% endfor %}"))
    assert bomb.status_code == 422 and "lặp quá nhiều lần" in bomb.get_data(as_text=True)
    assert "Chưa có phiên bản nào." in web.get(PAGE).get_data(as_text=True)


def test_forms_without_the_token_and_other_kinds_versions_are_refused(web, chi_bo):
    upload(web, custom(paragraph("Mẫu")))
    assert web.post(f"{PAGE}/1/activate").status_code == 400
    assert web.get("/templates/bien-ban-thuong-ky/1/file.docx").status_code == 404
    assert web.get("/templates/khong-co").status_code == 404
