"""Year-end batches from the browser: start from a roster file or the chi bộ's roster, follow, download."""

from __future__ import annotations

import io
import zipfile

import pytest
from lxml import html

from service.batch.launch import get_batches
from tests.batch.conftest import stopped_job, wait_for
from tests.conftest import SAMPLES
from tests.web.browser import field

TEMPLATE = (SAMPLES / "batch-roster-template.xlsx").read_bytes()


@pytest.fixture
def batch_web(local, tmp_path):
    local.config.update(BATCH_DIR=str(tmp_path / "batches"), BATCH_WORKERS=1)
    return local.test_client()


def start(client, **fields):
    token = html.fromstring(client.get("/batches").data).xpath("//input[@name='_csrf']/@value")[0]
    data = {"_csrf": token, "/year": "2025", "source": "file", **fields}
    return client.post("/batches", data=data, content_type="multipart/form-data")


def test_a_roster_file_becomes_a_job_whose_zip_is_offered_when_done(local, batch_web):
    response = start(batch_web, file=(io.BytesIO(TEMPLATE), "danh-sach.xlsx"))
    assert response.status_code == 303
    job_page = response.headers["Location"]
    job_id = int(job_page.rsplit("/", 1)[1])
    assert "Tiến độ" in batch_web.get(job_page).get_data(as_text=True)

    wait_for(get_batches(local).database, job_id)
    status = batch_web.get(job_page + "/status").get_json()
    assert status["status"] == "done" and status["done"] + status["failed"] == status["total"]
    assert status["download"] == f"/batches/{job_id}.zip"
    archive = batch_web.get(status["download"])
    assert archive.mimetype == "application/zip"
    with zipfile.ZipFile(io.BytesIO(archive.data)) as package:
        assert "manifest.csv" in package.namelist()
    assert f"Đợt {job_id}: kiểm điểm năm 2025" in batch_web.get("/batches").get_data(as_text=True)


def test_a_job_whose_runner_stopped_offers_to_finish_it(local, batch_web):
    job_id = stopped_job(get_batches(local).database)
    page = html.fromstring(batch_web.get(f"/batches/{job_id}").data)
    form = page.xpath("//section[@id='batch-stopped']//form")[0]
    assert "Chạy tiếp" in form.text_content()
    token = form.xpath(".//input[@name='_csrf']/@value")[0]
    assert batch_web.post(form.get("action"), data={"_csrf": token}).status_code == 303
    assert wait_for(get_batches(local).database, job_id)["status"] == "done"
    assert not html.fromstring(batch_web.get(f"/batches/{job_id}").data).xpath("//section[@id='batch-stopped']")


def test_the_chi_bo_roster_can_be_the_source(local, batch_web, chi_bo):
    response = start(batch_web, source="profile")
    assert response.status_code == 303
    job = wait_for(get_batches(local).database, int(response.headers["Location"].rsplit("/", 1)[1]))
    assert job["source"] == "organizations" and job["total"] > 4


@pytest.mark.parametrize(
    "fields, message",
    [
        ({}, "Tệp danh sách: hãy chọn tệp"),
        ({"file": (io.BytesIO(b"x"), "anh.png")}, "phải là bảng tính Excel (.xlsx) hoặc CSV"),
        ({"file": (io.BytesIO(TEMPLATE), "danh-sach.xlsx"), "/year": "1990"}, "Năm kiểm điểm: phải lớn hơn"),
        ({"source": "profile"}, "Chưa có hồ sơ chi bộ"),
    ],
)
def test_what_cannot_start_is_explained_and_starts_nothing(local, batch_web, fields, message):
    response = start(batch_web, **fields)
    assert response.status_code == 422 and message in response.get_data(as_text=True)
    assert "Chưa có đợt nào" in response.get_data(as_text=True)


def test_a_roster_with_bad_rows_lists_them_by_row_and_column(batch_web):
    content = "Họ và tên,Chi bộ,Ngày sinh\nPhan Văn Lỗi,Chi bộ Thôn Đông,31/02/1990\n".encode()
    response = start(batch_web, file=(io.BytesIO(content), "danh-sach.csv"))
    assert response.status_code == 422
    assert "Dòng 2" in response.get_data(as_text=True)
    assert field(response.data, "/year").get("value") == "2025"


def test_unknown_jobs_are_404(batch_web):
    for path in ("/batches/77", "/batches/77/status", "/batches/77.zip"):
        assert batch_web.get(path).status_code == 404


def test_the_job_page_shows_the_check_report_and_the_documents_warnings(local, batch_web):
    roster = (
        "Đảng bộ,Chi bộ,Địa danh,Họ và tên,Chức vụ đảng,Đơn vị,Tự xếp loại\n"
        "Đảng bộ xã An Phú,Chi bộ Thôn Đông,An Phú,Nguyễn Văn An,Bí thư Chi bộ,Cán bộ hưu trí,HTXSNV\n"
        "Đảng bộ xã An Phú,Chi bộ Thôn Đông,An Phú,Trần Thị Bình,,,HTTNV\n"
    ).encode()
    response = start(
        batch_web,
        file=(io.BytesIO(roster), "r.csv"),
        **{"/year": "2026", "/start": "08:00", "/location": "Nhà văn hóa thôn", "/no_guests": "true"},
    )
    assert response.status_code == 303
    job_id = int(response.headers["Location"].rsplit("/", 1)[1])
    job = wait_for(get_batches(local).database, job_id)
    assert job["options"]["start"] == "08:00:00" and job["options"]["guests"] == []
    page = html.fromstring(batch_web.get(f"/batches/{job_id}").data)
    check = page.xpath("//section[@id='batch-check']")[0].text_content()
    assert "2 đảng viên đang sinh hoạt, 1 chi bộ; 2 đảng viên kiểm điểm." in check
    assert "chưa rõ mẫu bản kiểm điểm" in check and "vượt 20% của 1 đề xuất" in check
    warned = page.xpath("//section[@id='batch-document-warnings']")[0].text_content()
    assert "Nguyễn Văn An: chưa rõ mẫu bản kiểm điểm" in warned
