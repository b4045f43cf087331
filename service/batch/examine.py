"""One pass over a valid roster before anything is planned: who reviews in each cell and in which order, each
member's form (given or guessed), what tells namesakes apart, what the rows say against each other, and the
HTXSNV quota per cell and per đảng bộ — the check report a secretary reads before any document is made.

Rows are read from their spool and kept as small records (a placement per row, a few counts per cell), so
the pass costs little memory however long the roster; planning reads the spool again with the placements.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field
from typing import Any, Iterable

from service.batch import roles
from service.batch.package import safe_name
from service.batch.roster import BatchMember, BatchOptions, Rows, cell_key
from service.kinds.review_parts import admitted_recently, distinctions, level_counts, proposal_of, quota_excess
from service.rules.reviews import LEVEL_CODES, ReviewRules, Role
from service.vietnamese.dates import slash_date
from service.vietnamese.names import name_sort_key
from service.vietnamese.syllables import split_tone

FOLDER_LENGTH = 60  # folder names short enough that extracted paths stay under Windows' 260


@dataclass(frozen=True, slots=True)
class Placement:
    """Where one roster row lands: its cell, its number in the minutes (None: not reviewed), the name it is
    printed and filed under, and its form."""

    cell: int
    position: int | None
    name: str
    distinction: str | None
    role: Role
    letter: str
    guessed: bool
    warnings: tuple[str, ...] = ()

    @property
    def shown(self) -> str:
        """ "Nguyễn Thị Hương (1980)": the name with what tells it from a namesake of the same cell."""
        return f"{self.name} ({self.distinction})" if self.distinction else self.name


@dataclass(slots=True)
class Reviewed:
    """A reviewed member as the cell's minutes, slips and summary list them."""

    name: str
    distinction: str | None
    probationary: bool
    self_rating: str | None
    proposed: str | None
    decided: str | None


@dataclass
class Cell:
    """What a cell's own documents and its line of the summary need."""

    number: int
    organization: dict[str, Any]
    folder: str
    official: int = 0
    probationary: int = 0
    exempt: int = 0
    exempt_official: int = 0
    secretary: tuple[str, str] | None = None  # (name, party position) of its Bí thư
    deputy: tuple[str, str] | None = None
    reviewed: list[Reviewed] = field(default_factory=list)  # in STT order
    not_reviewed: list[tuple[str, str]] = field(default_factory=list)  # (name, reason)
    warnings: list[str] = field(default_factory=list)

    @property
    def upper(self) -> str:
        return self.organization["upper"]

    @property
    def name(self) -> str:
        return self.organization["name"]


@dataclass(frozen=True, slots=True)
class Guessed:
    where: str
    cell: str
    name: str
    letter: str
    reason: str
    ambiguous: bool

    def line(self) -> str:
        flag = " — cần ghi rõ cột “Mẫu”" if self.ambiguous else ""
        return f"{self.where} ({self.cell}) {self.name}: Mẫu {self.letter}, đoán vì {self.reason}{flag}"


@dataclass
class Examined:
    placements: list[Placement]  # one per row of the spool, in its order
    cells: list[Cell]  # in the order the roster first names them
    warnings: list[str]  # the roster's, its cells' and its đảng bộ's
    guessed: list[Guessed]  # the report prints one line each
    guessed_total: int
    ambiguous_total: int

    @property
    def members(self) -> int:
        return len(self.placements)


# The pass ------------------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Row:
    """What the pass keeps of a row until its cell is complete (not the row itself, nor its name's sort key: a
    province's roster would stay in memory)."""

    index: int
    where: str
    name: str
    birth_date: dt.date | None
    unit: str | None
    reviewed: bool
    choice: roles.FormChoice
    exempt: bool
    levels: tuple[bool, str | None, str | None, str | None]  # probationary, self rating, proposed, decided
    warnings: tuple[str, ...] = ()


