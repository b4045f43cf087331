"""/api/v1/batches: start a batch from a roster file, JSON rows or the rosters in the store (202 + Location),
follow it, download its ZIP, cancel it; a wrong roster gets 422 with every row's problem and starts nothing;
another organization's batch is not found."""

from __future__ import annotations

import csv
import io
import time
from pathlib import Path
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from benchmarks.hostile import roster_xlsx
from benchmarks.rosters import roster_table
from service.batch.progress import owners
from service.store import organizations
from tests.batch.conftest import stopped_job
from tests.conftest import TOP_ORGANIZATION, keyed_client

ROW = {
    "upper": "Đảng bộ xã Bình Minh",
    "cell": "Chi bộ Ấp 1",
    "place": "Bình Minh",
    "full_name": "Nguyễn Văn An",
    "party_position": "Bí thư Chi bộ",
}


@pytest.fixture(autouse=True)
def batch_settings(app, tmp_path):
    app.config.update(BATCH_DIR=str(tmp_path / "batches"), BATCH_WORKERS=2, BATCH_CHUNK_DOCUMENTS=30)


def finished(client, location: str) -> dict:
    deadline = time.monotonic() + 120
    while (job := client.get(location).get_json())["status"] not in ("done", "failed", "cancelled"):
        assert time.monotonic() < deadline, job
        time.sleep(0.1)
    return job


def upload(client, table, name="danh sách.csv"):
    text = io.StringIO()
    csv.writer(text).writerows(table)
    data = {"file": (io.BytesIO(text.getvalue().encode("utf-8")), name), "year": "2026"}
    return client.post("/api/v1/batches", data=data, content_type="multipart/form-data")


def test_a_roster_file_starts_a_batch_whose_zip_can_be_downloaded(api_client):
    response = upload(api_client, roster_table(40))
    assert response.status_code == 202
    location = response.headers["Location"]
    assert location == f"/api/v1/batches/{response.get_json()['id']}"
    assert response.get_json()["source"] == "danh sách.csv"
    job = finished(api_client, location)
    assert job["status"] == "done" and job["done"] == job["total"] and job["links"]["download"]
    download = api_client.get(job["links"]["download"])
    assert download.status_code == 200 and download.mimetype == "application/zip"
    assert "filename*=UTF-8''Ki%E1%BB%83m%20%C4%91i%E1%BB%83m%20n%C4%83m%202026" in download.headers["Content-Disposition"]
    with zipfile.ZipFile(io.BytesIO(download.data)) as package:
        assert package.testzip() is None and len(package.namelist()) == job["total"] + 3
    listed = api_client.get("/api/v1/batches").get_json()["batches"]
    assert [batch["id"] for batch in listed] == [job["id"]]


def test_the_job_says_what_the_check_and_the_documents_warned_about(api_client):
    cell = {"upper": "Đảng bộ xã Bình Minh", "cell": "Chi bộ Ấp 1", "place": "Bình Minh"}
    members = [
        {
            **cell,
            "full_name": "Nguyễn Văn An",
            "party_position": "Bí thư Chi bộ",
            "unit": "Cán bộ hưu trí",
            "self_rating": "HTXSNV",
        },
        {**cell, "full_name": "Trần Văn Bình", "self_rating": "HTTNV", "score_general": 28, "score_tasks": 65},
        {**cell, "full_name": "Lê Văn Cường", "self_rating": "HTTNV", "form": "2B"},
    ]
    response = api_client.post(
        "/api/v1/batches", json={"year": 2026, "members": members, "location": "Hội trường", "guests": []}
    )
    assert response.status_code == 202
    assert response.get_json()["options"] | {"year": 2026} == {"year": 2026, "location": "Hội trường", "guests": []}
    report = response.get_json()["report"]
    assert (report["members"], report["guessed_total"], report["ambiguous_total"]) == (3, 2, 1)
    assert any("chưa rõ mẫu bản kiểm điểm" in warning for warning in report["warnings"])
    assert any("vượt 20% của 2 đề xuất" in warning for warning in report["warnings"])
    job = finished(api_client, response.headers["Location"])
    # A single render's warning (a rating below its score band) stays with its document in a batch.
    warned = {entry["member"]: entry["warnings"] for entry in job["warnings"] if entry["member"]}
    assert any("thuộc khung “Hoàn thành xuất sắc nhiệm vụ” nhưng tự xếp loại" in w for w in warned["Trần Văn Bình"])
    assert any("chưa rõ mẫu" in w for w in warned["Nguyễn Văn An"]) and job["warnings_total"] >= 3


def test_json_rows_start_a_batch(app, api_client):
    response = api_client.post("/api/v1/batches", json={"year": 2026, "members": [ROW]})
    assert response.status_code == 202
    job = finished(api_client, response.headers["Location"])
    assert job["status"] == "done" and job["source"] == "json"
    for kept in (Path(app.config["BATCH_DIR"]) / "jobs" / str(job["id"])).glob("*.zip"):
        kept.unlink()
    gone = api_client.get(job["links"]["download"])
    assert gone.status_code == 404 and gone.get_json()["code"] == "batch_output_missing"


