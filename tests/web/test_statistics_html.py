"""The page of how the chi bộ meet, on the demo đảng bộ: the cells × months table, the alerts, the charts (SVG
images with their tables), the downloads; a bad period is 400 with the reason; an account sees its reach only."""

from __future__ import annotations

import datetime as dt
import io
from urllib.parse import parse_qs, urlsplit

import pytest
from lxml import html
from openpyxl import load_workbook

from service.stats import demo
from service.web import accounts
from tests.web.test_access_html import PASSWORD, signed_in

EIGHT_MONTHS = "?from=2026-01&to=2026-08"


@pytest.fixture(scope="module")
def demo_database(tmp_path_factory):
    """The demo's first eight months of 2026, made once for the module (about a hundred documents)."""
    from service import create_app

    folder = tmp_path_factory.mktemp("demo")
    app = create_app(
        {
            "TESTING": True,
            "INSTANCE_DIR": str(folder),
            "DATABASE_URL": f"sqlite:///{folder / 'd.sqlite3'}",
            "STORAGE_DIR": str(folder / "storage"),
        }
    )
    demo.generate(app.extensions["database"], app.extensions["storage"], 2026, dt.date(2026, 9, 1))
    app.extensions["database"].dispose()
    return folder


@pytest.fixture
def site(demo_database, tmp_path):
    from service import create_app

    app = create_app(
        {
            "TESTING": True,
            "INSTANCE_DIR": str(tmp_path),
            "LOGIN_REQUIRED": False,
            "SOFFICE_PATH": "",
            "DATABASE_URL": f"sqlite:///{demo_database / 'd.sqlite3'}",
            "STORAGE_DIR": str(demo_database / "storage"),
        }
    )
    yield app
    app.extensions["database"].dispose()


def test_the_dang_bo_page_shows_cells_by_month_with_the_alerts(site):
    page = site.test_client().get("/statistics" + EIGHT_MONTHS)
    assert page.status_code == 200
    tree = html.fromstring(page.data)
    table = tree.get_element_by_id("by-month").getnext().getnext().find(".//table")
    heads = [th.text_content() for th in table.findall(".//tbody/tr/th")]
    assert heads == [habit.name for habit in demo.CELLS]
    west = table.findall(".//tbody/tr")[1]
    assert [td.text_content() for td in west.findall("td")][6] == "Không sinh hoạt"  # July
    alerts = [li.text_content() for li in tree.find_class("stat-alerts")[0]]
    assert "Chi bộ Thôn Tây: tháng 7/2026 không có biên bản sinh hoạt thường kỳ." in alerts
    assert "Chi bộ Trường Tiểu học An Phú: quý II năm 2026 không có buổi sinh hoạt chuyên đề." in alerts
    images = tree.xpath("//figure[@class='chart']/img")
    assert len(images) == 3 and all(img.get("alt") for img in images)
    assert len(tree.xpath("//details/summary")) == 3


def test_a_chart_is_an_svg_image_that_runs_nothing(site):
    client = site.test_client()
    chart = client.get("/statistics/1/attendance.svg" + EIGHT_MONTHS)
    assert chart.status_code == 200 and chart.mimetype == "image/svg+xml"
    assert b"<script" not in chart.data and b"Chi b\xe1\xbb\x99 Th\xc3\xb4n T\xc3\xa2y" in chart.data
    assert chart.headers["Content-Security-Policy"] == "default-src 'none'; style-src 'unsafe-inline'"


def test_the_downloads(site):
    client = site.test_client()
    workbook = load_workbook(io.BytesIO(client.get("/statistics/1/figures.xlsx" + EIGHT_MONTHS).data))
    assert workbook["Theo tháng"].max_row == 4 + 5 * 8
    quarter = client.get("/statistics/1/report.docx?from=2026-04&to=2026-06")
    assert quarter.status_code == 200 and "attachment" in quarter.headers["Content-Disposition"]
    assert client.get("/statistics/1/report.docx" + EIGHT_MONTHS).status_code == 400


def test_a_bad_period_is_400_with_the_reason_and_keeps_what_was_typed(site):
    page = site.test_client().get("/statistics/1?from=7/2026&to=13/2026")
    assert page.status_code == 400
    tree = html.fromstring(page.data)
    assert tree.xpath("string(//*[@role='alert'])") == (
        "“Đến tháng”: không đọc được “13/2026”; hãy ghi tháng/năm (7/2026), quý (Quý 3/2026), ngày/tháng/năm "
        "(05/07/2026) hoặc dạng YYYY-MM, YYYY-Qn, YYYY-MM-DD."
    )
    assert [(field.get("value"), field.get("aria-invalid")) for field in tree.xpath("//form[@role='search']//input")] == [
        ("7/2026", None),
        ("13/2026", "true"),
    ]


@pytest.mark.parametrize(
    ("start", "end", "title", "shown", "linked"),
    [
        ("7/2026", "07/2026", "tháng 7/2026", ["07/2026", "07/2026"], ["2026-07", "2026-07"]),
        ("Quý 2/2026", "quý 2/2026", "quý II năm 2026", ["04/2026", "06/2026"], ["2026-04", "2026-06"]),
        ("2026-01", "2026-08", "từ 01/01/2026 đến 31/08/2026", ["01/2026", "08/2026"], ["2026-01", "2026-08"]),
        ("05/01/2026", "3/2026", "từ 05/01/2026 đến 31/03/2026", ["05/01/2026", "03/2026"], ["2026-01-05", "2026-03"]),
    ],
)
def test_the_period_is_typed_and_shown_month_first_the_vietnamese_way(site, start, end, title, shown, linked):
    page = site.test_client().get("/statistics/1", query_string={"from": start, "to": end})
    assert page.status_code == 200
    tree = html.fromstring(page.data)
    assert title in tree.xpath("string(//p[@class='lead'])")
    assert [field.get("value") for field in tree.xpath("//form[@role='search']//input[@type='text']")] == shown
    # The download counts the period the page shows, a bound inside a month included.
    workbook = urlsplit(tree.xpath("//a[contains(@href, 'figures.xlsx')]/@href")[0])
    assert [parse_qs(workbook.query)[key][0] for key in ("from", "to")] == linked


def test_a_chi_bo_account_sees_itself_not_the_dang_bo(site):
    site.config.update(LOGIN_REQUIRED=True)
    from service.web import auth

    auth.configure(site)
    accounts.create_account(site.extensions["database"], 3, "tay", PASSWORD)
    client = signed_in(site, "tay")
    assert client.get("/statistics/1").status_code == 404
    own = client.get("/statistics" + EIGHT_MONTHS)
    assert own.status_code == 200
    assert [th.text_content() for th in html.fromstring(own.data).xpath("(//table)[1]/tbody/tr/th")] == ["Chi bộ Thôn Tây"]
