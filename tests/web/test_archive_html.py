"""The archive pages and numbering: a form gives drafts, "Ban hành" numbers them from the register."""

from __future__ import annotations

from urllib.parse import urlsplit

from lxml import html

from service.store import archive, organizations
from tests.helpers import docx_text
from tests.web.browser import field, form_fields, link
from tests.web.conftest import MONTHLY, issue, post, sample_pairs


def issued(app, **filters):
    return archive.find_documents(app.extensions["database"], **filters)


def test_every_document_of_a_form_is_archived_under_the_chi_bo(app, web, chi_bo):
    assert post(web, MONTHLY, sample_pairs(web)).status_code == 303
    records = issued(app, organization_id=chi_bo["id"])
    assert sorted(r.kind for r in records) == ["bien-ban-thuong-ky", "nghi-quyet-thang"]
    assert {r.creator for r in records} == {"web"}


def test_a_form_gives_drafts_without_number_and_ban_hanh_numbers_them(app, web, chi_bo):
    submitted = post(web, MONTHLY, sample_pairs(web))
    drafts = issued(app, organization_id=chi_bo["id"])
    assert {(r.status, r.number) for r in drafts} == {("draft", None)}
    page = web.get(submitted.headers["Location"]).get_data(as_text=True)
    assert "Bản dự thảo" in page and "Ban hành" in page
    resolution = next(r for r in drafts if r.kind == "nghi-quyet-thang")
    assert resolution.filename == "Nghị quyết tháng 11-2026 (dự thảo).docx"
    text = docx_text(web.get(f"/archive/{resolution.id}.docx").data)
    assert "Dự thảo" in text and "Số 11-NQ/CB" not in text
    final = issue(web, submitted)
    assert final.status_code == 303
    records = issued(app, organization_id=chi_bo["id"])
    assert {(r.kind, r.status, r.number) for r in records} == {
        ("bien-ban-thuong-ky", "issued", None),
        ("nghi-quyet-thang", "issued", 1),
    }
    page = web.get(final.headers["Location"]).get_data(as_text=True)
    assert "Văn bản đã ban hành" in page and "số 01" in page and "issue-form" not in page
    assert "Dự thảo" not in docx_text(web.get(f"/archive/{records[0].id}.docx").data)


def test_ban_hanh_twice_issues_once(app, web, chi_bo):
    submitted = post(web, MONTHLY, sample_pairs(web))
    result = urlsplit(submitted.headers["Location"]).path
    pairs = form_fields(web.get(result).data, "issue-form")
    assert post(web, result + "/issue", pairs).status_code == 303
    again = post(web, result + "/issue", pairs)
    assert again.status_code == 404 and "Không tìm thấy bản dự thảo" in again.get_data(as_text=True)
    assert [r.number for r in issued(app, kind="nghi-quyet-thang")] == [1]


def test_the_archive_lists_and_filters_the_documents(web, chi_bo):
    post(web, MONTHLY, sample_pairs(web))
    everything = web.get("/archive").get_data(as_text=True)
    assert "Nghị quyết tháng 11-2026" in everything and "Biên bản sinh hoạt tháng 11-2026" in everything
    resolutions = web.get("/archive?kind=nghi-quyet-thang&from=2026-11-01&to=2026-11-30").get_data(as_text=True)
    assert "Nghị quyết tháng 11-2026" in resolutions and "Biên bản sinh hoạt tháng 11-2026" not in resolutions
    assert "Không có văn bản nào" in web.get("/archive?from=2027-01-01").get_data(as_text=True)
    assert web.get("/archive?kind=x&from=not-a-date").status_code == 200


def test_an_archived_document_downloads_rebuilds_and_seeds_a_new_one(app, web, chi_bo):
    issue(web, post(web, MONTHLY, sample_pairs(web)))
    record = issued(app, kind="nghi-quyet-thang")[0]
    page = web.get(f"/archive/{record.id}").data
    assert "Số" in page.decode() and record.output_sha256 in page.decode()
    original = web.get(link(page, "Tải bản Word (DOCX) của nghị quyết chi bộ tháng"))
    assert "Số 01-NQ/CB" in docx_text(original.data)
    rebuilt = web.get(f"/archive/{record.id}/regenerated.docx")
    assert rebuilt.headers["X-Document-Identical"] == "true" and rebuilt.data == original.data
    seeded = web.get(f"/archive/{record.id}/edit").data
    assert field(seeded, "/meeting/location").get("value") == "Nhà văn hóa thôn Đông"
    assert html.fromstring(seeded).xpath("//input[@name='_kinds'][@checked]/@value") == ["nghi-quyet-thang"]


def test_unknown_archive_entries_are_404(web):
    for path in ("/archive/1", "/archive/99999999999", "/archive/1.docx", "/archive/1/preview", "/archive/1/edit"):
        assert web.get(path).status_code == 404, path


def test_a_date_outside_every_term_points_to_the_profile_page(app, web):
    organizations.create_organization(
        app.extensions["database"],
        {"name": "Chi bộ Mới", "place": "An Phú", "upper_name": "Đảng bộ xã An Phú", "created_on": "2026-11-20"},
    )
    submitted = post(web, MONTHLY, sample_pairs(web))
    assert submitted.status_code == 303  # a draft needs no term: it takes no number
    response = issue(web, submitted)
    assert response.status_code == 422
    assert "chưa ghi nhiệm kỳ cấp ủy nào chứa ngày 05/11/2026" in response.get_data(as_text=True)
    assert {r.status for r in archive.find_documents(app.extensions["database"])} == {"draft"}
