"""GET /api/v1/organizations/<id>/statistics: the same figures as JSON, XLSX (read back by openpyxl) and the
quarterly report (checked by the conformance checker); bad periods are 400, other formats 406."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from service import pipeline
from service.formats.checker import check_docx
from service.stats.xlsx import XLSX_MEDIA_TYPE
from tests.conftest import keyed_client
from tests.helpers import docx_text

URL = "/api/v1/organizations/{}/statistics"


def test_json_gives_the_hand_counted_figures(client, dang_bo, tree):
    answer = client.get(URL.format(dang_bo["id"]) + "?from=2026-Q4&to=2026-Q4")
    assert answer.status_code == 200, answer.get_json()
    data = answer.get_json()
    assert [cell["name"] for cell in data["cells"]] == ["Chi bộ Thôn Bắc", "Chi bộ Thôn Đông"]
    assert data["total"]["sittings"] == 4 and data["total"]["present_official"] == 16 + 16 + 18 + 18
    # October and November are over whatever day the test runs: their alerts are due.
    autumn = client.get(URL.format(dang_bo["id"]) + "?from=2026-10&to=2026-11").get_json()
    assert [(a["cell"], a["code"], a["when"]) for a in autumn["alerts"]] == [
        ("Chi bộ Thôn Bắc", "low_attendance", "05/10/2026"),
        ("Chi bộ Thôn Bắc", "low_attendance", "05/11/2026"),
        ("Chi bộ Thôn Đông", "no_sitting", "11/2026"),
        ("Chi bộ Thôn Đông", "planned_topic_overdue", "11/2026"),
    ]


def test_the_threshold_setting_decides_the_attendance_alerts(app, client, dang_bo, tree):
    app.config["ATTENDANCE_ALERT_PERCENT"] = 85
    data = client.get(URL.format(dang_bo["id"]) + "?from=2026-10&to=2026-12").get_json()
    assert data["attendance_threshold_percent"] == 85.0
    assert "low_attendance" not in {alert["code"] for alert in data["alerts"]}


def test_xlsx_holds_a_row_per_cell_and_month(client, dang_bo, tree):
    answer = client.get(URL.format(dang_bo["id"]) + "?from=2026-Q4", headers={"Accept": XLSX_MEDIA_TYPE})
    assert answer.status_code == 200 and answer.mimetype == XLSX_MEDIA_TYPE
    workbook = load_workbook(io.BytesIO(answer.data))
    rows = [row for row in workbook["Theo tháng"].iter_rows(min_row=5, values_only=True)]
    assert [(row[0], row[1], row[2]) for row in rows] == [
        ("Chi bộ Thôn Bắc", "10/2026", 1),
        ("Chi bộ Thôn Bắc", "11/2026", 1),
        ("Chi bộ Thôn Bắc", "12/2026", 1),
        ("Chi bộ Thôn Đông", "10/2026", 1),
        ("Chi bộ Thôn Đông", "11/2026", 0),
        ("Chi bộ Thôn Đông", "12/2026", 0),
    ]
    assert rows[0][6:9] == (16, 18, pytest.approx(16 / 18))
    alerts = client.get(URL.format(dang_bo["id"]) + "?from=2026-Q4").get_json()["alerts"]
    assert [row[3] for row in workbook["Cảnh báo"].iter_rows(min_row=5, values_only=True)] == [
        alert["message"] for alert in alerts
    ]


def test_docx_is_the_quarterly_report_and_passes_the_checker(client, dang_bo, tree):
    answer = client.get(URL.format(dang_bo["id"]) + "?from=2026-Q4&format=docx")
    assert answer.status_code == 200 and answer.mimetype == pipeline.DOCX_MEDIA_TYPE
    report = check_docx(answer.data)
    assert report.ok and not report.deviations, report.text()
    text = docx_text(answer.data)
    assert "quý IV năm 2026" in text and "Chi bộ Thôn Đông: tháng 11/2026 không có biên bản sinh hoạt thường kỳ." in text


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("?from=2026-13", "period_invalid"),
        ("?to=hôm-nay", "period_invalid"),
        ("?from=2026-12-01&to=2026-11-30", "period_reversed"),
        ("?from=2020-01&to=2026-12", "period_too_long"),
        ("?from=2026-10&to=2026-11&format=docx", "period_not_quarter"),
    ],
)
def test_a_bad_period_is_400_naming_it(client, dang_bo, query, code):
    answer = client.get(URL.format(dang_bo["id"]) + query)
    assert answer.status_code == 400 and answer.get_json()["code"] == code


def test_another_format_is_406(client, dang_bo):
    answer = client.get(URL.format(dang_bo["id"]), headers={"Accept": "application/pdf"})
    assert answer.status_code == 406


def test_a_key_of_a_chi_bo_reaches_only_itself(app, dang_bo, tree):
    east = keyed_client(app, tree["east"]["id"], scope="read")
    assert east.get(URL.format(dang_bo["id"])).status_code == 404
    data = east.get(URL.format(tree["east"]["id"]) + "?from=2026-Q4").get_json()
    assert [cell["name"] for cell in data["cells"]] == ["Chi bộ Thôn Đông"]
