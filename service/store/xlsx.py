"""The first worksheet of an XLSX workbook as rows of cell values, streamed.

openpyxl's read-only mode builds a Python object per cell; here each row of the sheet part is parsed by
lxml's iterparse, turned into a list and dropped before the next, so memory stays flat however long the
sheet, and a roster reads several times faster. The values are those of openpyxl's
`load_workbook(read_only=True, data_only=True)` and `iter_rows(values_only=True)`: strings, int or float,
bool, error text ("#N/A"), date/time values for cells with a date format, a formula's cached result.
Rows absent from the XML are yielded as empty lists where openpyxl yields empty rows, so a row's place in
the iteration is its number in the spreadsheet. Unlike openpyxl, the sheet's <dimension> is not trusted:
rows and cells outside it are read, not dropped, and rows are not padded with trailing None.

The workbook is opened and its parts parsed only through service.safety (uploads.excel_package): bounded
sizes, stored or deflated members only, no DTD, XInclude, macros, ActiveX or OLE objects, and no more than a
couple of MiB of XML between two rows. Shared strings are read only as far as the cells read need them (a
workbook once held 30 million unused ones: reading them all took 158 s and 2.4 GB) and within a memory
budget. Whatever makes a file unreadable — no zip, a missing part, malformed XML, a DTD, a cell that cannot
be what its type says — is UnsafePackage with a Vietnamese message, never a bare parser or zip error.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from lxml import etree
from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format, is_timedelta_format
from openpyxl.utils import column_index_from_string
from openpyxl.utils.datetime import CALENDAR_MAC_1904, WINDOWS_EPOCH, from_excel, from_ISO8601

from service.safety.packages import MIB, Limits, Package, UnsafePackage
from service.safety.uploads import excel_package

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_ROW, _C, _V, _IS, _T, _R, _SI = (_MAIN + tag for tag in ("row", "c", "v", "is", "t", "r", "si"))
_RELATIONSHIP = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_RELATIONSHIP_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_TYPES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
WORKBOOK = "xl/workbook.xml"
WORKBOOK_RELS = "xl/_rels/workbook.xml.rels"
# Excel's last row: a row number beyond it would only make the reader yield empty rows for minutes.
MAX_ROW = 1_048_576
_DIGITS = "0123456789"
# Column letters → index, filled as letters are met: at most the 18,278 names from A to ZZZ, in each case.
_COLUMNS: dict[str, int] = {}


# A workbook is a zip: bounded before it is opened. A province's sheet can hold a few hundred megabytes of XML;
# compressed sheets rarely shrink more than twentyfold.
# Parts parsed whole (workbook, relationships, styles) hold fewer elements than a document: a bloated styles part
# has some 300,000.
LIMITS = Limits(
    max_package_bytes=256 * MIB,
    max_members=1000,
    max_uncompressed_bytes=2048 * MIB,
    max_ratio=100,
    max_xml_part_bytes=16 * MIB,
    max_xml_elements=500_000,
)
# What the shared strings read may cost, as Python counts it (a roster of 200,000 members needs about a
# fifth of it).
MAX_SHARED_STRINGS_BYTES = 96 * MIB


def _not_a_workbook(reason: str) -> UnsafePackage:
    return UnsafePackage("not_an_xlsx", f"Tệp không phải bảng tính Excel (.xlsx): {reason}.")


def iter_rows(path: Path) -> Iterator[list[Any]]:
    """The first worksheet's rows as lists of cell values (None for an empty cell), read as they are needed.
    The zip is bounded first like any untrusted package (LIMITS)."""
    with excel_package(path, LIMITS) as package:
        try:
            book = _book(package)
            yield from book.rows(package)
        except UnsafePackage:
            raise
        except (ValueError, TypeError, IndexError, OverflowError):
            # A number that is no number, a shared string index past the table, a row number that is not one.
            raise _not_a_workbook("có ô hoặc định dạng không đọc được") from None


@dataclass
class _Book:
    """The first worksheet's part and what its cells need from the rest of the workbook."""

    sheet: str
    strings: "_SharedStrings | list[str]" = field(default_factory=list)
    dates: set[int] = field(default_factory=set)
    timedeltas: set[int] = field(default_factory=set)
    epoch: dt.datetime = WINDOWS_EPOCH

    def rows(self, package: Package) -> Iterator[list[Any]]:
        number = done = 0
        for row in package.iter_elements(self.sheet, (_ROW,), stop=_MAIN + "sheetData"):
            place = row.get("r")
            number = number + 1 if place is None else _row_number(place)
            if number > MAX_ROW:
                raise _not_a_workbook(f"có dòng số {number}, quá số dòng tối đa của Excel")
            # openpyxl skips a row that comes again or out of order; rows missing in between are empty.
            if number > done:
                for _ in range(number - done - 1):
                    yield []
                yield self.cells(row)
                done = number

    def cells(self, row: etree._Element) -> list[Any]:
        values: list[Any] = []
        column = 0
        strings = self.strings
        for cell in row.iterchildren(_C):
            place = cell.get("r")
            column = column + 1 if place is None else (_COLUMNS.get(place.rstrip(_DIGITS)) or _column(place))
            if not len(cell):
                value = None
            else:
                # The two shapes nearly every text cell has, read here without value()'s general walk: a
                # shared string <v>index</v>, or an inline string of one plain <t>.
                kind, first = cell.get("t"), cell[0]
                if kind == "s" and first.tag == _V and first.text:
                    value = strings[int(first.text)]
                elif kind == "inlineStr" and first.tag == _IS and len(first) == 1 and first[0].tag == _T:
                    value = first[0].text or ""
                else:
                    value = self.value(cell)
            size = len(values)
            if column == size + 1:
                values.append(value)
            elif column > size:
                values.extend([None] * (column - size - 1))
                values.append(value)
            else:
                values[column - 1] = value
        return values

    def value(self, cell: etree._Element) -> Any:
        """A cell's value as openpyxl's WorkSheetParser.parse_cell gives it when reading data only."""
        kind = cell.get("t")
        if kind == "inlineStr":
            for child in cell:
                if child.tag == _IS:
                    return _text(child)
            return None
        for child in cell:
            if child.tag == _V:
                text = child.text
                break
        else:
            return None
        if not text:
            return None
        if kind is None or kind == "n":
            number = float(text) if "." in text or "E" in text or "e" in text else int(text)
            style = cell.get("s")
            if self.dates and style and (index := int(style)) in self.dates:
                try:
                    return from_excel(number, self.epoch, timedelta=index in self.timedeltas)
                except (OverflowError, ValueError):
                    # A serial outside Python's dates (after 9999): openpyxl makes it this error value.
                    return "#VALUE!"
            return number
        if kind == "s":
            return self.strings[int(text)]
        if kind == "b":
            return bool(int(text))
        if kind == "d":
            return from_ISO8601(text)
        return text


