"""How a đảng bộ's chi bộ meet, in figures, from the archive: per chi bộ and month, the sittings held (issued
minutes or resolutions), their dates and duration, attendance of the official members summoned, guests from the
upper level, the Hồ Chí Minh item, the quality self-score, resolutions issued; per quarter, thematic sittings
held against the yearly thematic plan; the year-end ratings recorded; and the alerts a đảng ủy acts on.

Every issued document keeps its validated input, so the figures are read from it: one query selects, for the
cells in reach and the period, only the parts of the input the figures need (SQLAlchemy's JSON index works the
same on SQLite and PostgreSQL), and the counting is done here once. The page, the API, the report and the
XLSX all show this module's `Statistics`. For 60 cells × 12 months (720 minutes among 1,740 records,
`python -m benchmarks stats`) on 2 shared cores at load 6: 120-150 ms on SQLite, about 500 ms on PostgreSQL,
where casting each input's json text to jsonb is most of it (see _inputs).

A sitting is known by its cell, its kind (monthly, thematic, or both at once) and its meeting date: its minutes
and its resolution, or a document issued again, count once; the newest record is the one read. Drafts do not
count.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
import unicodedata
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Collection, Iterable

from sqlalchemy import cast, select
from sqlalchemy.dialects.postgresql import JSONB

from service.kinds.meeting_parts import Attendance
from service.rules.meetings import meeting_rules_for
from service.rules.reviews import LEVEL_CODES
from service.store.db import Database
from service.store.errors import NotFound, StoreError
from service.store.organizations import descendants
from service.store.models import ArchivedDocument, Member, MemberReview, Organization
from service.vietnamese.dates import day_first, month_slash, quarter_words, slash_date
from service.vietnamese.figures import percent

# The documents that prove a sitting, and which sitting each proves.
SITTING_KINDS = {
    "bien-ban-thuong-ky": "monthly",
    "nghi-quyet-thang": "monthly",
    "bien-ban-chuyen-de": "thematic",
    "nghi-quyet-chuyen-de": "thematic",
    "bien-ban-thuong-ky-chuyen-de": "combined",
    "nghi-quyet-thang-ket-hop": "combined",
    "nghi-quyet-chuyen-de-ket-hop": "combined",
}
RESOLUTION_KINDS = frozenset(
    {"nghi-quyet-thang", "nghi-quyet-chuyen-de", "nghi-quyet-thang-ket-hop", "nghi-quyet-chuyen-de-ket-hop"}
)
PLAN_KIND = "ke-hoach-chuyen-de-nam"
# The longest period one request counts: five years of months is already a table nobody reads.
MAX_MONTHS = 60
# Words of a guest's position that name a Party committee above the cell (a member of the đảng ủy, its standing
# committee, a district or provincial committee); "Ủy ban nhân dân" is the government and does not count.
UPPER_LEVEL_WORDS = (
    "đảng ủy",
    "đảng uỷ",
    "cấp ủy",
    "cấp uỷ",
    "thường vụ",
    "huyện ủy",
    "huyện uỷ",
    "tỉnh ủy",
    "tỉnh uỷ",
    "thành ủy",
    "thành uỷ",
    "quận ủy",
    "quận uỷ",
    "thị ủy",
    "thị uỷ",
)

Month = tuple[int, int]
Quarter = tuple[int, int]


class PeriodInvalid(StoreError):
    status = 400

    def __init__(self, code: str, message: str, *, field: str | None = None):
        super().__init__(code, message)
        # The bound that could not be read, named as the caller named it: a page marks that field.
        self.field = field


def month_end(month: Month) -> dt.date:
    return dt.date(month[0], month[1], calendar.monthrange(*month)[1])


def quarter_of(month: Month) -> Quarter:
    return month[0], (month[1] - 1) // 3 + 1


def quarter_months(quarter: Quarter) -> list[Month]:
    return [(quarter[0], 3 * quarter[1] - 2 + i) for i in range(3)]


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Period:
        first, *_, last = quarter_months((year, quarter))
        return cls(dt.date(*first, 1), month_end(last))

    @classmethod
    def checked(cls, start: dt.date, end: dt.date) -> Period:
        """A period the figures are counted for; PeriodInvalid (400) names what is wrong."""
        if end < start:
            raise PeriodInvalid(
                "period_reversed", f"Kỳ thống kê: ngày bắt đầu {slash_date(start)} sau ngày kết thúc {slash_date(end)}."
            )
        period = cls(start, end)
        if len(period.months) > MAX_MONTHS:
            raise PeriodInvalid(
                "period_too_long", f"Kỳ thống kê: dài {len(period.months)} tháng, tối đa {MAX_MONTHS} tháng."
            )
        return period

    @functools.cached_property
    def months(self) -> list[Month]:
        months, month = [], (self.start.year, self.start.month)
        while month <= (self.end.year, self.end.month):
            months.append(month)
            month = (month[0] + month[1] // 12, month[1] % 12 + 1)
        return months

    @functools.cached_property
    def quarters(self) -> list[Quarter]:
        """The quarters wholly inside the period: a thematic sitting is due once in each."""
        whole = []
        for month in self.months:
            quarter = quarter_of(month)
            first, *_, last = quarter_months(quarter)
            if quarter not in whole and dt.date(*first, 1) >= self.start and month_end(last) <= self.end:
                whole.append(quarter)
        return whole

    @classmethod
    def parsed(cls, start: str | None, end: str | None, today: dt.date, names: tuple[str, str] = ("from", "to")) -> Period:
        """The period of a request's "from" and "to", each a day, a month or a quarter (a month or a quarter
        runs from its first day to its last), written the ISO way (2026-07-05, 2026-07, 2026-Q3) or the
        Vietnamese way (05/07/2026, 7/2026 or 07/2026, Quý 3/2026). No "to": the end of the year of "from", or today; no "from": the
        start of the year of "to". `names`: the two parameters as the caller typed them, for the messages."""
        first = _bound(start, names[0], last=False) if start else None
        last = _bound(end, names[1], last=True) if end else (dt.date(first.year, 12, 31) if first else today)
        return cls.checked(first or dt.date(last.year, 1, 1), last)

    def title(self) -> str:
        """ "quý IV năm 2026", "tháng 3/2026", "năm 2026" or "từ 01/2026 đến 05/2026"."""
        months = self.months
        if self.start == dt.date(*months[0], 1) and self.end == month_end(months[-1]):
            if len(months) == 1:
                return f"tháng {month_slash(months[0][1], months[0][0])}"
            if len(months) == 3 and quarter_months(quarter_of(months[0])) == months:
                return quarter_words(quarter_of(months[0])[1], months[0][0])
            if len(months) == 12 and months[0][1] == 1:
                return f"năm {months[0][0]}"
        return f"từ {slash_date(self.start)} đến {slash_date(self.end)}"


_ISO_BOUND = re.compile(r"([0-9]{4})-(?:([0-9]{2})(?:-([0-9]{2}))?|Q([1-4]))")
# "Quý 3/2026", "quý III năm 2026", "Q3-2026".
_QUARTER_BOUND = re.compile(r"(?:quý|q)\s*([1-4]|i{1,3}|iv)\s*(?:[/.-]|năm)\s*([0-9]{4})", re.IGNORECASE)
_ROMAN_QUARTERS = {"i": 1, "ii": 2, "iii": 3, "iv": 4}


def _bound(text: str, name: str, *, last: bool) -> dt.date:
    try:
        year, month, day, quarter = _bound_parts(unicodedata.normalize("NFC", text).strip())
        if quarter:
            months = quarter_months((year, quarter))
            return month_end(months[-1]) if last else dt.date(*months[0], 1)
        if month is None:  # every form gives a month or a quarter
            raise ValueError(text)
        if day:
            return dt.date(year, month, day)
        return month_end((year, month)) if last else dt.date(year, month, 1)
    except ValueError:
        raise PeriodInvalid(
            "period_invalid",
            f"“{name}”: không đọc được “{text[:40]}”; hãy ghi tháng/năm "
            "(7/2026), quý (Quý 3/2026), ngày/tháng/năm (05/07/2026) hoặc "
            "dạng YYYY-MM, YYYY-Qn, YYYY-MM-DD.",
            field=name,
        ) from None


def _bound_parts(text: str) -> tuple[int, int | None, int | None, int | None]:
    """(year, month, day, quarter) of a bound, the parts it does not give as None; ValueError if unreadable."""
    if found := _ISO_BOUND.fullmatch(text):
        year, month, day, quarter = found.groups()
        return int(year), _int(month), _int(day), _int(quarter)
    if written := day_first(text):
        day, month, year = written
        return year, month, day, None
    if found := _QUARTER_BOUND.fullmatch(text):
        quarter, year = found.groups()
        number = int(quarter) if quarter.isdigit() else _ROMAN_QUARTERS[quarter.lower()]
        return int(year), None, None, number
    raise ValueError(text)


def _int(part: str | None) -> int | None:
    return int(part) if part else None


@dataclass(frozen=True)
class Sitting:
    """One sitting of a cell, as its newest record tells it."""

    cell_id: int
    document_id: int
    day: dt.date
    type: str  # "monthly", "thematic" or "combined"
    minutes: int | None  # None: the end is not after the start (the minutes were refused a warning)
    minimum: int  # the rule in force on the day, for this type of sitting
    rules: str
    present_official: int
    summoned: int
    upper_guests: int
    ho_chi_minh: bool
    quality: int | None
    topic: str | None
    thematic_quarter: Quarter | None

    @property
    def regular(self) -> bool:
        return self.type != "thematic"

    @property
    def thematic(self) -> bool:
        return self.type != "monthly"

    @property
    def short(self) -> bool:
        return self.minutes is not None and self.minutes < self.minimum


@dataclass
class Figures:
    """What happened in a cell (or all cells) over a month, or any span: sums, so that they add up."""

    sittings: int = 0  # regular sittings: monthly, or combined with a thematic one
    thematic: int = 0
    dates: list[dt.date] = field(default_factory=list)
    minutes: list[int] = field(default_factory=list)
    present_official: int = 0
    summoned: int = 0
    upper_guests: int = 0
    ho_chi_minh: int = 0
    quality: list[int] = field(default_factory=list)
    resolutions: int = 0

    def add(self, sitting: Sitting) -> None:
        self.sittings += sitting.regular
        self.thematic += sitting.thematic
        self.dates.append(sitting.day)
        if sitting.minutes is not None:
            self.minutes.append(sitting.minutes)
        self.present_official += sitting.present_official
        self.summoned += sitting.summoned
        self.upper_guests += sitting.upper_guests
        self.ho_chi_minh += sitting.regular and sitting.ho_chi_minh
        if sitting.quality is not None:
            self.quality.append(sitting.quality)

    def merge(self, other: Figures) -> None:
        for name in ("sittings", "thematic", "present_official", "summoned", "upper_guests", "ho_chi_minh", "resolutions"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.dates += other.dates
        self.minutes += other.minutes
        self.quality += other.quality

    @property
    def rate(self) -> Fraction | None:
        return Fraction(self.present_official, self.summoned) if self.summoned else None

    @property
    def rate_text(self) -> str:
        return percent(self.present_official, self.summoned) if self.summoned else ""

    @property
    def average_minutes(self) -> int | None:
        return round(sum(self.minutes) / len(self.minutes)) if self.minutes else None

    @property
    def average_quality(self) -> float | None:
        return round(sum(self.quality) / len(self.quality), 1) if self.quality else None

    def as_dict(self) -> dict[str, Any]:
        return {
            "sittings": self.sittings,
            "thematic": self.thematic,
            "dates": [day.isoformat() for day in sorted(self.dates)],
            "average_minutes": self.average_minutes,
            "present_official": self.present_official,
            "summoned_official": self.summoned,
            "attendance_percent": float(round(self.rate * 100, 2)) if self.rate is not None else None,
            "upper_level_guests": self.upper_guests,
            "ho_chi_minh_items": self.ho_chi_minh,
            "average_quality": self.average_quality,
            "resolutions": self.resolutions,
        }


@dataclass(frozen=True)
class Alert:
    cell_id: int
    cell: str
    code: str
    when: str  # "10/2026", "quý IV năm 2026", "05/11/2026"
    message: str  # one Vietnamese sentence naming the cell
    day: dt.date  # for ordering: the day the alert is about
    document_id: int | None = None  # the archived minutes it is about, if any

    def as_dict(self) -> dict[str, Any]:
        return {
            "organization_id": self.cell_id,
            "cell": self.cell,
            "code": self.code,
            "when": self.when,
            "message": self.message,
            "document_id": self.document_id,
        }


@dataclass
class CellFigures:
    id: int
    name: str
    created_on: dt.date
    months: dict[Month, Figures]
    thematic_done: dict[Quarter, int]
    thematic_planned: dict[Quarter, int]
    ratings: dict[str, int]
    sittings: list[Sitting]

    @property
    def total(self) -> Figures:
        total = Figures()
        for figures in self.months.values():
            total.merge(figures)
        return total

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "months": {f"{year}-{month:02d}": figures.as_dict() for (year, month), figures in self.months.items()},
            "quarters": {
                f"{year}-Q{quarter}": {
                    "thematic_done": self.thematic_done[(year, quarter)],
                    "thematic_planned": self.thematic_planned[(year, quarter)],
                }
                for year, quarter in self.thematic_done
            },
            "total": self.total.as_dict(),
            "ratings": self.ratings,
        }


@dataclass(frozen=True)
class Statistics:
    organization: dict[str, Any]  # id, name, level, upper, abbreviation, place
    period: Period
    threshold: Fraction
    cells: list[CellFigures]
    alerts: list[Alert]
    ratings_year: int | None

    @property
    def months(self) -> list[Month]:
        return self.period.months

    def month_total(self, month: Month) -> Figures:
        total = Figures()
        for cell in self.cells:
            total.merge(cell.months[month])
        return total

    @property
    def total(self) -> Figures:
        total = Figures()
        for cell in self.cells:
            total.merge(cell.total)
        return total

    def ratings_total(self) -> dict[str, int]:
        return {code: sum(cell.ratings[code] for cell in self.cells) for code in LEVEL_CODES}

    def as_dict(self) -> dict[str, Any]:
        return {
            "organization": self.organization,
            "period": {
                "from": self.period.start.isoformat(),
                "to": self.period.end.isoformat(),
                "title": self.period.title(),
            },
            "attendance_threshold_percent": float(self.threshold * 100),
            "cells": [cell.as_dict() for cell in self.cells],
            "total": self.total.as_dict(),
            "ratings_year": self.ratings_year,
            "ratings_total": self.ratings_total(),
            "alerts": [alert.as_dict() for alert in self.alerts],
        }


def compute(
    database: Database,
    organization_id: int,
    period: Period,
    *,
    threshold: float = 0.9,
    within: Collection[int] | None = None,
    today: dt.date | None = None,
) -> Statistics:
    """The figures of an organization's chi bộ (itself when it is one) over `period`. `within`: the organizations
    the caller reaches (others are not found); `threshold`: the attendance share under which a sitting is an
    alert; `today`: months and quarters not over by then raise no "missing" alert."""
    today = today or dt.date.today()
    with database.read() as session:
        organization = session.get(Organization, organization_id) if within is None or organization_id in within else None
        if organization is None:
            raise NotFound("organization_not_found", f"Không tìm thấy tổ chức đảng mã số {organization_id}.")
        cells = _cells(session, organization)
        ids = [cell.id for cell in cells]
        sittings, resolutions = _sittings(session, ids, period)
        plans = _plans(session, ids, {year for year, _ in period.months})
        ratings_year, ratings = _ratings(session, ids, period.end.year)
        head = {
            "id": organization.id,
            "name": organization.name,
            "level": organization.level,
            "upper": organization.upper,
            "abbreviation": organization.abbreviation,
            "place": organization.place,
        }
    figures = [
        _cell_figures(
            cell,
            period,
            sittings.get(cell.id, []),
            resolutions.get(cell.id, {}),
            plans.get(cell.id, {}),
            ratings.get(cell.id, {}),
        )
        for cell in cells
    ]
    share = Fraction(threshold).limit_denominator(10_000)
    as_of = min(period.end, today)
    alerts = sorted(
        (alert for cell in figures for alert in _alerts(cell, period, plans.get(cell.id, {}), share, as_of)),
        key=lambda alert: (alert.day, alert.cell, alert.code),
    )
    return Statistics(head, period, share, figures, alerts, ratings_year)


def _cells(session, organization: Organization) -> list[Organization]:
    if organization.level == "chi_bo":
        return [organization]
    below = descendants(session, organization.id)
    return list(
        session.scalars(
            select(Organization).where(Organization.id.in_(below), Organization.level == "chi_bo").order_by(Organization.id)
        )
    )


def _sittings(session, cell_ids: list[int], period: Period) -> tuple[dict[int, list[Sitting]], dict[int, dict[Month, int]]]:
    """Each sitting's newest final record, read in two passes: the records of the period without their input,
    then the few parts of the input the figures need, for one record per sitting (a draft sends the reading to the
    next older record). A resolution counts when its sitting has a final record: it shares its input."""
    rows = session.execute(
        select(ArchivedDocument.id, ArchivedDocument.kind, ArchivedDocument.organization_id, ArchivedDocument.document_date)
        .where(
            ArchivedDocument.organization_id.in_(cell_ids),
            ArchivedDocument.kind.in_(SITTING_KINDS),
            ArchivedDocument.document_date >= period.start,
            ArchivedDocument.document_date <= period.end,
        )
        .order_by(ArchivedDocument.id.desc())
    )
    candidates: dict[tuple, list[int]] = {}
    resolutions: set[tuple] = set()
    for row in rows:
        key = (row.organization_id, SITTING_KINDS[row.kind], row.document_date)
        candidates.setdefault(key, []).append(row.id)
        if row.kind in RESOLUTION_KINDS:
            resolutions.add((key, row.kind))
    found: dict[tuple, Sitting] = {}
    tried = 0
    while True:
        wanted = {ids[tried]: key for key, ids in candidates.items() if key not in found and len(ids) > tried}
        if not wanted:
            break
        for row in _inputs(session, list(wanted)):
            if not row.draft:
                cell_id, type_, _ = key = wanted[row.id]
                found[key] = _sitting(cell_id, type_, row)
        tried += 1
    by_cell: dict[int, list[Sitting]] = {}
    for (cell_id, _, _), sitting in found.items():
        by_cell.setdefault(cell_id, []).append(sitting)
    counted: dict[int, dict[Month, int]] = {}
    for key, _ in resolutions:
        if key in found:
            months = counted.setdefault(key[0], {})
            month = (key[2].year, key[2].month)
            months[month] = months.get(month, 0) + 1
    return by_cell, counted


_ATTENDANCE_COUNTS = (
    "total",
    "official",
    "probationary",
    "exempt",
    "transferred_out",
    "suspended",
    "hosted",
    "present",
    "present_official",
    "summoned_official",
)
# Most ids in one IN list: far below what SQLite and PostgreSQL accept.
_CHUNK = 5000


def _inputs(session, ids: list[int]):
    """The parts of these records' input the figures need. PostgreSQL keeps the input as json text, which each
    extraction parses again: it is parsed once, as jsonb, in a subquery that OFFSET 0 keeps from being inlined
    (60 cells: 1.5 s became ~0.1 s). SQLite caches the parse of the text it has just read."""
    postgres = session.get_bind().dialect.name == "postgresql"
    for first in range(0, len(ids), _CHUNK):
        chunk = ids[first : first + _CHUNK]
        stored = cast(ArchivedDocument.input, JSONB) if postgres else ArchivedDocument.input
        source = (
            select(ArchivedDocument.id, ArchivedDocument.document_date, stored.label("data"))
            .where(ArchivedDocument.id.in_(chunk))
            .offset(0)
            .subquery()
        )
        data = source.c.data
        columns = [
            source.c.id,
            source.c.document_date,
            data["draft"].as_boolean().label("draft"),
            data[("meeting", "start")].as_string().label("start"),
            data[("meeting", "end")].as_string().label("end"),
            data[("attendance", "absent")].label("absent"),
            data["guests"].label("guests"),
            data[("ho_chi_minh", "story")].as_string().label("ho_chi_minh"),
            data["quality"].label("quality"),
            data[("thematic", "topic")].as_string().label("topic"),
            data[("thematic", "year")].as_integer().label("thematic_year"),
            data[("thematic", "quarter")].as_integer().label("thematic_quarter"),
        ]
        columns += [data[("attendance", name)].as_integer().label(name) for name in _ATTENDANCE_COUNTS]
        yield from session.execute(select(*columns))


def _sitting(cell_id: int, type_: str, row) -> Sitting:
    start, end = dt.time.fromisoformat(row.start), dt.time.fromisoformat(row.end)
    minutes = (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute) if end > start else None
    rules = meeting_rules_for(row.document_date)
    counts = Attendance.model_validate(
        {
            **{name: getattr(row, name) for name in _ATTENDANCE_COUNTS if getattr(row, name) is not None},
            "absent": row.absent or [],
        }
    )
    return Sitting(
        cell_id=cell_id,
        document_id=row.id,
        day=row.document_date,
        type=type_,
        minutes=minutes,
        minimum=rules.combined_min_duration_minutes if type_ == "combined" else rules.min_duration_minutes,
        rules=rules.name,
        present_official=counts.present_official,
        summoned=counts.denominator,
        upper_guests=sum(1 for guest in row.guests or () if _upper_level(guest.get("position"))),
        ho_chi_minh=row.ho_chi_minh is not None,
        quality=sum(row.quality.values()) if row.quality else None,
        topic=row.topic,
        thematic_quarter=(row.thematic_year, row.thematic_quarter) if row.topic else None,
    )


def _upper_level(position: str | None) -> bool:
    text = (position or "").casefold()
    return any(word in text for word in UPPER_LEVEL_WORDS)


def _plans(session, cell_ids: list[int], years: set[int]) -> dict[int, dict[Quarter, list[tuple[int, str]]]]:
    """Each cell's thematic plan of each year (the newest issued one): per quarter, (month, topic)."""
    data = ArchivedDocument.input
    rows = session.execute(
        select(ArchivedDocument.organization_id, data["year"], data["topics"], data["draft"])
        .where(ArchivedDocument.organization_id.in_(cell_ids), ArchivedDocument.kind == PLAN_KIND)
        .order_by(ArchivedDocument.id)
    )
    newest: dict[tuple[int, int], list] = {}
    for cell_id, year, topics, draft in rows:
        if year in years and not draft:
            newest[(cell_id, year)] = topics
    plans: dict[int, dict[Quarter, list[tuple[int, str]]]] = {}
    for (cell_id, year), topics in newest.items():
        for topic in topics:
            plans.setdefault(cell_id, {}).setdefault((year, topic["quarter"]), []).append((topic["month"], topic["topic"]))
    return plans