def examine(rows: Rows, options: BatchOptions) -> Examined:
    """Every active row placed, every cell counted, every contradiction and guess reported."""
    rules = options.rules
    cells: dict[tuple[str, str], Cell] = {}
    members: dict[int, list[_Row]] = {}
    warnings: list[str] = []
    guessed: list[Guessed] = []
    ambiguous = 0
    seen: dict[tuple, str] = {}
    placements: list[Placement | None] = []
    for index, (where, member, read_warnings) in enumerate(rows.records()):
        placements.append(None)
        if not member.active:
            continue
        key = cell_key(member)
        cell = cells.get(key)
        if cell is None:
            cell = cells[key] = _new_cell(len(cells) + 1, member, options)
            members[cell.number] = []
        row = _row(index, where, member, read_warnings, options, rules)
        _count(cell, member)
        members[cell.number].append(row)
        _duplicate(row, cell, seen, warnings)
        if row.choice.guessed and row.reviewed:
            guessed.append(
                Guessed(where, cell.name, row.name, row.choice.letter, row.choice.guess.reason, row.choice.guess.ambiguous)
            )
            ambiguous += row.choice.guess.ambiguous
    for cell in cells.values():
        for placement_index, placement in _place(cell, members[cell.number], rules):
            placements[placement_index] = placement
        warnings += [f"{cell.name} ({cell.upper}): {warning}" for warning in cell.warnings]
    warnings += _quota_warnings(cells.values(), rules)
    member_warnings = [
        f"{row.where} ({cell_name}) {row.name}: {warning}"
        for cell_name, cell_rows in ((c.name, members[c.number]) for c in cells.values())
        for row in cell_rows
        for warning in row.warnings
    ]
    return Examined(
        [p for p in placements if p is not None],
        list(cells.values()),
        member_warnings + warnings,
        guessed,
        len(guessed),
        ambiguous,
    )


def _new_cell(number: int, member: BatchMember, options: BatchOptions) -> Cell:
    organization = {
        "upper": member.upper,
        "name": member.cell,
        "abbreviation": member.abbreviation,
        "place": member.place or options.place,
    }
    folder = f"{safe_name(member.upper, max_length=FOLDER_LENGTH)}/{safe_name(member.cell, max_length=FOLDER_LENGTH)}"
    return Cell(number, organization, folder)


def _count(cell: Cell, member: BatchMember) -> None:
    official = member.status == "official"
    cell.official += official
    cell.probationary += not official
    if member.exempt:
        cell.exempt += 1
        cell.exempt_official += official
    post = roles.party_post(member.party_position)
    holder = (member.full_name, member.party_position or "")
    if post == "deputy":
        cell.deputy = cell.deputy or holder
    elif post == "secretary":
        if cell.secretary is not None:
            cell.warnings.append(
                f"có hai Bí thư: {cell.secretary[0]} và {member.full_name}; người ký báo cáo là "
                f"{cell.secretary[0]} — kiểm tra lại cột “Chức vụ đảng”"
            )
        cell.secretary = cell.secretary or holder


def _row(
    index: int, where: str, member: BatchMember, read_warnings: tuple[str, ...], options: BatchOptions, rules: ReviewRules
) -> _Row:
    choice = roles.choose(member.form, member, rules)
    row = _Row(
        index,
        where,
        member.full_name,
        member.birth_date,
        member.unit,
        True,
        choice,
        member.exempt,
        (member.status == "probationary", member.self_rating, member.proposed, member.decided),
    )
    if member.exempt:
        row.reviewed = False
        if member.self_rating:
            row.warnings += (
                "được miễn công tác và sinh hoạt đảng (không kiểm điểm) nhưng có ghi “Tự xếp loại”; kiểm tra lại",
            )
    elif admitted_recently(member.admitted_on, options.review_day, rules):
        row.reviewed = False
        row.warnings += (
            f"vào Đảng ngày {slash_date(member.admitted_on)}, chưa đủ {rules.new_member_months} "
            f"tháng đến ngày kiểm điểm {slash_date(options.review_day)}: theo {rules.short_name} "
            "không kiểm điểm, xếp loại; không tạo bản kiểm điểm, không có tên trên phiếu",
        )
    if row.reviewed:
        if choice.guess.ambiguous and choice.guessed:
            row.warnings += (
                f"chưa rõ mẫu bản kiểm điểm: {choice.guess.reason}; tạm dùng Mẫu {choice.letter}, "
                "đề nghị ghi rõ cột “Mẫu” ("
                + " hoặc ".join(dict.fromkeys(roles.letter_of(r, rules) for r in choice.guess.alternatives))
                + ")",
            )
        contradiction = roles.conflict(choice, rules)
        if contradiction:
            row.warnings += (contradiction,)
        row.warnings += read_warnings  # a level below its score's band…
    return row


def _canonical(name: str) -> str:
    """A short text equal for names written alike but for case, spacing or where the tone mark sits."""
    return " ".join(map(_canonical_word, name.casefold().split()))


@functools.lru_cache(maxsize=8192)  # a roster's names are made of a few thousand words
def _canonical_word(word: str) -> str:
    letters, tones = split_tone(word)
    return letters + "".join(map(str, tones))


def _duplicate(row: _Row, cell: Cell, seen: dict[tuple, str], warnings: list[str]) -> None:
    """The same name and birth date twice in the roster: most likely one member typed twice."""
    if row.birth_date is None:
        return
    key = (_canonical(row.name), row.birth_date)
    if key in seen:
        warnings.append(
            f"{seen[key]} và {row.where.lower()}: cùng họ tên “{row.name}” và ngày sinh "
            f"{slash_date(row.birth_date)} — có thể một đảng viên được ghi hai lần ({cell.name})"
        )
    else:
        seen[key] = row.where


