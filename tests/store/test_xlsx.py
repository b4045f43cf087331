"""The streaming XLSX reader gives what openpyxl's read-only reader gives, cell type by cell type and row by
row, and refuses broken or hostile workbooks with UnsafePackage instead of a parser's or zip's error."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path
from typing import Any, Callable

import pytest
from click.testing import CliRunner
from openpyxl import Workbook, load_workbook
from openpyxl.utils.datetime import CALENDAR_MAC_1904

from benchmarks.hostile import MIB, bzip2_bomb, replaced, roster_xlsx
from service.batch.roster import BatchOptions, RosterUnreadable, from_file
from service.safety.packages import UnsafePackage
from service.store import roster, xlsx
from service.cli.members import members
from service.store.xlsx import iter_rows

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
SHEET = "xl/worksheets/sheet1.xml"
STRINGS_RELATIONSHIP = (
    '<Relationship Id="rIdStrings" Target="sharedStrings.xml" Type="http://schemas.openxmlformats'
    '.org/officeDocument/2006/relationships/sharedStrings"/>'
)
STRINGS_CONTENT_TYPE = (
    '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sharedStrings+xml"/>'
)


def saved(path: Path, fill: Callable[[Workbook], Any]) -> Path:
    workbook = Workbook()
    fill(workbook)
    workbook.save(path)
    return path


def patched(path: Path, parts: dict[str, str | bytes | None], compression: int = zipfile.ZIP_DEFLATED) -> Path:
    """The workbook with parts replaced, added, or (None) left out."""
    with zipfile.ZipFile(path) as package:
        kept = {name: package.read(name) for name in package.namelist()}
    kept.update(parts)
    with zipfile.ZipFile(path, "w", compression) as package:
        for name, data in kept.items():
            if data is not None:
                package.writestr(name, data)
    return path


def part(path: Path, name: str) -> str:
    with zipfile.ZipFile(path) as package:
        return package.read(name).decode()


def dated(workbook: Workbook) -> None:
    """One cell with a date format, so that styles.xml has a date style: cell format 1."""
    workbook.active["Z1"] = dt.date(2000, 1, 1)
    workbook.active["Z1"].number_format = "dd/mm/yyyy"


def with_sheet(path: Path, rows: str, strings: list[str] | None = None) -> Path:
    """A workbook saved by openpyxl (its styles: cell format 1 is a date) whose first sheet holds `rows`
    (<row> elements) and whose shared string table holds `strings` (<si> elements), if any."""
    saved(path, dated)
    parts = {SHEET: f'<worksheet xmlns="{MAIN}"><sheetData>{rows}</sheetData></worksheet>'}
    if strings:
        parts["xl/sharedStrings.xml"] = f'<sst xmlns="{MAIN}">{"".join(strings)}</sst>'
        parts["xl/_rels/workbook.xml.rels"] = part(path, "xl/_rels/workbook.xml.rels").replace(
            "</Relationships>", STRINGS_RELATIONSHIP + "</Relationships>"
        )
        # openpyxl finds the table through the content types, the reader through the workbook's relationships.
        parts["[Content_Types].xml"] = part(path, "[Content_Types].xml").replace(
            "</Types>", STRINGS_CONTENT_TYPE + "</Types>"
        )
    return patched(path, parts)


def typed(rows) -> list[list[tuple[type, Any]]]:
    """Rows without trailing empty cells, each value with its type: 1, 1.0 and True are equal, but not alike."""
    trimmed = []
    for row in rows:
        row = list(row)
        while row and row[-1] is None:
            row.pop()
        trimmed.append([(type(value), value) for value in row])
    return trimmed


def openpyxl_rows(path: Path) -> list[list[Any]]:
    workbook = load_workbook(path, read_only=True, data_only=True)
    try:
        return [list(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]
    finally:
        workbook.close()


def read_alike(path: Path) -> list[list[Any]]:
    rows = list(iter_rows(path))
    assert typed(rows) == typed(openpyxl_rows(path))
    return rows


def test_cells_written_by_openpyxl_read_alike(tmp_path):
    def fill(workbook: Workbook) -> None:
        sheet = workbook.active
        sheet.append(
            [
                "Họ và tên",
                " có khoảng trắng ",
                12,
                -7,
                10**15,
                2.5,
                1e-9,
                True,
                False,
                "#N/A",
                None,
                "=1+1",
                0.25,
                dt.datetime(1970, 11, 5, 8, 30),
                dt.date(1968, 3, 12),
                dt.time(14, 5),
                dt.timedelta(days=1, hours=6),
                45000,
            ]
        )
        sheet["M1"].number_format = "0.00%"
        sheet["R1"].number_format = "dd/mm/yyyy"

    rows = read_alike(saved(tmp_path / "a.xlsx", fill))
    assert rows[0][:12] == ["Họ và tên", " có khoảng trắng ", 12, -7, 10**15, 2.5, 1e-9, True, False, "#N/A", None, None]
    assert rows[0][12:] == [
        0.25,
        dt.datetime(1970, 11, 5, 8, 30),
        dt.datetime(1968, 3, 12),
        dt.time(14, 5),
        dt.timedelta(days=1, hours=6),
        dt.datetime(2023, 3, 15),
    ]


def test_a_1904_workbook_counts_its_dates_from_1904(tmp_path):
    def fill(workbook: Workbook) -> None:
        workbook.epoch = CALENDAR_MAC_1904
        workbook.active.append([dt.date(2026, 5, 19), dt.datetime(1904, 1, 2, 12)])

    path = saved(tmp_path / "mac.xlsx", fill)
    assert 'date1904="1"' in part(path, "xl/workbook.xml")
    assert read_alike(path) == [[dt.datetime(2026, 5, 19), dt.datetime(1904, 1, 2, 12)]]


@pytest.mark.filterwarnings("ignore:Cell D3 is marked as a date")  # openpyxl, on the date past 9999
def test_shared_strings_rich_text_and_cached_formula_results_read_alike(tmp_path):
    strings = [
        "<si><t>Nguyễn Văn An</t></si>",
        '<si><r><t>Bí thư </t></r><r><rPr><b/></rPr><t xml:space="preserve">Chi bộ </t></r>'
        '<rPh sb="0" eb="1"><t>phonetic</t></rPh></si>',
        "<si><t/></si>",
        "<si><t>x005F_x000D_</t></si>",
    ]
    rows = (
        '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c>'
        '<c r="D1" t="s"><v>3</v></c>'
        '<c r="E1" t="inlineStr"><is><r><t>Thôn </t></r><r><t>Đông</t></r>'
        '<rPh sb="0" eb="1"><t>x</t></rPh></is></c>'
        '<c r="F1" t="inlineStr"><is/></c><c r="G1" t="inlineStr"/><c r="H1" t="inlineStr"><is><t>a</t><r><t>b</t>'
        "</r></is></c></row>"
        '<row r="2"><c r="A2" t="str"><f>A1</f><v>Nguyễn Văn An</v></c><c r="B2"><f>1+1</f><v>2</v></c>'
        '<c r="C2" t="b"><f>TRUE()</f><v>1</v></c><c r="D2" t="e"><f>NA()</f><v>#N/A</v></c><c r="E2"><f>1/0</f>'
        '</c><c r="F2" t="str"><f>""</f><v></v></c><c r="G2" s="1"><f>DATE(1970,11,5)</f><v>25877</v></c>'
        '<c r="H2"><v>1.5E3</v></c><c r="I2" t="n"><v>007</v></c></row>'
        '<row r="3"><c r="A3" t="d"><v>1970-11-05T08:30:00</v></c><c r="B3" t="d"><v>1968-03-12</v></c>'
        '<c r="C3" s="1"><v>0.5</v></c><c r="D3" s="1"><v>1E10</v></c><c r="E3" s="0"><v>25877</v></c></row>'
    )
    rows = read_alike(with_sheet(tmp_path / "s.xlsx", rows, strings))
    assert rows[0] == ["Nguyễn Văn An", "Bí thư Chi bộ ", "", "x000D_", "Thôn Đông", "", None, "ab"]
    assert rows[1] == ["Nguyễn Văn An", 2, True, "#N/A", None, None, dt.datetime(1970, 11, 5), 1500.0, 7]
    assert rows[2] == [dt.datetime(1970, 11, 5, 8, 30), dt.date(1968, 3, 12), dt.time(12), "#VALUE!", 25877]


def test_rows_keep_their_numbers_in_the_spreadsheet(tmp_path):
    rows = (
        '<row r="3"><c r="B3"><v>3</v></c></row>'
        '<row><c><v>4</v></c><c r="D4"><v>4</v></c><c><v>5</v></c></row>'  # no r: the rows and cells after
        '<row r="4"><c r="A4"><v>-1</v></c></row>'  # a row again: skipped
        '<row r="7" spans="1:3"><c r="C7"><v>7</v></c></row>'
        '<row r="8.0"><c r="A8"><v>8</v></c></row><row r="9"/>'
    )
    read = read_alike(with_sheet(tmp_path / "gaps.xlsx", rows))
    assert read == [[], [], [None, 3], [4, None, None, 4, 5], [], [], [None, None, 7], [8], []]


def test_the_first_sheet_is_the_workbooks_first_whatever_its_part_is_called(tmp_path):
    def fill(workbook: Workbook) -> None:
        workbook.active.append(["trang hai"])
        workbook.create_sheet("Trang một", 0).append(["trang một"])

    path = saved(tmp_path / "two.xlsx", fill)
    relationships = part(path, "xl/_rels/workbook.xml.rels")
    assert 'Target="/xl/worksheets/sheet2.xml"' in relationships
    assert read_alike(path) == [["trang một"]]
    # A relative target names the same part.
    patched(path, {"xl/_rels/workbook.xml.rels": relationships.replace('"/xl/worksheets/', '"worksheets/')})
    assert read_alike(path) == [["trang một"]]


def test_a_chart_sheet_in_front_is_passed_over(tmp_path):
    def fill(workbook: Workbook) -> None:
        workbook.active.append(["bảng"])
        workbook.create_chartsheet("Biểu đồ", 0)

    assert list(iter_rows(saved(tmp_path / "chart.xlsx", fill))) == [["bảng"]]


def test_rows_are_read_as_they_are_needed(tmp_path):
    # The sheet breaks off after its second row: the first two come before the error does.
    path = with_sheet(tmp_path / "cut.xlsx", '<row r="1"><c><v>1</v></c></row><row r="2"><c><v>2</v></c></row>')
    patched(path, {SHEET: part(path, SHEET)[: -len("</sheetData></worksheet>")]})
    rows = iter_rows(path)
    assert next(rows) == [1] and next(rows) == [2]
    with pytest.raises(UnsafePackage) as unsafe:
        next(rows)
    assert unsafe.value.code == "invalid_xml"


def refused(path: Path) -> UnsafePackage:
    with pytest.raises(UnsafePackage) as unsafe:
        list(iter_rows(path))
    return unsafe.value


@pytest.mark.parametrize("name", [SHEET, "xl/workbook.xml", "xl/sharedStrings.xml"])
def test_a_part_with_a_dtd_is_refused(tmp_path, name):
    path = with_sheet(tmp_path / "dtd.xlsx", '<row r="1"><c t="s"><v>0</v></c></row>', ["<si><t>a</t></si>"])
    xml = part(path, name).replace("<t>a</t>", "<t>&boom;</t>")
    assert not xml.startswith("<?xml")
    patched(path, {name: f'<!DOCTYPE x [<!ENTITY boom "{"ha" * 1000}">]>{xml}'})
    unsafe = refused(path)
    assert unsafe.code == "dtd_forbidden" and unsafe.message == (
        f"Phần {name} của bảng tính chứa khai báo DTD; bảng tính Excel không dùng DTD."
    )


def test_a_sheet_without_rows_but_with_a_dtd_is_refused(tmp_path):
    path = with_sheet(tmp_path / "dtd.xlsx", "")
    patched(path, {SHEET: "<!DOCTYPE worksheet>" + part(path, SHEET)})
    assert refused(path).code == "dtd_forbidden"


@pytest.mark.parametrize(
    "parts, code, message",
    [
        ({SHEET: None}, "not_an_xlsx", "Tệp không phải bảng tính Excel (.xlsx): thiếu phần xl/worksheets/sheet1.xml."),
        ({"xl/workbook.xml": None}, "not_an_xlsx", "Tệp không phải bảng tính Excel (.xlsx): thiếu phần xl/workbook.xml."),
        (
            {SHEET: f'<worksheet xmlns="{MAIN}"><sheetData><row>'},
            "invalid_xml",
            "Phần xl/worksheets/sheet1.xml của bảng tính không phải XML hợp lệ.",
        ),
        ({"xl/styles.xml": "not xml"}, "invalid_xml", "Phần xl/styles.xml của bảng tính không phải XML hợp lệ."),
        (
            {SHEET: f'<worksheet xmlns="{MAIN}"><sheetData><row><c><v>mười</v></c></row></sheetData></worksheet>'},
            "not_an_xlsx",
            "Tệp không phải bảng tính Excel (.xlsx): có ô hoặc định dạng không đọc được.",
        ),
        (
            {SHEET: f'<worksheet xmlns="{MAIN}"><sheetData><row><c t="s"><v>5</v></c></row></sheetData></worksheet>'},
            "not_an_xlsx",
            "Tệp không phải bảng tính Excel (.xlsx): có ô hoặc định dạng không đọc được.",
        ),
        (
            {SHEET: f'<worksheet xmlns="{MAIN}"><sheetData><row r="2000000"/></sheetData></worksheet>'},
            "not_an_xlsx",
            "Tệp không phải bảng tính Excel (.xlsx): có dòng số 2000000, quá số dòng tối đa của Excel.",
        ),
    ],
)
def test_a_broken_workbook_is_refused_in_vietnamese(tmp_path, parts, code, message):
    path = patched(saved(tmp_path / "broken.xlsx", lambda workbook: workbook.active.append(["a"])), parts)
    unsafe = refused(path)
    assert (unsafe.code, unsafe.message) == (code, message)


def test_a_file_that_is_no_zip_is_refused(tmp_path):
    path = tmp_path / "r.xlsx"
    path.write_bytes(b"PK not really")
    assert refused(path).message == "Tệp không phải bảng tính Excel (.xlsx): không đọc được dạng nén zip."


def test_every_roster_door_answers_a_broken_workbook_in_vietnamese(tmp_path, client, chi_bo):
    path = patched(
        saved(tmp_path / "r.xlsx", lambda workbook: workbook.active.append(["Họ và tên"])), {SHEET: "<worksheet>"}
    )
    with pytest.raises(ValueError):  # what the web page's import catches
        roster.read_table(path)
    with pytest.raises(RosterUnreadable) as unreadable:
        from_file(path, BatchOptions(year=2026), 10)
    assert unreadable.value.message == "Không đọc được tệp danh sách r.xlsx: không phải bảng tính Excel (.xlsx) hợp lệ."
    result = CliRunner().invoke(
        members,
        ["import", str(path), "--org", str(chi_bo["id"])],
        env={"PARTYDOCS_DATABASE_URL": client.application.config["DATABASE_URL"]},
    )
    assert result.exit_code == 2
    assert "Lỗi: không đọc được tệp r.xlsx (Phần xl/worksheets/sheet1.xml của bảng tính không phải XML" in result.output


def test_a_worksheet_compressed_with_bzip2_is_refused_before_it_is_inflated(tmp_path):
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(replaced(roster_xlsx(), SHEET, zipfile.ZIP_BZIP2, bzip2_bomb(90 * MIB), 19_000))
    unsafe = refused(path)
    assert (unsafe.code, unsafe.part) == ("unsupported_compression", SHEET) and SHEET in unsafe.message


@pytest.mark.parametrize(
    "parts, code",
    [
        ({"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0"}, "macros_forbidden"),
        (
            {"xl/activeX/activeX1.xml": "<ax:ocx xmlns:ax='http://schemas.microsoft.com/office/2006/activeX'/>"},
            "activex_forbidden",
        ),
        ({"xl/embeddings/oleObject1.bin": b"\xd0\xcf\x11\xe0"}, "ole_object_forbidden"),
        ({"docProps/custom.xml": '<!DOCTYPE x SYSTEM "file:///etc/passwd"><Properties/>'}, "dtd_forbidden"),
    ],
)
def test_active_content_or_a_dtd_in_any_part_is_refused(tmp_path, parts, code):
    path = patched(with_sheet(tmp_path / "r.xlsx", '<row r="1"><c t="n"><v>1</v></c></row>'), parts)
    assert refused(path).code == code and next(iter(parts)) in refused(path).message


def test_an_xinclude_in_the_sheet_is_refused(tmp_path):
    path = with_sheet(
        tmp_path / "r.xlsx",
        '<row r="1"><c t="n"><v>1</v></c></row><xi:include xmlns:xi='
        '"http://www.w3.org/2001/XInclude" href="file:///etc/passwd" parse="text"/>',
    )
    assert refused(path).code == "xinclude_forbidden"


def test_shared_strings_no_cell_uses_are_never_read(tmp_path):
    # Past the strings the cells use, the table is broken: reading it all would refuse the file.
    path = with_sheet(
        tmp_path / "r.xlsx",
        '<row r="1"><c t="s"><v>1</v></c><c t="s"><v>0</v></c></row>',
        ["<si><t>a</t></si>", "<si><t>b</t></si>", "<si><t>c</t></si><si><broken>"],
    )
    assert list(iter_rows(path)) == [["b", "a"]]


def test_a_string_far_into_the_table_is_read_within_a_budget(tmp_path, monkeypatch):
    monkeypatch.setattr(xlsx, "MAX_SHARED_STRINGS_BYTES", 100_000)
    strings = [f"<si><t>{n}</t></si>" for n in range(3000)]
    assert list(iter_rows(with_sheet(tmp_path / "near.xlsx", '<row r="1"><c t="s"><v>999</v></c></row>', strings))) == [
        ["999"]
    ]
    unsafe = refused(with_sheet(tmp_path / "far.xlsx", '<row r="1"><c t="s"><v>2999</v></c></row>', strings))
    assert (unsafe.code, unsafe.too_large) == ("workbook_too_large", True)


def test_a_row_larger_than_the_stream_gap_is_refused_before_it_is_held(tmp_path):
    # Stored, not deflated: a part that compresses a hundredfold is refused for its ratio before this.
    path = with_sheet(tmp_path / "r.xlsx", "")
    row = f'<row r="1"><c t="inlineStr"><is><t>{"x" * (3 * MIB)}</t></is></c></row>'
    unsafe = refused(
        patched(path, {SHEET: part(path, SHEET).replace("<sheetData>", "<sheetData>" + row)}, zipfile.ZIP_STORED)
    )
    assert (unsafe.code, unsafe.too_large, unsafe.part) == ("part_too_complex", True, "xl/worksheets/sheet1.xml")


def test_what_follows_the_rows_is_not_read(tmp_path):
    path = with_sheet(tmp_path / "r.xlsx", '<row r="1"><c t="n"><v>1</v></c></row>')
    sheet = part(path, SHEET).replace("</sheetData>", "</sheetData><mergeCells>" + "<x/>" * 2_000_000)
    patched(path, {SHEET: sheet}, zipfile.ZIP_STORED)  # 8 MB of elements after the rows, never closed
    assert list(iter_rows(path)) == [[1]]
