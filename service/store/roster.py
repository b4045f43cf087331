"""Roster import from a spreadsheet (XLSX or CSV) with Vietnamese column headers.

Every row is checked before anything is written: the caller gets every
problem at once, each with its row and column, and a roster with one bad row
imports nothing. A row whose name and birth date match a member already on the
roster updates that member instead of adding a second one.
`write_template` makes the blank form (samples/roster-template.xlsx).
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from pathlib import Path
from typing import Any, Callable, Iterable

from lxml import etree
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from sqlalchemy import select

from service.findings import Finding, InputInvalid, pointer
from service.kinds.base import parse
from service.render.package import write_package
from service.store.db import Database
from service.store.errors import NotFound
from service.store.models import Member, Organization
from service.store.schemas import MemberIn
from service.vietnamese.text import clean

MAX_ROWS = 2000
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


def _choice(words: dict[str, str]) -> Callable[[Any], Any]:
    return lambda value: words.get(value.casefold(), value) if isinstance(value, str) else value


def _flag(value: Any) -> Any:
    if isinstance(value, str) and value.casefold() in _TRUE | _FALSE:
        return value.casefold() in _TRUE
    return value


# Column header (as printed on the form) → member field and how a cell becomes its value.
COLUMNS: dict[str, tuple[str, Callable[[Any], Any]]] = {
    "Họ và tên": ("full_name", lambda v: v),
    "Ngày sinh": ("birth_date", _date),
    "Giới tính": ("gender", _choice({"nam": "male", "nữ": "female"})),
    "Chính thức/dự bị": ("status", _choice({"chính thức": "official", "dự bị": "probationary"})),
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
    ("Nguyễn Văn An", "12/03/1968", "Nam", "Chính thức", "15/05/1995", "15/05/1996", "Bí thư Chi bộ",
     "Trưởng thôn", "", "Thôn Đông", "", "x"),
    ("Trần Thị Bình", "02/09/1979", "Nữ", "Chính thức", "03/02/2005", "03/02/2006", "Phó Bí thư Chi bộ", "",
     "Chi hội trưởng Phụ nữ", "Thôn Đông", "", "x"),
    ("Đỗ Văn Minh", "20/10/1999", "Nam", "Dự bị", "19/05/2026", "", "", "", "Bí thư Chi đoàn", "Thôn Đông", "",
     "x"),
)


def _header_key(text: Any) -> str:
    return " ".join(clean(str(text or "")).casefold().split())


_KNOWN = {_header_key(header): header for header in COLUMNS}


def read_table(path: Path) -> list[list[Any]]:
    """The sheet's rows as lists of cell values (the first sheet of a workbook)."""
    if path.suffix.lower() == ".csv":
        with path.open(encoding="utf-8-sig", newline="") as stream:
            return [row for row in csv.reader(stream)]
    workbook = load_workbook(path, read_only=True, data_only=True)
    try:
        return [list(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]
    finally:
        workbook.close()


def validate(table: list[list[Any]]) -> list[MemberIn]:
    """Every row as a member, or InputInvalid with every problem (row numbers as in the spreadsheet)."""
    if not table:
        raise InputInvalid([Finding("", "roster_empty", "Tệp danh sách đảng viên không có dòng nào.")])
    headers, findings = _headers(table[0])
    rows = [(number, row) for number, row in enumerate(table[1:], start=2) if any(_blank(c) is not None for c in row)]
    if len(rows) > MAX_ROWS:
        findings.append(Finding("", "roster_too_long", f"Tệp có {len(rows)} dòng, nhiều hơn {MAX_ROWS} dòng cho phép."))
    members = []
    for number, row in rows[:MAX_ROWS]:
        data = {}
        for index, header in headers.items():
            value = _blank(row[index]) if index < len(row) else None
            if value is not None:
                field, convert = COLUMNS[header]
                data[field] = convert(clean(value) if isinstance(value, str) else value)
        member, errors = parse(MemberIn, data)
        findings.extend(_located(error, number) for error in errors)
        if member is not None:
            members.append(member)
    if findings:
        raise InputInvalid(findings)
    return members


def _blank(value: Any) -> Any:
    return None if value is None or (isinstance(value, str) and not value.strip()) else value


def _headers(row: list[Any]) -> tuple[dict[int, str], list[Finding]]:
    headers, findings = {}, []
    for index, cell in enumerate(row):
        key = _header_key(cell)
        if key in _KNOWN:
            headers[index] = _KNOWN[key]
        elif key and key not in IGNORED:
            findings.append(Finding(pointer(1, index + 1), "roster_unknown_column",
                                    f"Dòng 1, cột {index + 1}: tiêu đề “{cell}” không có trong mẫu danh sách."))
    if "Họ và tên" not in headers.values():
        findings.append(Finding(pointer(1), "roster_name_column_missing",
                                "Dòng 1: thiếu cột “Họ và tên”."))
    return headers, findings


_TITLES = {field: header for header, (field, _) in COLUMNS.items()}


def _located(error: Finding, row: int) -> Finding:
    """A model finding re-addressed to the spreadsheet: row number and column header."""
    field = error.pointer.strip("/").split("/")[0]
    column = _TITLES.get(field)
    where = f"Dòng {row}, cột “{column}”" if column else f"Dòng {row}"
    message = error.message.split(": ", 1)[-1] if column else error.message
    return Finding(pointer(row, column or ""), error.code, f"{where}: {message}")


def import_roster(database: Database, organization_id: int, members: Iterable[MemberIn]) -> dict[str, int]:
    """Add the members, updating those already on the roster (same name and birth date)."""
    created = updated = 0
    with database.write() as session:
        if session.get(Organization, organization_id) is None:
            raise NotFound("organization_not_found", f"Không tìm thấy tổ chức đảng mã số {organization_id}.")
        existing = {(m.full_name.casefold(), m.birth_date): m
                    for m in session.scalars(select(Member).where(Member.organization_id == organization_id))}
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
    workbook.properties.creator = "partydocs"
    workbook.properties.created = FIXED_TIME
    buffer = io.BytesIO()
    workbook.save(buffer)
    path.write_bytes(_reproducible(buffer.getvalue()))


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
