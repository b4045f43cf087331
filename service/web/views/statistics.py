"""The page of how the chi bộ meet: a đảng bộ sees its cells (a chi bộ itself) month by month, with the alerts, the
charts and their tables, and downloads the figures (XLSX) and the quarterly report (DOCX).

The figures are those of service/store/statistics.py, as the API gives them; a signed-in account sees its own
organization and the levels below it, like every page."""

from __future__ import annotations

import datetime as dt
from typing import Any, Callable

from flask import Response, abort, current_app, render_template, request, url_for
from sqlalchemy import select

from service import pipeline
from service.findings import InputInvalid
from service.stats import charts, report
from service.stats.xlsx import XLSX_MEDIA_TYPE, workbook_bytes
from service.store import statistics
from service.store.db import get_database
from service.store.errors import NotFound
from service.store.models import Organization
from service.store.statistics import Period, PeriodInvalid, Statistics, quarter_of
from service.vietnamese.dates import slash_date
from service.vietnamese.figures import format_decimal
from service.web import organization
from service.web.blueprint import bp
from service.web.views.archive import download

# An SVG shown as an image runs nothing; its own CSS (pygal's) is inline, which the page's policy would refuse.
CHART_POLICY = "default-src 'none'; style-src 'unsafe-inline'"
# The labels of the "from" and "to" fields, which the period's messages name.
BOUND_NAMES = ("Từ tháng", "Đến tháng")


@bp.get("/statistics")
def show_own_statistics():
    """The chosen organization's page; at the machine with none chosen, the one at the top of the tree, which is
    where an organization officer starts (the demo's đảng bộ, say)."""
    org_id = organization.current_organization_id()
    if org_id is None:
        with get_database().read() as session:
            tops = session.scalars(select(Organization.id).where(Organization.parent_id.is_(None)).limit(2)).all()
        if len(tops) != 1:
            abort(404)
        org_id = tops[0]
    return show_statistics(org_id)


@bp.get("/statistics/<id:org_id>")
def show_statistics(org_id: int):
    try:
        period = _period()
    except PeriodInvalid as invalid:
        # The figures fall back to this year, the fields keep what was typed, to be corrected.
        typed = {"from": request.args.get("from", ""), "to": request.args.get("to", "")}
        invalid_field = next((key for key, name in zip(typed, BOUND_NAMES) if name == invalid.field), None)
        return _page(org_id, _default_period(), error=invalid.message, typed=typed, invalid_field=invalid_field, status=400)
    return _page(org_id, period)


@bp.get("/statistics/<id:org_id>/<any(attendance, thematic, ratings):chart>.svg")
def statistics_chart(org_id: int, chart: str):
    stats = _figures(org_id, _period_or_400())
    if chart == "ratings" and stats.ratings_year is None:
        abort(404)
    response = Response(charts.CHARTS[chart](stats), mimetype=charts.SVG_MEDIA_TYPE)
    response.headers["Content-Security-Policy"] = CHART_POLICY
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.get("/statistics/<id:org_id>/figures.xlsx")
def statistics_workbook(org_id: int):
    stats = _figures(org_id, _period_or_400())
    return download(workbook_bytes(stats), XLSX_MEDIA_TYPE, f"Số liệu sinh hoạt chi bộ {stats.period.title()}.xlsx")


@bp.get("/statistics/<id:org_id>/report.docx")
def statistics_report(org_id: int):
    period = _period_or_400()
    try:
        report.quarter(period)
    except PeriodInvalid:
        abort(400)
    stats = _figures(org_id, period)
    try:
        document = report.document(stats, current_app.config["ATTENDANCE_ALERT_PERCENT"])
    except InputInvalid:
        abort(400)
    return download(document.content, pipeline.DOCX_MEDIA_TYPE, document.filename)


def _default_period() -> Period:
    """This year up to the end of the current month: what an organization officer opens the page for."""
    today = dt.date.today()
    return Period(dt.date(today.year, 1, 1), statistics.month_end((today.year, today.month)))


def _period() -> Period:
    start, end = request.args.get("from") or None, request.args.get("to") or None
    if start is None and end is None:
        return _default_period()
    return Period.parsed(start, end, dt.date.today(), BOUND_NAMES)


def _period_or_400() -> Period:
    try:
        return _period()
    except PeriodInvalid:
        abort(400)


def _figures(org_id: int, period: Period) -> Statistics:
    try:
        return statistics.compute(
            get_database(),
            org_id,
            period,
            threshold=current_app.config["ATTENDANCE_ALERT_PERCENT"] / 100,
            within=organization.reach(),
        )
    except NotFound:
        abort(404)


def _page(
    org_id: int,
    period: Period,
    *,
    error: str | None = None,
    typed: dict[str, str] | None = None,
    invalid_field: str | None = None,
    status: int = 200,
):
    stats = _figures(org_id, period)
    # The links carry a bound inside a month as its day, so that the downloads count what the page shows.
    query: dict[str, Any] = _bounds(period, "%Y-%m", dt.date.isoformat)
    shown = typed or _bounds(period, "%m/%Y", slash_date)
    alerts_by_month: dict[tuple[int, tuple[int, int]], set[str]] = {}
    for alert in stats.alerts:
        if alert.code == "no_sitting":
            alerts_by_month.setdefault((alert.cell_id, (alert.day.year, alert.day.month)), set()).add(alert.code)
    year = period.end.year
    quarters = [(f"Quý {number}", {"from": f"{year}-Q{number}", "to": f"{year}-Q{number}"}) for number in range(1, 5)]
    months = stats.months
    whole_quarter = len(months) == 3 and Period.quarter(*quarter_of(months[0])) == period
    page = render_template(
        "statistics.html",
        stats=stats,
        period=period,
        error=error,
        query=query,
        shown=shown,
        invalid_field=invalid_field,
        quarters=quarters,
        whole_year={"from": f"{year}-01", "to": f"{year}-12"},
        missing=alerts_by_month,
        report_url=url_for("web.statistics_report", org_id=org_id, **query) if whole_quarter else None,
        threshold=current_app.config["ATTENDANCE_ALERT_PERCENT"],
        decimal=format_decimal,
    )
    return page, status


def _bounds(period: Period, month: str, day: Callable[[dt.date], str]) -> dict[str, str]:
    """ "from" and "to" written as a month (`month`, a strftime format) when the period starts or ends with one, as
    `day` writes a day otherwise."""
    start, end = period.start, period.end
    return {
        "from": f"{start:{month}}" if start.day == 1 else day(start),
        "to": f"{end:{month}}" if end == statistics.month_end((end.year, end.month)) else day(end),
    }
