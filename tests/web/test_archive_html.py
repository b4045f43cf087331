"""The archive pages and numbering: every document from a form is archived, numbered by the register."""
from __future__ import annotations

from lxml import html

from service.store import archive, organizations
from tests.helpers import docx_text
from tests.web.browser import field, form_fields, link, replace
from tests.web.conftest import MONTHLY, post, sample_pairs


def issued(app, **filters):
    return archive.find_documents(app.extensions["database"], **filters)


def test_every_document_of_a_form_is_archived_under_the_chi_bo(app, web, chi_bo):
    assert post(web, MONTHLY, sample_pairs(web)).status_code == 303
    records = issued(app, organization_id=chi_bo["id"])
    assert sorted(r.kind for r in records) == ["bien-ban-thuong-ky", "nghi-quyet-thang"]
    assert {r.creator for r in records} == {"web"}


def test_the_suggested_number_follows_the_register(web, chi_bo):
    pairs = form_fields(web.get(MONTHLY + "?sample=1").data)
    post(web, MONTHLY, pairs)
    assert field(web.get(MONTHLY).data, "/resolution_number").get("value") == "12"


def test_a_number_already_issued_is_refused_next_to_its_field(app, web, chi_bo):
    pairs = sample_pairs(web)
    post(web, MONTHLY, pairs)
    again = post(web, MONTHLY, pairs)
    assert again.status_code == 422
    message = html.fromstring(again.data).get_element_by_id("f-resolution_number-msg").text_content()
    assert "Số 11-NQ/CB đã được cấp" in message and "Số tiếp theo còn trống: 12." in message
    assert len(issued(app, organization_id=chi_bo["id"])) == 2     # the minutes were not issued a second time


def test_a_draft_keeps_its_number_through_corrections_until_issued(app, web, chi_bo):
    draft = replace(sample_pairs(web), "/draft", "true")
    assert post(web, MONTHLY, draft).status_code == 303
    assert post(web, MONTHLY, replace(draft, "/conclusion", "Kết luận đã sửa")).status_code == 303
    assert post(web, MONTHLY, replace(draft, "/draft", "false")).status_code == 303


def test_the_archive_lists_and_filters_the_documents(web, chi_bo):
    post(web, MONTHLY, sample_pairs(web))
    everything = web.get("/archive").get_data(as_text=True)
    assert "Nghị quyết tháng 11-2026" in everything and "Biên bản sinh hoạt tháng 11-2026" in everything
    resolutions = web.get("/archive?kind=nghi-quyet-thang&from=2026-11-01&to=2026-11-30").get_data(as_text=True)
    assert "Nghị quyết tháng 11-2026" in resolutions and "Biên bản sinh hoạt tháng 11-2026" not in resolutions
    assert "Không có văn bản nào" in web.get("/archive?from=2027-01-01").get_data(as_text=True)
    assert web.get("/archive?kind=x&from=not-a-date").status_code == 200


def test_an_archived_document_downloads_rebuilds_and_seeds_a_new_one(app, web, chi_bo):
    post(web, MONTHLY, sample_pairs(web))
    record = issued(app, kind="nghi-quyet-thang")[0]
    page = web.get(f"/archive/{record.id}").data
    assert "Số" in page.decode() and record.output_sha256 in page.decode()
    original = web.get(link(page, "Tải bản Word (DOCX) của nghị quyết chi bộ tháng"))
    assert "Số 11-NQ/CB" in docx_text(original.data)
    rebuilt = web.get(f"/archive/{record.id}/regenerated.docx")
    assert rebuilt.headers["X-Document-Identical"] == "true" and rebuilt.data == original.data
    seeded = web.get(f"/archive/{record.id}/edit").data
    assert field(seeded, "/meeting/location").get("value") == "Nhà văn hóa thôn Đông"
    assert html.fromstring(seeded).xpath("//input[@name='_kinds'][@checked]/@value") == ["nghi-quyet-thang"]


def test_unknown_archive_entries_are_404(web):
    for path in ("/archive/1", "/archive/99999999999", "/archive/1.docx", "/archive/1/preview", "/archive/1/edit"):
        assert web.get(path).status_code == 404, path


def test_a_date_outside_every_term_points_to_the_profile_page(app, web):
    organizations.create_organization(app.extensions["database"], {"name": "Chi bộ Mới", "place": "An Phú",
                                                                   "upper_name": "Đảng bộ xã An Phú",
                                                                   "created_on": "2026-11-20"})
    response = post(web, MONTHLY, sample_pairs(web))
    assert response.status_code == 422
    summary = html.fromstring(response.data).get_element_by_id("error-summary")
    assert "chưa ghi nhiệm kỳ cấp ủy nào chứa ngày 05/11/2026" in summary.text_content()
    assert summary.xpath(".//a/@href") == ["/organization"]
    assert not archive.find_documents(app.extensions["database"])