class _SharedStrings:
    """The workbook's shared strings, read in order only as far as the largest index asked for, and within
    MAX_SHARED_STRINGS_BYTES of memory."""

    def __init__(self, package: Package, part: str):
        self._items = package.iter_elements(part, (_SI,))
        self._read: list[str] = []
        self._left = MAX_SHARED_STRINGS_BYTES

    def __getitem__(self, index: int) -> str:
        if index < 0:
            raise IndexError(index)
        while index >= len(self._read):
            # openpyxl's read_string_table drops "x005F_", the escape of an underscore before "_xHHHH_".
            item = next(self._items, None)
            if item is None:
                raise IndexError(f"shared string {index} past the table")
            text = _text(item).replace("x005F_", "")
            self._left -= sys.getsizeof(text) + 8
            if self._left < 0:
                raise UnsafePackage(
                    "workbook_too_large",
                    "Bảng tính có quá nhiều chữ trong bảng chuỗi dùng chung "
                    f"(sharedStrings, hơn {MAX_SHARED_STRINGS_BYTES // MIB} MB).",
                    too_large=True,
                )
            self._read.append(text)
        return self._read[index]


def _book(package: Package) -> _Book:
    targets = {}
    for relationship in package.xml(WORKBOOK_RELS).iter(_RELATIONSHIP):
        if relationship.get("TargetMode") != "External":
            target = relationship.get("Target") or ""
            part = target[1:] if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
            targets[relationship.get("Id")] = (relationship.get("Type"), part)
    workbook = package.xml(WORKBOOK)
    # Chart sheets are no tables: the first sheet is the first worksheet, as openpyxl's `worksheets[0]`.
    sheets = [targets.get(sheet.get(_RELATIONSHIP_ID)) for sheet in workbook.iter(_MAIN + "sheet")]
    worksheet = next((part for kind, part in filter(None, sheets) if kind == _TYPES + "worksheet"), None)
    if worksheet is None:
        raise _not_a_workbook("không có trang tính nào")
    book = _Book(worksheet)
    properties = workbook.find(_MAIN + "workbookPr")
    # openpyxl reads the flag as its Bool descriptor does: any value but "false", "f", "0" or "" is true.
    if properties is not None and properties.get("date1904") not in (None, "", "false", "f", "0"):
        book.epoch = CALENDAR_MAC_1904
    parts = {kind: part for kind, part in targets.values()}
    if _TYPES + "sharedStrings" in parts:
        book.strings = _SharedStrings(package, parts[_TYPES + "sharedStrings"])
    if _TYPES + "styles" in parts:
        _read_styles(package.xml(parts[_TYPES + "styles"]), book)
    return book


def _read_styles(styles: etree._Element, book: _Book) -> None:
    """Which cell formats (by their index in cellXfs, a cell's s) show numbers as dates, times or durations."""
    custom = {int(item.get("numFmtId")): item.get("formatCode") for item in styles.iterfind(f"{_MAIN}numFmts/{_MAIN}numFmt")}
    for index, xf in enumerate(styles.iterfind(f"{_MAIN}cellXfs/{_MAIN}xf")):
        number = int(xf.get("numFmtId", 0))
        code = custom[number] if number in custom else BUILTIN_FORMATS.get(number)
        if is_date_format(code):
            book.dates.add(index)
        if is_timedelta_format(code):
            book.timedeltas.add(index)


def _text(element: etree._Element) -> str:
    """A shared or inline string: its plain <t>, or its runs' <t> joined; phonetic runs (<rPh>) are no text."""
    if len(element) == 1 and element[0].tag == _T:
        return element[0].text or ""
    parts = []
    for child in element:
        if child.tag == _T:
            parts.append(child.text or "")
        elif child.tag == _R:
            parts.extend(run.text or "" for run in child.iterchildren(_T))
    return "".join(parts)


def _row_number(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        # Some writers number rows "3.0"; openpyxl takes a float that is a whole number.
        number = float(text)
        if not number.is_integer():
            raise
        return int(number)


def _column(place: str) -> int:
    letters = place.rstrip(_DIGITS)
    _COLUMNS[letters] = index = column_index_from_string(letters)
    return index
