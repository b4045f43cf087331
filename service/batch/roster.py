"""The batch's roster: the store's member roster (service/store/roster.py) with the columns a year-end review
needs — đảng bộ, chi bộ, địa danh, the personal form, the self-rating and the self-scores — read from an XLSX
or CSV file, a JSON list, or the rosters of organizations kept in the store.

Every row is checked before anything is planned, and every problem is reported at once (row and column for a
file, a JSON pointer otherwise). Valid rows are kept in a temporary file, not in memory, so a province's
roster costs no more memory than a cell's.
"""

from __future__ import annotations

import csv
import datetime as dt
import pickle
import tempfile
from pathlib import Path
from types import SimpleNamespace
from typing import Any, Iterable, Iterator

from pydantic import Field
from sqlalchemy import select

from service.batch import roles
from service.batch.package import safe_name
from service.findings import Finding, InputInvalid, pointer
from service.kinds.base import ClockTime, Date, Model, ShortText, parse
from service.kinds.review_parts import Line, Points, Regime, ReviewYear, check_regime, check_score, regime_of, review_date
from service.rules.reviews import LevelCode, ReviewRules
from service.safety.packages import DAMAGED, UnsafePackage
from service.store import roster
from service.store.db import Database
from service.store.models import Member, Organization
from service.store.schemas import MemberIn
from service.vietnamese.text import clean


class BatchOptions(Model):
    """What applies to the whole batch. What no roster says about the review meeting (its date, hours, place,
    chair, minute-taker, guests) is printed as a blank to fill in by hand unless given here."""

    year: ReviewYear
    regime: Regime = None
    date: Date | None = Field(
        None,
        title="Ngày họp kiểm điểm",
        description="Ngày của báo cáo tập thể, biên bản và phiếu; để trống: in dòng chấm để ghi tay.",
    )
    place: str | None = Field(
        None,
        title="Địa danh",
        max_length=300,
        description="Địa danh in ở dòng ngày tháng khi danh sách không có cột “Địa danh”.",
    )
    start: ClockTime | None = Field(None, title="Giờ bắt đầu họp")
    end: ClockTime | None = Field(None, title="Giờ kết thúc họp")
    location: Line = Field(None, title="Địa điểm họp")
    chair: Line = Field(None, title="Chủ trì cuộc họp", description="Họ tên, chức vụ: “Nguyễn Văn An, Bí thư Chi bộ”.")
    secretary: Line = Field(None, title="Thư ký (người ghi biên bản)")
    guests: list[ShortText] | None = Field(
        None,
        title="Đại biểu mời",
        max_length=50,
        description="Mỗi dòng một đại biểu (họ tên, chức vụ); danh sách rỗng: "
        "không có đại biểu; để trống: in dòng chấm để ghi tay.",
    )
    summary_upper: Line = Field(
        None,
        title="Cấp trên của đảng bộ",
        description="Dòng đầu tiêu đề bản tổng hợp của đảng bộ (Đảng bộ tỉnh …); để trống: dòng chấm để ghi tay.",
    )

    @property
    def rules(self) -> ReviewRules:
        rules = regime_of(self.year, self.regime)
        if rules is None:
            raise LookupError(f"unknown review regime {self.regime!r}: check() refuses it")
        return rules

    @property
    def review_day(self) -> dt.date:
        """The day rules that count from the review (a new member's six months) count to: the meeting's date,
        else 1 December, when reviews are held."""
        return review_date(self.date, self.year)

    def check(self) -> None:
        findings = check_regime(self.regime)
        if self.start is not None and self.end is not None and self.end <= self.start:
            findings.append(Finding(pointer("end"), "meeting_end_before_start", "Giờ kết thúc họp: phải sau giờ bắt đầu."))
        if findings:
            raise InputInvalid(findings)


