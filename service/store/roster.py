"""Roster import from a spreadsheet (XLSX or CSV) with Vietnamese column headers.

Every row is checked before anything is written: the caller gets the problems
at once, each with its row and column, and a roster with one bad row imports
nothing. A row whose name and birth date match a member already on the roster
updates that member instead of adding a second one.
`write_template` makes the blank form (samples/roster-template.xlsx).

The file is untrusted. Past ROSTER_MAX_ERRORS problems reading stops: a 50 MB
CSV of 658,134 wrong rows once answered a 454 MB list of errors and grew the
server by 3.6 GB. A CSV row may not be longer than MAX_ROW_CHARACTERS, nor a
table hold more rows than Excel or more than MAX_CELLS cells, so that a file of
commas or newlines costs neither memory nor minutes.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import zipfile
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from lxml import etree
from openpyxl import Workbook
from openpyxl.styles import Font
from sqlalchemy import select

from service.config import DEFAULTS as SETTINGS
from service.findings import Finding, InputInvalid, pointer
from service.kinds.base import Model, parse, partial
from service.render.package import write_package
from service.rules.reviews import LEVEL_CODES, all_review_rules
from service.safety.packages import UnsafePackage
from service.store import xlsx
from service.store.db import Database
from service.store.errors import NotFound
from service.store.models import Member, Organization
from service.store.schemas import MemberIn
from service.vietnamese.figures import format_int
from service.vietnamese.text import clean

# Problems listed when a roster file is refused, when no app says otherwise (batch runners, a benchmark).
MAX_ERRORS = SETTINGS["ROSTER_MAX_ERRORS"]
MAX_ROWS = 2000
MAX_ROW_CHARACTERS = 1_000_000
# Cells read from one table, the empty ones before a cell's column included: 200,000 rows of 100 columns.
MAX_CELLS = 20_000_000
_TRUE = {"x", "có", "co", "1", "true", "c"}
_FALSE = {"", "không", "khong", "0", "false", "k"}


def _date(value: Any) -> Any:
    """Dates as Excel stores them or typed "05/11/1970" (day first, as Vietnamese write them)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, str) and value.count("/") == 2:
        day, month, year = value.split("/")
        try:
            return dt.date(int(year), int(month), int(day))
        except ValueError:
            return value
    return value


class ColumnWords:
    """A column of a few words (as printed on the form) → the model's values; `expected` names the words in
    messages."""

    def __init__(self, words: dict[str, str]):
        self._values = {word.casefold(): value for word, value in words.items()}
        self.expected = " hoặc ".join(f"“{word}”" for word in words)

    def __call__(self, value: Any) -> Any:
        return self._values.get(value.casefold(), value) if isinstance(value, str) else value


def _flag(value: Any) -> Any:
    if isinstance(value, str) and value.casefold() in _TRUE | _FALSE:
        return value.casefold() in _TRUE
    return value


def level_cell(value: Any) -> Any:
    """A rating level by its code (HTTNV) or its full name (Hoàn thành tốt nhiệm vụ)."""
    if not isinstance(value, str):
        return value
    return _level_names().get(value.casefold()) or (value.upper() if value.upper() in LEVEL_CODES else value)


level_cell.expected = f"{', '.join(LEVEL_CODES)} hoặc tên đầy đủ của mức (Hoàn thành tốt nhiệm vụ…)"


@functools.cache
def _level_names() -> dict[str, str]:
    return {level.name.casefold(): level.code for rules in all_review_rules() for level in rules.level}


# What a wrong cell should hold, in the words of the form rather than of the JSON the API reads.
DATE_EXPECTED = "phải là một ngày có thật, ghi theo ngày/tháng/năm, ví dụ 05/11/1970"
FLAG_EXPECTED = "phải ghi “có” (hoặc x) hoặc “không” (hoặc để trống)"
_DATE_ERRORS = {
    "date_format",
    "date_nonexistent",
    "date_type",
    "date_parsing",
    "date_from_datetime_parsing",
    "date_from_datetime_inexact",
}
_FLAG_ERRORS = {"bool_type", "bool_parsing"}