def _place(cell: Cell, rows: list[_Row], rules: ReviewRules) -> Iterable[tuple[int, Placement]]:
    """The cell's rows in STT order (Vietnamese name order, namesakes by what tells them apart, then roster
    order), numbered; the cell's minutes, slips and book follow this order."""
    keys = {row.index: name_sort_key(row.name) for row in rows}
    distinctions = _distinctions(rows, keys)
    reviewed = sorted(
        (row for row in rows if row.reviewed),
        key=lambda row: (keys[row.index], _distinction_key(row, distinctions[row.index]), row.index),
    )
    positions = {row.index: number for number, row in enumerate(reviewed, 1)}
    for row in reviewed:
        cell.reviewed.append(Reviewed(row.name, distinctions[row.index], *row.levels))
    for row in rows:
        if not row.reviewed:
            cell.not_reviewed.append((_shown(row.name, distinctions[row.index]), _reason(row, rules)))
    cell.warnings += _namesakes(rows, keys, distinctions)
    if rows and not reviewed:
        cell.warnings.append(
            "không có đảng viên nào phải kiểm điểm (tất cả được miễn hoặc mới vào Đảng): không tạo "
            "biên bản và phiếu xếp loại"
        )
    if reviewed and cell.secretary is None and cell.deputy is None:
        cell.warnings.append("danh sách không có Bí thư, Phó Bí thư: tên người ký báo cáo để trống")
    for row in rows:
        yield (
            row.index,
            Placement(
                cell.number,
                positions.get(row.index),
                row.name,
                distinctions[row.index],
                row.choice.role,
                row.choice.letter,
                row.choice.guessed,
                row.warnings,
            ),
        )


def _namesakes(rows: list[_Row], keys: dict[int, tuple], distinctions: dict[int, str | None]) -> list[str]:
    """How namesakes are told apart on slips, minutes and file names — by the roster's row only when nothing
    else differs, which the roster should fix."""
    groups: dict[tuple, list[_Row]] = {}
    for row in rows:
        if distinctions[row.index] is not None:
            groups.setdefault(keys[row.index], []).append(row)
    found = []
    for group in groups.values():
        told = ", ".join(distinctions[row.index] for row in group)
        if all(row.where.lower() == distinctions[row.index] for row in group):
            found.append(
                f"{len(group)} đồng chí cùng họ tên “{group[0].name}” không phân biệt được bằng ngày "
                f"sinh hay đơn vị: phiếu, biên bản và tên tệp ghi số dòng ({told}); hãy ghi ngày sinh"
            )
        else:
            found.append(
                f"{len(group)} đồng chí cùng họ tên “{group[0].name}”: phiếu, biên bản và tên tệp ghi thêm "
                f"({told}) để phân biệt"
            )
    return found


def _reason(row: _Row, rules: ReviewRules) -> str:
    if row.exempt:
        return "miễn công tác và sinh hoạt đảng"
    return f"vào Đảng chưa đủ {rules.new_member_months} tháng"


def _shown(name: str, distinction: str | None) -> str:
    return f"{name} ({distinction})" if distinction else name


def _distinctions(rows: list[_Row], keys: dict[int, tuple]) -> dict[int, str | None]:
    """For members of one cell sharing a full name: what tells them apart (review_parts.distinctions)."""
    told = distinctions([(keys[row.index], row.birth_date, row.unit, row.where.lower()) for row in rows])
    return {row.index: distinction for row, distinction in zip(rows, told)}


def _distinction_key(row: _Row, distinction: str | None) -> tuple:
    # Birth years and dates sort by time; anything else by its text.
    return (row.birth_date or dt.date.max, distinction or "")


# The quota -----------------------------------------------------------------------------------------------


def _quota_warnings(cells: Iterable[Cell], rules: ReviewRules) -> list[str]:
    warnings: list[str] = []
    uppers: dict[str, dict[str, int]] = {}
    for cell in cells:
        counts = level_counts(proposal_of(member) for member in cell.reviewed)
        excess = quota_excess(counts, rules)
        if excess:
            warnings.append(f"{cell.name} ({cell.upper}): {excess}; cấp có thẩm quyền xem xét theo tỷ lệ")
            cell.warnings.append(f"{excess}; cấp có thẩm quyền xem xét theo tỷ lệ")
        total = uppers.setdefault(cell.upper, dict.fromkeys(LEVEL_CODES, 0))
        for code, count in counts.items():
            total[code] += count
    for upper, counts in uppers.items():
        excess = quota_excess(counts, rules)
        if excess:
            warnings.append(f"{upper} (toàn đảng bộ): {excess}")
    return warnings