class BatchMember(MemberIn):
    """One roster row: a member and the chi bộ they are reviewed in."""

    upper: ShortText = Field(title="Đảng bộ")
    cell: ShortText = Field(title="Chi bộ")
    place: str | None = Field(None, title="Địa danh", max_length=300)
    abbreviation: str = Field(
        "CB", title="Ký hiệu chi bộ", min_length=1, max_length=20, pattern=r"^[A-ZĐ0-9]+(-[A-ZĐ0-9]+)*$"
    )
    form: str | None = Field(
        None,
        title="Mẫu",
        max_length=20,
        description="2A, 2B, 2C (QĐ 366) hoặc 02A, 02B (QĐ 124); để trống: suy ra từ chức vụ.",
    )
    self_rating: LevelCode | None = Field(None, title="Tự xếp loại")
    score_general: Points = Field(None, title="Điểm tiêu chí chung")
    score_tasks: Points = Field(None, title="Điểm nhiệm vụ")
    proposed: LevelCode | None = Field(
        None, title="Chi bộ đề nghị", description="Mức chi bộ đề nghị sau khi biểu quyết; để trống khi chưa họp."
    )
    decided: LevelCode | None = Field(
        None, title="Cấp trên quyết định", description="Mức cấp có thẩm quyền quyết định; để trống khi chưa có."
    )

    @property
    def cell_key(self) -> tuple[str, str]:
        return cell_key(self)


def cell_key(member: Any) -> tuple[str, str]:
    """The cell a row belongs to: the same đảng bộ and chi bộ, whatever the case."""
    return member.upper.casefold(), member.cell.casefold()


def _text(value: Any) -> Any:
    return value


def _decimal(value: Any) -> Any:
    """ "27,5" as Vietnamese write it, or a number as Excel stores it."""
    return value.replace(",", ".") if isinstance(value, str) and value.count(",") == 1 and "." not in value else value


COLUMNS = {
    "Đảng bộ": ("upper", _text),
    "Chi bộ": ("cell", _text),
    "Địa danh": ("place", _text),
    **roster.COLUMNS,
    "Mẫu": ("form", _text),
    "Tự xếp loại": ("self_rating", roster.level_cell),
    "Điểm tiêu chí chung": ("score_general", _decimal),
    "Điểm nhiệm vụ": ("score_tasks", _decimal),
    "Chi bộ đề nghị": ("proposed", roster.level_cell),
    "Cấp trên quyết định": ("decided", roster.level_cell),
}
REQUIRED = {
    "Đảng bộ": "roster_upper_column_missing",
    "Chi bộ": "roster_cell_column_missing",
    "Họ và tên": "roster_name_column_missing",
}


def sheet(max_rows: int) -> roster.Sheet:
    return roster.Sheet(COLUMNS, BatchMember, REQUIRED, max_rows)


def check_member(member: BatchMember, options: BatchOptions) -> list[Finding]:
    """What a row's model cannot see alone: its form in the regime, its scores and rating, its place."""
    rules = options.rules
    findings = check_score(member, rules, level_field="self_rating")
    wrong_form = roles.letter_error(member.form, rules, options.year) if member.form else None
    if wrong_form:
        findings.append(Finding(pointer("form"), "form_not_in_regime", f"Mẫu: {wrong_form}"))
    if not (member.place or options.place):
        findings.append(
            Finding(pointer("place"), "place_missing", "Địa danh: bắt buộc phải nhập (hoặc nhập địa danh chung cho cả đợt).")
        )
    return findings


class Rows:
    """Valid rows kept in a temporary file, read back in their order as often as needed, each with where it
    came from in words its sender knows ("Dòng 5" of a file)."""

    # Rows are pickled a batch at a time: one pickle per row spent more on the field names, repeated in
    # every row, than on the values.
    BATCH = 256

    def __init__(self) -> None:
        self._file = tempfile.TemporaryFile()
        self._pending: list[tuple[str, dict, tuple[str, ...]]] = []
        self.count = 0

    def add(self, member: BatchMember, where: str, warnings: tuple[str, ...] = ()) -> None:
        # The validated values only: rebuilding the model from them skips validation and costs a fifth of
        # unpickling the model itself.
        self._pending.append((where, member.__dict__, warnings))
        self.count += 1
        if len(self._pending) == self.BATCH:
            self._flush()

    def _flush(self) -> None:
        if self._pending:
            self._file.seek(0, 2)
            pickle.dump(self._pending, self._file, protocol=pickle.HIGHEST_PROTOCOL)
            self._pending = []

    def _read(self) -> Iterator[tuple[str, dict, tuple[str, ...]]]:
        self._flush()
        self._file.seek(0)
        left = self.count
        while left:
            batch = pickle.load(self._file)
            left -= len(batch)
            yield from batch

    def __iter__(self) -> Iterator[BatchMember]:
        return (BatchMember.model_construct(**values) for _, values, _ in self._read())

    def records(self) -> Iterator[tuple[str, SimpleNamespace, tuple[str, ...]]]:
        """Each row's place, validated values (as plain attributes: a read that needs no model costs a tenth as
        much) and the warnings its checks gave when it was read."""
        return ((where, SimpleNamespace(**values), warnings) for where, values, warnings in self._read())

    def close(self) -> None:
        self._file.close()


