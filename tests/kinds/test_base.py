"""What every input model shares: strict JSON types, dates and years in one range, Vietnamese messages naming
the field — and a derived value out of its model's range reported, never raised."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

import pytest

from service import pipeline
from service.findings import InputInvalid
from service.kinds import get_kind, registry
from service.kinds.base import MAX_YEAR, MIN_YEAR, BirthDate, Date, Model, each, number_pattern, parse
from service.kinds.monthly_meeting import Period
from tests.kinds.findings import sample


def _error(kind: str, data: dict, at: str):
    with pytest.raises(InputInvalid) as caught:
        pipeline.check(kind, data)
    return next(e for e in caught.value.errors if e.pointer == at)


def test_the_date_pattern_holds_exactly_the_years_the_service_takes():
    pattern = re.compile(Date.__metadata__[1].json_schema_extra["pattern"])
    assert [year for year in range(10_000) if pattern.match(f"{year:04d}-06-15")] == list(range(MIN_YEAR, MAX_YEAR + 1))
    births = re.compile(BirthDate.__metadata__[1].json_schema_extra["pattern"])
    assert [year for year in range(10_000) if births.match(f"{year:04d}-06-15")] == list(range(1900, MAX_YEAR + 1))


@pytest.mark.parametrize("low, high", [(0, 0), (0, 9), (1, 2147), (7, 130), (1930, 2200), (1, 2**31 - 1), (95, 1005)])
def test_a_number_pattern_holds_exactly_its_range(low, high):
    pattern = re.compile(number_pattern(low, high))
    probe = list(range(0, 3000)) + [high - 1, high, high + 1, 10 * high]
    assert {n for n in probe if pattern.fullmatch(str(n))} == {n for n in probe if low <= n <= high}
    assert not pattern.fullmatch("0" + str(high))


@pytest.mark.parametrize(
    "value, code, message",
    [
        (0, "date_format", "Ngày báo cáo: phải là ngày theo định dạng YYYY-MM-DD (ví dụ 2026-11-05)."),
        (20261105, "date_format", None),
        ("05/11/2026", "date_format", None),
        ("2026-11-05T00:00:00", "date_format", None),
        ("2026-02-30", "date_nonexistent", "Ngày báo cáo: không có ngày này (2026-02-30)."),
        ("2026-13-01", "date_nonexistent", None),
        ("0000-01-01", "date_nonexistent", None),
        ("0266-11-03", "date_out_of_range", "Ngày báo cáo: phải từ ngày 01/01/1930 đến ngày 31/12/2200."),
        ("1929-12-31", "date_out_of_range", None),
        ("2201-01-01", "date_out_of_range", None),
    ],
)
def test_a_date_is_a_real_day_written_yyyy_mm_dd_in_range(value, code, message):
    error = _error("bao-cao-thang", {**sample("monthly-report.json"), "date": value}, "/date")
    assert error.code == code
    assert message is None or error.message == message


@pytest.mark.parametrize("day", ["1930-01-01", "2200-12-31"])
@pytest.mark.parametrize(
    "kind, place",
    [("bao-cao-thang", ("date",)), ("bien-ban-thuong-ky", ("meeting", "date")), ("ke-hoach-chuyen-de-nam", ("date",))],
)
def test_the_first_and_last_days_make_a_document(kind, place, day):
    data = sample(get_kind(kind).sample)
    target = data
    for key in place[:-1]:
        target = target[key]
    target[place[-1]] = day
    data.pop("period", None)
    assert pipeline.produce(kind, data).content


@pytest.mark.parametrize(
    "at, value, code, message",
    [
        (("attendance", "total"), True, "int_type", "Tổng số đảng viên: phải là số nguyên, không phải true/false."),
        (("attendance", "total"), "21", "int_type", "Tổng số đảng viên: phải là số nguyên."),
        (("attendance", "total"), 21.0, "int_type", None),
        (("draft",), "true", "bool_type", "Dự thảo: phải là true hoặc false."),
        (("draft",), 1, "bool_type", None),
        (("organization", "name"), 5, "string_type", "Tên chi bộ: phải là chuỗi ký tự."),
        (("tasks_month", "year"), "2026", "int_type", "Năm: phải là số nguyên."),
        (("tasks_month", "year"), 1929, "greater_than_equal", None),
    ],
)
def test_json_values_are_taken_only_with_their_own_type(meeting, at, value, code, message):
    meeting["tasks_month"] = {"month": 11, "year": 2026}
    target = meeting
    for key in at[:-1]:
        target = target[key]
    target[at[-1]] = value
    error = _error("bien-ban-thuong-ky", meeting, "/" + "/".join(at))
    assert error.code == code
    assert message is None or error.message == message


def test_text_typed_in_a_form_is_read_as_the_field_s_type():
    model, errors = parse(Period, {"month": "11", "year": " 2026 "}, text=True)
    assert errors == [] and model == Period(month=11, year=2026)
    assert parse(Period, {"month": "11", "year": 2026})[0] is None


def test_a_derived_value_out_of_its_model_s_range_is_a_finding(monkeypatch):
    kind = get_kind("bao-cao-thang")
    # A stand-in for a new derivation that forgets the bounds: its check builds a period past MAX_YEAR.
    careless = dataclasses.replace(kind, check=lambda model: [Period(month=1, year=model.date.year + 1000)])
    monkeypatch.setitem(registry._KINDS, kind.id, careless)
    with pytest.raises(InputInvalid) as caught:
        pipeline.check(kind.id, sample("monthly-report.json"))
    (error,) = caught.value.errors
    assert error.code == "derived_value_invalid" and error.pointer == ""
    assert error.message == (
        "Không tạo được văn bản từ dữ liệu này: giá trị “Period/year” suy ra từ dữ liệu phải nhỏ hơn hoặc bằng 2200."
    )


class _Day(Model):
    day: Date


def test_dates_the_service_made_itself_are_taken_but_not_date_times():
    assert parse(_Day, {"day": dt.date(2026, 11, 5)})[0] == _Day(day=dt.date(2026, 11, 5))
    assert parse(_Day, {"day": dt.datetime(2026, 11, 5)})[1][0].code == "date_format"


def test_a_rule_error_at_a_field_that_has_a_schema_error_is_not_added(meeting):
    # Number 0 is out of range; the partial model has no number, which the rules would call missing.
    meeting["resolution_number"] = 0
    meeting["vote"]["in_favour"] = 18
    with pytest.raises(InputInvalid) as caught:
        pipeline.check("nghi-quyet-thang", meeting)
    assert [(e.pointer, e.code) for e in caught.value.errors] == [
        ("/resolution_number", "greater_than_equal"),
        ("/vote", "vote_exceeds_official_present"),
    ]


def test_a_check_that_reads_a_missing_field_is_a_bug_outside_a_partial_model():
    def broken() -> list:
        raise AttributeError("chair")

    with pytest.raises(AttributeError):
        each(broken)