# Column header (as printed on the form) → member field and how a cell becomes its value.
COLUMNS: dict[str, tuple[str, Callable[[Any], Any]]] = {
    "Họ và tên": ("full_name", lambda v: v),
    "Ngày sinh": ("birth_date", _date),
    "Giới tính": ("gender", ColumnWords({"Nam": "male", "Nữ": "female"})),
    "Chính thức/dự bị": ("status", ColumnWords({"Chính thức": "official", "Dự bị": "probationary"})),
    "Ngày vào Đảng": ("admitted_on", _date),
    "Ngày chính thức": ("official_on", _date),
    "Chức vụ đảng": ("party_position", lambda v: v),
    "Chức vụ chính quyền": ("government_position", lambda v: v),
    "Chức vụ đoàn thể": ("mass_position", lambda v: v),
    "Đơn vị": ("unit", lambda v: v),
    "Miễn sinh hoạt": ("exempt", _flag),
    "Đang sinh hoạt": ("active", _flag),
}
IGNORED = {"stt"}
EXAMPLES = (
    (
        "Nguyễn Văn An",
        "12/03/1968",
        "Nam",
        "Chính thức",
        "15/05/1995",
        "15/05/1996",
        "Bí thư Chi bộ",
        "Trưởng thôn",
        "",
        "Thôn Đông",
        "",
        "x",
    ),
    (
        "Trần Thị Bình",
        "02/09/1979",
        "Nữ",
        "Chính thức",
        "03/02/2005",
        "03/02/2006",
        "Phó Bí thư Chi bộ",
        "",
        "Chi hội trưởng Phụ nữ",
        "Thôn Đông",
        "",
        "x",
    ),
    ("Đỗ Văn Minh", "20/10/1999", "Nam", "Dự bị", "19/05/2026", "", "", "", "Bí thư Chi đoàn", "Thôn Đông", "", "x"),
)


def _header_key(text: Any) -> str:
    return " ".join(clean(str(text or "")).casefold().split())


@dataclass(frozen=True)
class Sheet:
    """A roster form: each column header (as printed) → model field and how a cell becomes its value, the
    model one row becomes, the columns a file must have (→ the finding's code) and how many rows it may hold."""

    columns: dict[str, tuple[str, Callable[[Any], Any]]]
    model: type[Model]
    required: dict[str, str]
    max_rows: int
    other_columns: bool = False  # columns it does not read are passed over (a batch roster read for its results)

    @cached_property
    def known(self) -> dict[str, str]:
        return {_header_key(header): header for header in self.columns}

    @cached_property
    def titles(self) -> dict[str, str]:
        return {field: header for header, (field, _) in self.columns.items()}


MEMBERS = Sheet(COLUMNS, MemberIn, {"Họ và tên": "roster_name_column_missing"}, MAX_ROWS)


# The files iter_table reads, by suffix.
SUFFIXES = (".xlsx", ".csv")


def iter_table(path: Path) -> Iterator[list[Any]]:
    """The sheet's rows as lists of cell values (the first sheet of a workbook), read as they are needed.
    A file that cannot be read, or holds more than a roster can (rows, cells, characters in a row), raises
    UnsafePackage (a ValueError) with a Vietnamese message."""
    cells = 0
    rows = _csv_rows(path) if path.suffix.lower() == ".csv" else xlsx.iter_rows(path)
    for number, row in enumerate(rows, start=1):
        cells += len(row)
        if number > xlsx.MAX_ROW or cells > MAX_CELLS:
            raise UnsafePackage(
                "table_too_large",
                f"Tệp danh sách quá lớn: quá {format_int(xlsx.MAX_ROW)} dòng "
                f"hoặc {format_int(MAX_CELLS)} ô (dừng đọc ở dòng {format_int(number)}).",
                too_large=True,
            )
        yield row