def _spooled(members: Iterable[tuple[str, BatchMember, tuple[str, ...]]]) -> Rows:
    rows = Rows()
    try:
        for where, member, warnings in members:
            rows.add(member, where, warnings)
    except BaseException:
        rows.close()
        raise
    if not rows.count:
        rows.close()
        raise InputInvalid([Finding("", "roster_no_members", "Danh sách không có đảng viên nào.")])
    return rows


_MAX_ERRORS = roster.MAX_ERRORS


def from_table(table: Iterable[list[Any]], options: BatchOptions, max_rows: int, *, max_errors: int = _MAX_ERRORS) -> Rows:
    """A spreadsheet's rows (the first is the header) → valid rows, or InputInvalid naming rows and columns
    (the first `max_errors` problems: reading stops there)."""
    options.check()
    check = _Checked(options)
    valid = roster.iter_valid(table, sheet(max_rows), check, max_errors=max_errors)
    # iter_valid checks a row just before it yields it: the warnings found then are that row's.
    return _spooled((f"Dòng {number}", member, check.warnings) for number, member in valid)


class _Checked:
    """check_member for a reader that keeps only errors: the last row's warnings are kept here."""

    def __init__(self, options: BatchOptions):
        self.options, self.warnings = options, ()

    def __call__(self, member: BatchMember) -> list[Finding]:
        findings = check_member(member, self.options)
        self.warnings = tuple(finding.message for finding in findings if finding.severity == "warning")
        return findings


class RosterUnreadable(ValueError):
    """The file is no roster this service can read; `message` says why in Vietnamese."""

    def __init__(self, code: str, message: str, *, too_large: bool = False):
        super().__init__(message)
        self.code, self.message, self.too_large = code, message, too_large


def from_file(
    path: Path, options: BatchOptions, max_rows: int, name: str | None = None, *, max_errors: int = _MAX_ERRORS
) -> Rows:
    """An XLSX or CSV roster → valid rows, InputInvalid naming rows and columns, or RosterUnreadable (whose
    message names the file as `name`, the name its sender knows)."""
    name = name or path.name
    try:
        return from_table(roster.iter_table(path), options, max_rows, max_errors=max_errors)
    except csv.Error:
        reason = "có ô dài quá giới hạn hoặc không đúng định dạng CSV"
    except UnicodeDecodeError:
        reason = "không phải văn bản UTF-8"
    except UnsafePackage as unsafe:
        if unsafe.code not in DAMAGED:
            raise RosterUnreadable(unsafe.code, unsafe.message, too_large=unsafe.too_large) from None
        reason = "không phải bảng tính Excel (.xlsx) hợp lệ"
    raise RosterUnreadable("roster_unreadable", f"Không đọc được tệp danh sách {name}: {reason}.")


WRONG_TYPE = "roster_file_type"


def from_upload(upload: Any, options: BatchOptions, max_rows: int, *, max_errors: int = _MAX_ERRORS) -> tuple[str, Rows]:
    """An uploaded roster (a werkzeug FileStorage with a file name) → the name it is known by, made safe, and
    its valid rows; RosterUnreadable (code WRONG_TYPE for a file that is not .xlsx or .csv) or InputInvalid.
    The file is read from a temporary copy that is gone when this returns."""
    name = safe_name(Path(upload.filename).name)
    suffix = Path(name).suffix.lower()
    if suffix not in roster.SUFFIXES:
        raise RosterUnreadable(WRONG_TYPE, "Tệp danh sách: phải là bảng tính Excel (.xlsx) hoặc CSV (.csv).")
    with tempfile.TemporaryDirectory(prefix="roster-") as folder:
        path = Path(folder) / f"roster{suffix}"
        upload.save(path)
        return name, from_file(path, options, max_rows, name, max_errors=max_errors)


