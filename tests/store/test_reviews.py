"""Members' year-end ratings kept in the store, recorded from a results sheet, and the đảng bộ's summary built from
them — from the command line and over the API."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from service.cli import main
from service.findings import InputInvalid
from service.kinds.review_summary import ReviewSummaryInput, summarize
from service.store import organizations, reviews
from tests.conftest import keyed_client

HEADER = ["STT", "Chi bộ", "Họ và tên", "Ngày sinh", "Tự xếp loại", "Chi bộ đề nghị", "Cấp trên quyết định", "Ghi chú riêng"]


@pytest.fixture
def west(database, dang_bo) -> dict:
    west = organizations.create_organization(
        database, {"parent_id": dang_bo["id"], "name": "Chi bộ Thôn Tây", "place": "An Phú"}
    )
    for name, birth in (
        ("Lê Thị Lan", None),
        ("Nguyễn Thị Hương", "1980-07-14"),
        ("Nguyễn Thị Hương", "1992-03-02"),
        ("Vũ Văn Sơn", None),
    ):
        organizations.create_member(
            database, west["id"], {"full_name": name, "birth_date": birth, "exempt": name == "Vũ Văn Sơn"}
        )
    organizations.create_member(
        database, west["id"], {"full_name": "Đỗ Văn Mới", "status": "probationary", "admitted_on": "2026-09-15"}
    )
    return west


RESULTS = [
    HEADER,
    [1, "Chi bộ Thôn Đông", "Nguyễn Văn An", "", "HTXSNV", "HTXSNV", "HTTNV", "x"],
    [2, "Chi bộ Thôn Đông", "Trần Thị Bình", "", "HTTNV", "HTTNV", "", ""],
    [3, "Chi bộ Thôn Tây", "Lê Thị Lan", "", "HTXSNV", "", "HTXSNV", ""],
    [4, "Chi bộ Thôn Tây", "Nguyễn Thị Hương", "14/07/1980", "HTTNV", "", "", ""],
    [5, "Chi bộ Thôn Tây", "Nguyễn Thị Hương", "02/03/1992", "Hoàn thành nhiệm vụ", "", "", ""],
]


def test_results_are_recorded_and_counted_in_the_summary(database, dang_bo, roster, west):
    assert reviews.record_results(database, dang_bo["id"], 2026, RESULTS) == 5
    data = reviews.summary_input(database, dang_bo["id"], 2026)
    assert data["organization"] == {
        "upper": "……………………",
        "name": "Đảng ủy xã An Phú",
        "abbreviation": "ĐU",
        "place": "An Phú",
    }
    summary = summarize(ReviewSummaryInput.model_validate(data))
    east, west_tally = summary.proposed.cells
    # Thôn Đông: ten members; An HTXSNV and Bình HTTNV proposed, eight not rated yet.
    assert (east.reviewed, east.counts, east.unrated) == (10, {"HTXSNV": 1, "HTTNV": 1, "HTNV": 0, "KHTNV": 0}, 8)
    # Thôn Tây: Lan HTXSNV (her own proposal), the two Hương HTTNV and HTNV; Sơn exempt, Mới too new.
    assert (west_tally.reviewed, west_tally.counts) == (3, {"HTXSNV": 1, "HTTNV": 1, "HTNV": 1, "KHTNV": 0})
    assert [m["name"] + str(m.get("distinction", "")) for m in data["cells"][1]["members"]] == [
        "Nguyễn Thị Hương1980",
        "Nguyễn Thị Hương1992",
        "Lê Thị Lan",
    ]
    assert summary.decided.total.counts == {"HTXSNV": 1, "HTTNV": 1, "HTNV": 0, "KHTNV": 0}
    assert summary.not_reviewed == [
        ("Chi bộ Thôn Tây", "Vũ Văn Sơn", "miễn công tác và sinh hoạt đảng"),
        ("Chi bộ Thôn Tây", "Đỗ Văn Mới", "vào Đảng chưa đủ 6 tháng"),
    ]
    # Recording again changes what was recorded, it adds nothing.
    assert (
        reviews.record_results(
            database, dang_bo["id"], 2026, [HEADER[:7], [1, "Chi bộ Thôn Tây", "Lê Thị Lan", "", "HTTNV", "", ""]]
        )
        == 1
    )
    data = reviews.summary_input(database, dang_bo["id"], 2026)
    assert data["cells"][1]["members"][2] == {"name": "Lê Thị Lan", "self_rating": "HTTNV"}


def test_rows_that_name_nobody_or_two_people_record_nothing(database, dang_bo, roster, west):
    with pytest.raises(InputInvalid) as invalid:
        reviews.record_results(
            database,
            dang_bo["id"],
            2026,
            [
                HEADER,
                [1, "Chi bộ Thôn Tây", "Nguyễn Thị Hương", "", "HTTNV", "", "", ""],
                [2, "Chi bộ Thôn Bắc", "Lê Thị Lan", "", "HTTNV", "", "", ""],
                [3, "Chi bộ Thôn Đông", "Người Lạ", "", "HTTNV", "", "", ""],
                [4, "Chi bộ Thôn Đông", "Nguyễn Văn An", "", "Giỏi", "", "", ""],
            ],
        )
    assert [error.message for error in invalid.value.errors] == [
        "Dòng 5, cột “Tự xếp loại”: phải là HTXSNV, HTTNV, HTNV, KHTNV hoặc tên đầy đủ của mức (Hoàn thành tốt nhiệm vụ…)."
    ]
    with pytest.raises(InputInvalid) as invalid:
        reviews.record_results(
            database,
            dang_bo["id"],
            2026,
            [
                HEADER,
                [1, "Chi bộ Thôn Tây", "Nguyễn Thị Hương", "", "HTTNV", "", "", ""],
                [2, "Chi bộ Thôn Bắc", "Lê Thị Lan", "", "HTTNV", "", "", ""],
                [3, "Chi bộ Thôn Đông", "Người Lạ", "", "HTTNV", "", "", ""],
            ],
        )
    assert [error.message for error in invalid.value.errors] == [
        "Dòng 2: Chi bộ Thôn Tây có 2 đảng viên tên “Nguyễn Thị Hương”; ghi “Ngày sinh” để phân biệt.",
        "Dòng 3, cột “Chi bộ”: “Chi bộ Thôn Bắc” không phải chi bộ trực thuộc Đảng bộ xã An Phú.",
        "Dòng 4: Chi bộ Thôn Đông không có đảng viên “Người Lạ”.",
    ]
    data = reviews.summary_input(database, dang_bo["id"], 2026)
    assert all(set(member) <= {"name", "distinction"} for cell in data["cells"] for member in cell["members"])


def test_the_summary_command_writes_the_report_and_the_table(app, database, dang_bo, roster, west, tmp_path):
    reviews.record_results(database, dang_bo["id"], 2026, RESULTS)
    environment = {"PARTYDOCS_DATABASE_URL": app.config["DATABASE_URL"]}
    result = CliRunner().invoke(
        main, ["summary", "--org", str(dang_bo["id"]), "--year", "2026", "-o", str(tmp_path)], env=environment
    )
    assert result.exit_code == 0, result.output
    assert "  Chi bộ Thôn Tây: 3 đảng viên — 1 (33,33%), 1 (33,33%), 1 (33,33%), 0 (0%), 0" in result.output
    assert (tmp_path / "Tổng hợp xếp loại đảng viên năm 2026.docx").stat().st_size > 0
    workbook = load_workbook(tmp_path / "Tổng hợp xếp loại đảng viên năm 2026.xlsx")
    assert workbook["Đề nghị"]["B7"].value == "Toàn đảng bộ" and workbook["Đề nghị"]["C7"].value == 13
    missing = CliRunner().invoke(main, ["summary", "--org", "999", "--year", "2026"], env=environment)
    assert missing.exit_code == 2 and "Không tìm thấy tổ chức đảng mã số 999" in missing.output


def test_the_summary_over_the_api_is_reach_checked(app, client, database, dang_bo, roster, west):
    reviews.record_results(database, dang_bo["id"], 2026, RESULTS)
    answer = client.get(f"/api/v1/organizations/{dang_bo['id']}/review-summary?year=2026")
    assert answer.status_code == 200
    body = answer.get_json()
    assert body["regime"] == "qd366-2025"
    assert body["summary"]["proposed"]["total"]["levels"]["HTXSNV"] == {"count": 2, "percent": "15,38%"}
    assert body["summary"]["proposed"]["over_quota"][0].startswith("Chi bộ Thôn Đông: 1 đề nghị")
    assert body["warnings"][0]["code"] == "excellent_quota_exceeded_proposed"
    assert client.get(f"/api/v1/organizations/{dang_bo['id']}/review-summary").status_code == 400
    assert client.get(f"/api/v1/organizations/{dang_bo['id']}/review-summary?year=20x6").status_code == 400
    # A chi bộ's key reaches its own summary, not its đảng bộ's.
    cell = keyed_client(app, west["id"])
    assert cell.get(f"/api/v1/organizations/{west['id']}/review-summary?year=2026").status_code == 200
    assert cell.get(f"/api/v1/organizations/{dang_bo['id']}/review-summary?year=2026").status_code == 404
