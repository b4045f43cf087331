"""The secretary's workflow on the web pages: drafts, "Ban hành", corrections under the number, "đã gửi" and
replacements, drafts removed."""

from __future__ import annotations

from urllib.parse import urlsplit

from lxml import html
from sqlalchemy import select

from service.store import archive
from service.store.models import ArchivedDocument
from tests.helpers import docx_text
from tests.web.browser import form_fields, replace
from tests.web.conftest import MONTHLY, issue, post, sample_pairs


def records(app, **filters):
    return archive.find_documents(app.extensions["database"], **filters)


def resolution(app):
    return records(app, kind="nghi-quyet-thang")[0]


def correct(web, record, how: str, reason: str, change=("/next_month/0/tasks/0/content", "Nhiệm vụ đã sửa")):
    pairs = form_fields(web.get(f"/archive/{record.id}/{how}").data)
    return post(web, "/forms/bien-ban-thuong-ky", replace(replace(pairs, "_reason", reason), *change))


def test_an_issued_document_is_corrected_under_its_number_and_the_earlier_revision_stays(app, web, chi_bo):
    issue(web, post(web, MONTHLY, sample_pairs(web)))
    first = resolution(app)
    page = web.get(f"/archive/{first.id}/correct").get_data(as_text=True)
    assert "Sửa văn bản đã ban hành" in page and "Lý do sửa" in page
    done = correct(web, first, "correct", "Sửa kết luận theo góp ý")
    assert done.status_code == 303
    latest = resolution(app)
    assert (latest.number, latest.revision, latest.corrects_id, latest.reason) == (1, 2, first.id, "Sửa kết luận theo góp ý")
    assert "Nhiệm vụ đã sửa" in docx_text(web.get(f"/archive/{latest.id}.docx").data)
    assert "Số 01-NQ/CB" in docx_text(web.get(f"/archive/{latest.id}.docx").data)
    old = web.get(f"/archive/{first.id}").get_data(as_text=True)
    assert "Đây là bản cũ" in old and "Bản sửa lần 1" in old
    assert web.get(f"/archive/{first.id}.docx").status_code == 200
    assert web.get(f"/archive/{first.id}/correct").status_code == 303 and "Sửa văn bản (giữ số)" not in old


def test_a_correction_without_reason_is_refused_at_the_reason(app, web, chi_bo):
    issue(web, post(web, MONTHLY, sample_pairs(web)))
    refused = correct(web, resolution(app), "correct", "")
    assert refused.status_code == 422
    tree = html.fromstring(refused.data)
    assert "Lý do sửa: bắt buộc" in tree.get_element_by_id("f-_reason-msg").text_content()
    assert len(records(app, kind="nghi-quyet-thang")) == 1


def test_once_sent_only_a_replacement_with_a_new_number_follows(app, web, chi_bo):
    issue(web, post(web, MONTHLY, sample_pairs(web)))
    first = resolution(app)
    page = web.get(f"/archive/{first.id}").data
    assert post(web, f"/archive/{first.id}/sent", form_fields(page, "sent-form")).status_code == 303
    sent = web.get(f"/archive/{first.id}").get_data(as_text=True)
    assert "Đã gửi" in sent and "Ban hành văn bản thay thế" in sent and "Sửa văn bản (giữ số)" not in sent
    assert web.get(f"/archive/{first.id}/correct").status_code == 303
    assert correct(web, first, "replace", "Số liệu gửi nhầm").status_code == 303
    new = resolution(app)
    assert (new.number, new.replaces_id, new.status) == (2, first.id, "issued")
    shown = web.get(f"/archive/{new.id}").get_data(as_text=True)
    assert "Thay thế văn bản" in shown and "Số liệu gửi nhầm" in shown
    assert "Đã được thay thế bằng" in web.get(f"/archive/{first.id}").get_data(as_text=True)