def test_a_wrong_roster_gets_422_with_every_row_and_starts_nothing(api_client):
    table = roster_table(5)
    table[2][5] = "31/02/1970"
    table[4][2] = ""
    response = upload(api_client, table)
    assert response.status_code == 422
    problem = response.get_json()
    assert problem["code"] == "roster_invalid"
    assert [error["message"].split(":")[0] for error in problem["errors"]] == [
        "Dòng 3, cột “Ngày sinh”",
        "Dòng 5, cột “Chi bộ”",
    ]
    assert api_client.get("/api/v1/batches").get_json()["batches"] == []


def test_a_roster_of_members_no_longer_active_gets_422(api_client):
    response = api_client.post("/api/v1/batches", json={"year": 2026, "members": [{**ROW, "active": False}]})
    assert response.status_code == 422
    assert response.get_json()["errors"][0]["code"] == "roster_no_active_members"


def test_json_row_problems_name_their_field(api_client):
    response = api_client.post("/api/v1/batches", json={"year": 2026, "members": [ROW, {**ROW, "form": "9Z"}]})
    assert response.status_code == 422
    assert response.get_json()["errors"][0]["pointer"] == "/members/1/form"


def test_bad_requests_are_refused_in_vietnamese(api_client):
    no_file = api_client.post("/api/v1/batches", data={"year": "2026"}, content_type="multipart/form-data")
    assert no_file.status_code == 400 and no_file.get_json()["code"] == "file_missing"
    text = api_client.post(
        "/api/v1/batches",
        content_type="multipart/form-data",
        data={"year": "2026", "file": (io.BytesIO(b"x"), "danh sách.txt")},
    )
    assert text.status_code == 415 and text.get_json()["code"] == "roster_file_type"
    no_year = api_client.post("/api/v1/batches", json={"members": [ROW]})
    assert no_year.status_code == 422 and no_year.get_json()["errors"][0]["pointer"] == "/year"
    not_xlsx = api_client.post(
        "/api/v1/batches",
        content_type="multipart/form-data",
        data={"year": "2026", "file": (io.BytesIO(b"x"), "danh sách.xlsx")},
    )
    assert not_xlsx.status_code == 422 and not_xlsx.get_json()["detail"] == (
        "Không đọc được tệp danh sách danh sách.xlsx: không phải bảng tính Excel (.xlsx) hợp lệ."
    )


def test_the_rosters_kept_for_the_key_s_organizations_are_a_source(app, api_client, api_org):
    database = app.extensions["database"]
    cell = organizations.create_organization(
        database, {"parent_id": api_org["id"], "name": "Chi bộ Ấp 1", "place": "Bình Minh"}
    )
    organizations.create_member(database, cell["id"], {"full_name": "Nguyễn Văn An", "party_position": "Bí thư"})
    response = api_client.post("/api/v1/batches", json={"year": 2026, "organization_ids": [api_org["id"]]})
    assert response.status_code == 202
    assert finished(api_client, response.headers["Location"])["status"] == "done"
    other = organizations.create_organization(database, {**TOP_ORGANIZATION, "name": "Đảng bộ xã Khác"})
    refused = api_client.post("/api/v1/batches", json={"year": 2026, "organization_ids": [other["id"]]})
    assert refused.status_code == 422 and refused.get_json()["errors"][0]["code"] == "organization_not_found"


def test_another_organization_s_batch_is_not_found(app, api_client):
    location = api_client.post("/api/v1/batches", json={"year": 2026, "members": [ROW]}).headers["Location"]
    other = organizations.create_organization(app.extensions["database"], {**TOP_ORGANIZATION, "name": "Khác"})
    stranger = keyed_client(app, other["id"])
    for path in (location, f"{location}/download"):
        assert stranger.get(path).status_code == 404
    assert stranger.post(f"{location}/cancel").status_code == 404
    assert stranger.get("/api/v1/batches").get_json()["batches"] == []
    finished(api_client, location)


def test_a_batch_is_cancelled_once_and_has_no_zip(api_client):
    location = upload(api_client, roster_table(200)).headers["Location"]
    cancelled = api_client.post(f"{location}/cancel")
    assert cancelled.status_code == 200 and cancelled.get_json()["status"] == "cancelled"
    assert api_client.post(f"{location}/cancel").status_code == 409
    assert api_client.get(f"{location}/download").get_json()["code"] == "batch_not_ready"
    assert finished(api_client, location)["status"] == "cancelled"


def test_a_batch_whose_runner_stopped_is_finished_on_request_and_only_then(app, api_client, api_org):
    database = app.extensions["database"]
    location = f"/api/v1/batches/{stopped_job(database, api_org['id'])}"
    assert api_client.get(location).get_json()["links"]["resume"] == f"{location}/resume"
    resumed = api_client.post(f"{location}/resume")
    assert resumed.status_code == 202 and resumed.headers["Location"] == location
    job = finished(api_client, location)
    assert job["status"] == "done" and job["done"] == job["total"] and "resume" not in job["links"]
    assert api_client.post(f"{location}/resume").get_json()["code"] == "batch_finished"
    # A job whose chunk a live process holds is being run: nothing to resume.
    running = f"/api/v1/batches/{stopped_job(database, api_org['id'], holder=owners.owner_id())}"
    assert "resume" not in api_client.get(running).get_json()["links"]
    refused = api_client.post(f"{running}/resume")
    assert refused.status_code == 409 and refused.get_json()["code"] == "batch_running"
    api_client.post(f"{running}/cancel")