def _ratings(session, cell_ids: list[int], year: int) -> tuple[int | None, dict[int, dict[str, int]]]:
    """The newest year-end review recorded up to `year`, the year before at the latest: per cell, how many
    members at each level (the level decided, else the cell's proposal)."""
    rows = session.execute(
        select(Member.organization_id, MemberReview.year, MemberReview.decided, MemberReview.proposed)
        .join(Member, Member.id == MemberReview.member_id)
        .where(Member.organization_id.in_(cell_ids), MemberReview.year.in_((year - 1, year)))
    ).all()
    levelled = [row for row in rows if row.decided or row.proposed]
    if not levelled:
        return None, {}
    latest = max(row.year for row in levelled)
    counts: dict[int, dict[str, int]] = {}
    for row in levelled:
        if row.year == latest:
            cell = counts.setdefault(row.organization_id, dict.fromkeys(LEVEL_CODES, 0))
            cell[row.decided or row.proposed] += 1
    return latest, counts


def _cell_figures(
    cell: Organization,
    period: Period,
    sittings: list[Sitting],
    resolutions: dict[Month, int],
    plan: dict[Quarter, list],
    ratings: dict[str, int],
) -> CellFigures:
    months = {month: Figures() for month in period.months}
    for sitting in sittings:
        months[(sitting.day.year, sitting.day.month)].add(sitting)
    for month, count in resolutions.items():
        months[month].resolutions = count
    done = {quarter: sum(months[month].thematic for month in quarter_months(quarter)) for quarter in period.quarters}
    planned = {quarter: len(plan.get(quarter, ())) for quarter in period.quarters}
    return CellFigures(
        cell.id,
        cell.name,
        cell.created_on,
        months,
        done,
        planned,
        {code: ratings.get(code, 0) for code in LEVEL_CODES},
        sorted(sittings, key=lambda s: (s.day, s.type)),
    )