def test_a_draft_is_marked_and_removable_an_issued_one_is_not(app, web, chi_bo):
    post(web, MONTHLY, sample_pairs(web))
    draft = resolution(app)
    assert "dự thảo</strong>, chưa có số" in web.get("/").get_data(as_text=True)
    page = web.get(f"/archive/{draft.id}").data
    removed = post(web, f"/archive/{draft.id}/delete", form_fields(page, "delete-form"))
    assert removed.status_code == 303 and "Đã xóa bản dự thảo" in web.get(removed.headers["Location"]).get_data(as_text=True)
    assert [r.kind for r in records(app)] == ["bien-ban-thuong-ky"]
    issue(web, post(web, MONTHLY, sample_pairs(web)))
    final = resolution(app)
    assert "đã ban hành, số 01" in web.get("/").get_data(as_text=True)
    refused = post(web, f"/archive/{final.id}/delete", form_fields(page, "delete-form"))
    assert refused.status_code == 409 and "Chỉ xóa được bản dự thảo" in refused.get_data(as_text=True)


def test_an_example_takes_no_number_and_is_not_archived_under_the_chi_bo(app, web, chi_bo):
    form = web.get(MONTHLY + "?sample=1").get_data(as_text=True)
    assert "Đây là ví dụ điền sẵn" in form
    submitted = post(web, MONTHLY, sample_pairs(web, example=True))
    assert submitted.status_code == 303
    page = web.get(submitted.headers["Location"]).get_data(as_text=True)
    assert "Văn bản ví dụ" in page and "issue-form" not in page and "Xem trong kho lưu trữ" not in page
    assert records(app) == [] and records(app, organization_id=chi_bo["id"]) == []
    assert "Chưa có văn bản nào" in web.get("/").get_data(as_text=True)
    with app.extensions["database"].read() as session:  # kept only for the example's own page
        kept = list(session.scalars(select(ArchivedDocument)))
    assert {(r.status, r.organization_id, r.register_entry_id) for r in kept} == {("example", None, None)}
    result = urlsplit(submitted.headers["Location"]).path
    forced = post(web, result + "/issue", form_fields(web.get(result + "/edit").data))
    assert forced.status_code == 409 and "Văn bản ví dụ không ban hành được" in forced.get_data(as_text=True)
    assert records(app) == []


def test_final_documents_are_found_by_text_kind_month_and_number(app, web, chi_bo):
    issue(web, post(web, MONTHLY, sample_pairs(web)))
    post(web, MONTHLY, sample_pairs(web))  # drafts beside them

    def found(query: str) -> str:
        return web.get("/archive?" + query).get_data(as_text=True)

    assert "Nghị quyết tháng 11-2026<" in found("q=Đông Xuân&kind=nghi-quyet-thang&status=issued")
    assert "Không có văn bản nào" in found("q=không có chữ này")
    assert "Nghị quyết tháng 11-2026<" in found("month=11/2026&number=01")
    assert "Không có văn bản nào" in found("month=12/2026&number=1")
    assert "Không có văn bản nào" in found("number=2")
    drafts = found("status=draft")
    assert "(dự thảo)" in drafts and "số 01" not in drafts
    refused = found("month=13/2026&number=x")
    assert "Tháng “13/2026” không đọc được" in refused and "Số “x” không đọc được" in refused


def test_a_correction_of_a_document_that_does_not_exist_is_404(web, chi_bo):
    pairs = sample_pairs(web)
    for value in ("999", "99999999999999999999", "x", "-1"):
        assert post(web, MONTHLY, [*pairs, ("_revises", value), ("_reason", "Sửa")]).status_code == 404, value


def test_the_workflow_s_buttons_need_the_session_s_token(app, web, chi_bo):
    submitted = post(web, MONTHLY, sample_pairs(web))
    result = urlsplit(submitted.headers["Location"]).path
    draft = resolution(app)
    for path in (result + "/issue", f"/archive/{draft.id}/delete", f"/archive/{draft.id}/sent"):
        assert web.post(path, data={"_csrf": "forged"}).status_code == 400, path
    assert {r.status for r in records(app)} == {"draft"}