def from_json(members: Any, options: BatchOptions, max_rows: int) -> Rows:
    """A JSON list of rows (the fields of BatchMember) → valid rows, or InputInvalid with /members/… pointers."""
    options.check()
    if not isinstance(members, list) or not members:
        raise InputInvalid(
            [
                Finding(
                    pointer("members"),
                    "members_missing",
                    "Danh sách đảng viên (members): phải là một danh sách có ít nhất một người.",
                )
            ]
        )
    if len(members) > max_rows:
        raise InputInvalid(
            [
                Finding(
                    pointer("members"),
                    "roster_too_long",
                    f"Danh sách có {len(members)} người, nhiều hơn {max_rows} người cho phép.",
                )
            ]
        )
    return _spooled(_checked(members, options))


def _checked(members: list[Any], options: BatchOptions) -> Iterator[tuple[str, BatchMember, tuple[str, ...]]]:
    findings: list[Finding] = []
    for index, data in enumerate(members):
        member, errors = parse(BatchMember, _cleaned(data))
        warnings: tuple[str, ...] = ()
        if member is not None:
            checked = check_member(member, options)
            errors = [error for error in checked if error.severity == "error"]
            warnings = tuple(warning.message for warning in checked if warning.severity == "warning")
        findings += [Finding(pointer("members", index) + error.pointer, error.code, error.message) for error in errors]
        if not findings:
            yield f"Người thứ {index + 1}", member, warnings
    if findings:
        raise InputInvalid(findings)


def _cleaned(data: Any) -> Any:
    if not isinstance(data, dict):
        return data
    return {key: clean(value) if isinstance(value, str) else value for key, value in data.items()}


def from_organizations(
    database: Database, organization_ids: Any, options: BatchOptions, max_rows: int, within: frozenset[int] | None = None
) -> Rows:
    """The active members kept in the store for each chi bộ named (a đảng bộ stands for its chi bộ); an
    organization outside `within` (an API key's reach) is not found, like one that does not exist."""
    options.check()
    if (
        not isinstance(organization_ids, list)
        or not organization_ids
        or not all(isinstance(i, int) and not isinstance(i, bool) for i in organization_ids)
    ):
        raise InputInvalid(
            [
                Finding(
                    pointer("organization_ids"),
                    "organization_ids_invalid",
                    "Mã tổ chức (organization_ids): phải là danh sách các số nguyên.",
                )
            ]
        )
    with database.read() as session:
        cells = _cells(session, organization_ids, within)
        rows = [
            _stored_member(organization, member)
            for organization in cells
            for member in session.scalars(
                select(Member).where(Member.organization_id == organization.id, Member.active.is_(True)).order_by(Member.id)
            )
        ]
    if len(rows) > max_rows:
        raise InputInvalid(
            [
                Finding(
                    pointer("organization_ids"),
                    "roster_too_long",
                    f"Các tổ chức có {len(rows)} đảng viên, nhiều hơn {max_rows} người cho phép.",
                )
            ]
        )
    return _spooled(_checked(rows, options))


def _cells(session, organization_ids: list[int], within: frozenset[int] | None) -> list[Organization]:
    cells, missing = [], []
    for index, organization_id in enumerate(organization_ids):
        reachable = 0 < organization_id < 2**31 and (within is None or organization_id in within)
        organization = session.get(Organization, organization_id) if reachable else None
        if organization is None:
            missing.append(
                Finding(
                    pointer("organization_ids", index),
                    "organization_not_found",
                    f"Không tìm thấy tổ chức đảng mã số {organization_id}.",
                )
            )
        elif organization.upper is None and organization.level == "chi_bo":
            missing.append(
                Finding(
                    pointer("organization_ids", index),
                    "organization_upper_missing",
                    f"Tổ chức “{organization.name}” chưa ghi tên đảng bộ cấp trên.",
                )
            )
        elif organization.level == "dang_bo":
            cells += session.scalars(
                select(Organization).where(Organization.parent_id == organization.id).order_by(Organization.id)
            )
        else:
            cells.append(organization)
    if missing:
        raise InputInvalid(missing)
    return cells


def _stored_member(organization: Organization, member: Member) -> dict[str, Any]:
    values = {field: getattr(member, field) for field in MemberIn.model_fields}
    return {
        **{k: v for k, v in values.items() if v is not None},
        "upper": organization.upper,
        "cell": organization.name,
        "place": organization.place,
        "abbreviation": organization.abbreviation,
    }