def _alerts(
    cell: CellFigures, period: Period, plan: dict[Quarter, list[tuple[int, str]]], threshold: Fraction, as_of: dt.date
) -> Iterable[Alert]:
    name = cell.name
    for month, figures in cell.months.items():
        end = month_end(month)
        if end <= as_of and end >= cell.created_on and not figures.sittings:
            when = month_slash(month[1], month[0])
            yield Alert(
                cell.id, name, "no_sitting", when, f"{name}: tháng {when} không có biên bản sinh hoạt thường kỳ.", end
            )
    for quarter in period.quarters:
        end = month_end(quarter_months(quarter)[-1])
        if end <= as_of and end >= cell.created_on and not cell.thematic_done[quarter]:
            when = quarter_words(quarter[1], quarter[0])
            yield Alert(
                cell.id, name, "no_thematic_sitting", when, f"{name}: {when} không có buổi sinh hoạt chuyên đề.", end
            )
    yield from _overdue_topics(cell, period, plan, as_of)
    for sitting in cell.sittings:
        when = slash_date(sitting.day)
        if sitting.summoned and Fraction(sitting.present_official, sitting.summoned) < threshold:
            yield Alert(
                cell.id,
                name,
                "low_attendance",
                when,
                f"{name}: buổi sinh hoạt ngày {when} có {sitting.present_official}/{sitting.summoned} "
                f"đảng viên chính thức dự ({percent(sitting.present_official, sitting.summoned)}), dưới "
                f"{_percent_of(threshold)}.",
                sitting.day,
                sitting.document_id,
            )
        if sitting.short:
            what = "kết hợp thường kỳ và chuyên đề " if sitting.type == "combined" else ""
            yield Alert(
                cell.id,
                name,
                "sitting_too_short",
                when,
                f"{name}: buổi sinh hoạt {what}ngày {when} kéo dài {sitting.minutes} phút, ít hơn "
                f"{sitting.minimum} phút theo {sitting.rules}.",
                sitting.day,
                sitting.document_id,
            )