def test_the_openapi_document_describes_the_batch_routes(api_client):
    paths = api_client.get("/api/v1/openapi.json").get_json()["paths"]
    assert {
        "/api/v1/batches",
        "/api/v1/batches/{batch_id}",
        "/api/v1/batches/{batch_id}/download",
        "/api/v1/batches/{batch_id}/cancel",
        "/api/v1/batches/{batch_id}/resume",
    } <= set(paths)
    assert "202" in paths["/api/v1/batches"]["post"]["responses"]


def test_a_roster_larger_than_a_document_body_is_read_and_one_beyond_the_batch_limit_is_refused(app, api_client):
    header = ["Đảng bộ", "Chi bộ", "Địa danh", "Họ và tên", "Đơn vị"]
    large = [header] + [["Đảng bộ xã Bình Minh", "Chi bộ Ấp 1", "Bình Minh", f"Người {n}", "x" * 100_000] for n in range(25)]
    checked = upload(api_client, large)
    assert checked.status_code == 422
    assert checked.get_json()["errors"][0]["message"] == "Dòng 2, cột “Đơn vị”: dài quá 300 ký tự."
    app.config["BATCH_MAX_UPLOAD"] = 1_000_000
    app.extensions.pop("batch")
    assert upload(api_client, large).status_code == 413


def test_a_csv_file_that_cannot_be_read_is_named_in_the_problem(api_client):
    response = upload(api_client, [["Đảng bộ", "Chi bộ", "Họ và tên"], ["x" * 200_000, "y", "z"]], "danh sách.csv")
    assert response.status_code == 422
    assert response.get_json()["detail"] == (
        "Không đọc được tệp danh sách danh sách.csv: có ô dài quá giới hạn hoặc không đúng định dạng CSV."
    )


def test_a_queue_that_cannot_be_reached_answers_503_and_the_job_says_why(app, api_client):
    app.config.update(BATCH_RUNNER="celery", CELERY_BROKER_URL="redis://127.0.0.1:1/0")
    response = api_client.post("/api/v1/batches", json={"year": 2026, "members": [ROW]})
    assert response.status_code == 503 and response.get_json()["code"] == "batch_queue_unavailable"
    (failed,) = api_client.get("/api/v1/batches").get_json()["batches"]
    assert failed["status"] == "failed" and failed["error"].startswith("Không gửi được việc tới hàng đợi")


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)
BODIES = (
    st.fixed_dictionaries(
        {},
        optional={
            "year": st.integers(1900, 2300) | JSON,
            "regime": JSON,
            "date": JSON,
            "place": JSON,
            "members": st.lists(
                st.fixed_dictionaries(
                    {}, optional={key: JSON for key in (*ROW, "form", "self_rating", "score_general", "status")}
                ),
                max_size=3,
            )
            | JSON,
            "organization_ids": st.lists(st.integers(-5, 2**40), max_size=3) | JSON,
        },
    )
    | JSON
)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=BODIES)
def test_no_json_body_makes_the_batch_route_answer_500(api_client, body):
    assert api_client.post("/api/v1/batches", json=body).status_code in (202, 400, 413, 415, 422)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    content=st.binary(max_size=200),
    name=st.text(max_size=20),
    fields=st.dictionaries(st.text(max_size=8), st.text(max_size=8)),
)
def test_no_upload_makes_the_batch_route_answer_500(api_client, content, name, fields):
    data = {**fields, "year": "2026", "file": (io.BytesIO(content), name + ".csv")}
    response = api_client.post("/api/v1/batches", data=data, content_type="multipart/form-data")
    assert response.status_code in (202, 400, 413, 415, 422)


@pytest.mark.parametrize(
    "part, content, code",
    [
        ("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0", "macros_forbidden"),
        ("docProps/custom.xml", b'<!DOCTYPE x SYSTEM "file:///etc/passwd"><Properties/>', "dtd_forbidden"),
        ("xl/embeddings/oleObject1.bin", b"\xd0\xcf\x11\xe0", "ole_object_forbidden"),
    ],
)
def test_a_workbook_with_hostile_content_is_refused_naming_the_part(api_client, part, content, code):
    buffer = io.BytesIO(roster_xlsx(invalid=False))
    with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as package:
        package.writestr(part, content)
    answer = api_client.post(
        "/api/v1/batches",
        content_type="multipart/form-data",
        data={"file": (io.BytesIO(buffer.getvalue()), "danh sách.xlsx"), "year": "2026"},
    )
    assert answer.status_code == 422 and answer.get_json()["code"] == code and part in answer.get_json()["detail"]