def _csv_rows(path: Path) -> Iterator[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as stream:
        lines = _Lines(stream)
        for row in csv.reader(lines):
            lines.used = 0
            yield row


class _Lines:
    """A CSV file's lines for csv.reader, refusing a row (which quoted fields may spread over several lines)
    longer than MAX_ROW_CHARACTERS before it is held."""

    def __init__(self, stream):
        self.stream, self.used = stream, 0

    def __iter__(self) -> "_Lines":
        return self

    def __next__(self) -> str:
        line = self.stream.readline(MAX_ROW_CHARACTERS + 1)
        if not line:
            raise StopIteration
        self.used += len(line)
        if self.used > MAX_ROW_CHARACTERS:
            raise UnsafePackage(
                "row_too_long",
                f"Tệp danh sách có dòng dài hơn {format_int(MAX_ROW_CHARACTERS)} ký tự: đây không phải danh sách đảng viên.",
                too_large=True,
            )
        return line


def read_table(path: Path) -> list[list[Any]]:
    return list(iter_table(path))


def validate(table: Iterable[list[Any]], sheet: Sheet = MEMBERS, max_errors: int = MAX_ERRORS) -> list[Model]:
    """Every row as a member, or InputInvalid with the problems (row numbers as in the spreadsheet)."""
    return [model for _, model in iter_valid(table, sheet, max_errors=max_errors)]


def iter_valid(
    table: Iterable[list[Any]],
    sheet: Sheet = MEMBERS,
    check: Callable[[Model], list[Finding]] | None = None,
    *,
    max_errors: int = MAX_ERRORS,
) -> Iterator[tuple[int, Model]]:
    """Each valid row with its spreadsheet row number, while the table is read, until a problem is found;
    then the rest is only checked, and InputInvalid lists every problem at the end — or the first
    `max_errors` and where reading stopped, once there are more. `check` adds the errors a row's model
    cannot see alone (they name model fields, reported under their column)."""
    rows = iter(table)
    first = next(rows, None)
    if first is None:
        raise InputInvalid([Finding("", "roster_empty", "Tệp danh sách đảng viên không có dòng nào.")])
    headers, findings = _headers(first, sheet)
    header_findings, count = len(findings), 0
    # A missing column is reported once, not again on every row.
    absent = {sheet.columns[header][0] for header in sheet.required if header not in headers.values()}
    columns = [(index, *sheet.columns[header]) for index, header in headers.items()]
    for number, row in enumerate(rows, start=2):
        if not any(_blank(c) is not None for c in row):
            continue
        count += 1
        if count > sheet.max_rows:
            continue
        data = _row_data(row, columns)
        # Cells are typed text (or Excel's numbers): read as the field's type, as a form is.
        model, errors = parse(sheet.model, data, text=True)
        if model is None:
            errors = [*errors, *_partial_problems(sheet.model, data, errors)]
        if check is not None:
            failed = {_field(error) for error in errors}
            errors += [
                error
                for error in check(model if model is not None else _partial(sheet.model, data, failed))
                if error.severity == "error" and _field(error) not in failed
            ]
        findings.extend(_located(error, number, sheet) for error in errors if _field(error) not in absent)
        if len(findings) > max_errors:
            raise InputInvalid(_capped(findings, max_errors, number))
        if not findings:
            yield number, model
    if count > sheet.max_rows:
        findings.insert(
            header_findings,
            Finding("", "roster_too_long", f"Tệp có {count} dòng, nhiều hơn {sheet.max_rows} dòng cho phép."),
        )
    if findings:
        raise InputInvalid(findings)


def _capped(findings: list[Finding], max_errors: int, row: int) -> list[Finding]:
    """The first problems, and one saying that reading stopped and how many were found up to there."""
    return findings[:max_errors] + [
        Finding(
            "",
            "roster_too_many_errors",
            f"Tệp danh sách có quá nhiều lỗi: đã thấy {format_int(len(findings))} lỗi đến dòng {format_int(row)} thì "
            f"dừng kiểm tra; trên đây là {format_int(max_errors)} lỗi đầu tiên. Hãy sửa rồi gửi lại tệp.",
        )
    ]


def _field(error: Finding) -> str:
    return error.pointer.strip("/").split("/")[0]


def _partial(model: type[Model], data: dict[str, Any], failed: set[str]) -> Model:
    """A row's model from its valid cells only: what a row's other checks read, so that a row with a wrong cell
    still has every other problem listed. Cells are typed text, read as a form's are."""
    return partial(model, data, [(name,) for name in failed], text=True)


def _partial_problems(model: type[Model], data: dict[str, Any], errors: list[Finding]) -> list[Finding]:
    """The checks between cells (a probationary member with a date of becoming official…) that pydantic only
    runs once every cell is valid: run on the valid cells of a row that has a wrong one too."""
    failed = {_field(error) for error in errors}
    if "" in failed:
        return []
    row = _partial(model, data, failed)
    return [Finding("", "value_error", f"{message}.") for message in getattr(row, "contradictions", list)()]


def _row_data(row: list[Any], columns: list[tuple[int, str, Callable[[Any], Any]]]) -> dict[str, Any]:
    """The row's filled cells as model fields: (column index, field, how a cell becomes its value) each."""
    data = {}
    size = len(row)
    for index, field, convert in columns:
        value = row[index] if index < size else None
        if isinstance(value, str):
            if not value.strip():
                continue
            value = clean(value)
        elif value is None:
            continue
        data[field] = convert(value)
    return data


def _blank(value: Any) -> Any:
    return None if value is None or (isinstance(value, str) and not value.strip()) else value


def _headers(row: list[Any], sheet: Sheet) -> tuple[dict[int, str], list[Finding]]:
    headers, findings = {}, []
    for index, cell in enumerate(row):
        key = _header_key(cell)
        if key in sheet.known:
            headers[index] = sheet.known[key]
        elif key and key not in IGNORED and not sheet.other_columns:
            findings.append(
                Finding(
                    pointer(1, index + 1),
                    "roster_unknown_column",
                    f"Dòng 1, cột {index + 1}: tiêu đề “{cell}” không có trong mẫu danh sách.",
                )
            )
    for header, code in sheet.required.items():
        if header not in headers.values():
            findings.append(Finding(pointer(1), code, f"Dòng 1: thiếu cột “{header}”."))
    return headers, findings


def _located(error: Finding, row: int, sheet: Sheet) -> Finding:
    """A model finding re-addressed to the spreadsheet: row number and column header, and what the cell should
    hold in the words of the form (dates as 05/11/1970, “Chính thức” or “Dự bị”, “có” or “không”)."""
    field = _field(error)
    column = sheet.titles.get(field)
    where = f"Dòng {row}, cột “{column}”" if column else f"Dòng {row}"
    message = error.message.split(": ", 1)[-1] if column or error.message.startswith(WHOLE_ROW) else error.message
    expected = _expected(error.code, sheet.columns[column][1] if column else None)
    return Finding(pointer(row, column or ""), error.code, f"{where}: {expected or message.rstrip('.')}.")


WHOLE_ROW = "Dữ liệu: "  # how parse() names a problem of the row as a whole


def _expected(code: str, convert: Callable[[Any], Any] | None) -> str | None:
    if code in _DATE_ERRORS:
        return DATE_EXPECTED
    if code in _FLAG_ERRORS:
        return FLAG_EXPECTED
    if code in ("literal_error", "enum") and getattr(convert, "expected", None):
        return f"phải là {convert.expected}"
    return None


def import_roster(database: Database, organization_id: int, members: Iterable[MemberIn]) -> dict[str, int]:
    """Add the members, updating those already on the roster (same name and birth date)."""
    created = updated = 0
    with database.write() as session:
        if session.get(Organization, organization_id) is None:
            raise NotFound("organization_not_found", f"Không tìm thấy tổ chức đảng mã số {organization_id}.")
        existing = {
            (m.full_name.casefold(), m.birth_date): m
            for m in session.scalars(select(Member).where(Member.organization_id == organization_id))
        }
        for values in members:
            member = existing.get((values.full_name.casefold(), values.birth_date))
            if member is None:
                session.add(Member(organization_id=organization_id, **values.model_dump()))
                created += 1
            else:
                for key, value in values.model_dump().items():
                    setattr(member, key, value)
                updated += 1
    return {"created": created, "updated": updated}


def write_template(path: Path) -> None:
    """The blank roster form with three example rows, byte-identical on every run."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Danh sách đảng viên"
    sheet.append(["STT", *COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for number, row in enumerate(EXAMPLES, start=1):
        sheet.append([number, *row])
    for column, width in zip("ABCDEFGHIJKLM", (6, 24, 12, 10, 16, 15, 15, 20, 20, 22, 14, 14, 14)):
        sheet.column_dimensions[column].width = width
    save_reproducible(workbook, path)


def save_reproducible(workbook: Workbook, path: Path) -> None:
    """Save a workbook so that the same content gives the same bytes on every run."""
    path.write_bytes(reproducible_bytes(workbook))


def reproducible_bytes(workbook: Workbook) -> bytes:
    """The workbook's file, the same bytes for the same content on every run."""
    workbook.properties.creator = "partydocs"
    workbook.properties.created = FIXED_TIME
    buffer = io.BytesIO()
    workbook.save(buffer)
    return _reproducible(buffer.getvalue())


FIXED_TIME = dt.datetime(2026, 1, 1)
_CORE = "docProps/core.xml"
_MODIFIED = "{http://purl.org/dc/terms/}modified"


def _reproducible(xlsx: bytes) -> bytes:
    """The workbook with what openpyxl stamps from the clock (zip dates, modified time) fixed."""
    parts = []
    with zipfile.ZipFile(io.BytesIO(xlsx)) as package:
        for name in package.namelist():
            data = package.read(name)
            if name == _CORE:
                core = etree.fromstring(data)
                for modified in core.iter(_MODIFIED):
                    modified.text = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ")
                data = etree.tostring(core, xml_declaration=True, encoding="UTF-8", standalone=True)
            parts.append((name, data))
    return write_package(parts)