def _overdue_topics(
    cell: CellFigures, period: Period, plan: dict[Quarter, list[tuple[int, str]]], as_of: dt.date
) -> Iterable[Alert]:
    """Planned topics of the period's months that are over with no thematic sitting on them: a sitting on the same
    topic (case and spacing aside) covers it, and the sittings of its quarter left over cover the quarter's other
    topics."""
    held: dict[Quarter, list[str]] = {}
    for sitting in cell.sittings:
        if sitting.thematic and sitting.topic is not None:
            held.setdefault(sitting.thematic_quarter or quarter_of((sitting.day.year, sitting.day.month)), []).append(
                _topic_key(sitting.topic)
            )
    touched = list(dict.fromkeys(quarter_of(month) for month in period.months))
    for quarter in touched:
        left = list(held.get(quarter, ()))
        unmatched = []
        for month, topic in sorted(plan.get(quarter, ())):
            if _topic_key(topic) in left:
                left.remove(_topic_key(topic))
            else:
                unmatched.append((month, topic))
        for month, topic in unmatched[len(left) :]:
            end = month_end((quarter[0], month))
            if end <= as_of and (quarter[0], month) in cell.months:
                when = month_slash(month, quarter[0])
                yield Alert(
                    cell.id,
                    cell.name,
                    "planned_topic_overdue",
                    when,
                    f"{cell.name}: chuyên đề “{topic}” dự kiến tháng {when} theo kế hoạch chuyên đề năm "
                    "chưa có biên bản sinh hoạt.",
                    end,
                )


def _topic_key(topic: str) -> str:
    return " ".join(unicodedata.normalize("NFC", topic).casefold().split())


def _percent_of(share: Fraction) -> str:
    return percent(share.numerator, share.denominator)
