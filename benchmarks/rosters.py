"""Generated year-end rosters, the same for a seed on every run: đảng bộ of chi bộ of 12 to 30 members, each
cell with a secretary and a deputy, some probationary, retired or exempt members, and self-ratings with
scores that fit the 2025 regime's bands. For the batch benchmark and tests.
"""

from __future__ import annotations

import csv
import random
from pathlib import Path
from typing import Any

from openpyxl import Workbook

HEADER = [
    "STT",
    "Đảng bộ",
    "Chi bộ",
    "Địa danh",
    "Họ và tên",
    "Ngày sinh",
    "Giới tính",
    "Chính thức/dự bị",
    "Chức vụ đảng",
    "Chức vụ chính quyền",
    "Chức vụ đoàn thể",
    "Đơn vị",
    "Miễn sinh hoạt",
    "Mẫu",
    "Tự xếp loại",
    "Điểm tiêu chí chung",
    "Điểm nhiệm vụ",
]
FAMILY = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Huỳnh",
    "Phan",
    "Vũ",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
    "Lý",
]
MIDDLE = ["Văn", "Thị", "Hữu", "Đức", "Minh", "Ngọc", "Thanh", "Quốc", "Thu", "Xuân"]
GIVEN = [
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Đức",
    "Giang",
    "Hà",
    "Hải",
    "Hằng",
    "Hùng",
    "Khánh",
    "Lan",
    "Long",
    "Mai",
    "Minh",
    "Nga",
    "Phúc",
    "Quang",
    "Sơn",
    "Thảo",
    "Thu",
    "Tùng",
    "Uyên",
    "Vinh",
    "Xuân",
    "Yến",
]
COMMUNES = ["An Phú", "Bình Minh", "Tân Hòa", "Phú Lộc", "Hòa Bình", "Thạnh Mỹ", "Đông Sơn", "Vĩnh Lợi"]
CELLS_PER_COMMUNE = 40
# (level, general score range, tasks score range): totals inside the level's band of QĐ 366.
RATINGS = [
    ("HTTNV", (22, 28), (50, 60)),
    ("HTTNV", (24, 29), (52, 60)),
    ("HTXSNV", (28, 30), (63, 70)),
    ("HTNV", (15, 20), (36, 45)),
    ("", None, None),
]


def roster_table(members: int, seed: int = 7) -> list[list[Any]]:
    """A header and `members` rows."""
    rng = random.Random(seed)
    rows: list[list[Any]] = [HEADER]
    cell = 0
    while len(rows) - 1 < members:
        size = min(rng.randint(12, 30), members - (len(rows) - 1))
        rows += _cell_rows(rng, cell, size, len(rows))
        cell += 1
    return rows


def _cell_rows(rng: random.Random, cell: int, size: int, first_number: int) -> list[list[Any]]:
    commune = COMMUNES[cell // CELLS_PER_COMMUNE % len(COMMUNES)]
    upper, name = f"Đảng bộ xã {commune}", f"Chi bộ Thôn {cell % CELLS_PER_COMMUNE + 1}"
    if cell >= CELLS_PER_COMMUNE * len(COMMUNES):
        upper += f" {cell // (CELLS_PER_COMMUNE * len(COMMUNES)) + 1}"
    rows = []
    for index in range(size):
        party = "Bí thư Chi bộ" if index == 0 else "Phó Bí thư Chi bộ" if index == 1 else ""
        government = "Trưởng thôn" if index == 2 else ""
        unit = "Cán bộ hưu trí" if rng.random() < 0.2 else f"Thôn {cell % CELLS_PER_COMMUNE + 1}"
        probationary = index > 2 and rng.random() < 0.08
        exempt = index > 2 and not probationary and rng.random() < 0.02
        level, general, tasks = rng.choice(RATINGS)
        rows.append(
            [
                first_number + index,
                upper,
                name,
                commune,
                _name(rng),
                f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{rng.randint(1950, 2001)}",
                rng.choice(["Nam", "Nữ"]),
                "Dự bị" if probationary else "Chính thức",
                party,
                government,
                "Chi hội trưởng Phụ nữ" if index == 3 else "",
                unit,
                "x" if exempt else "",
                "",
                level,
                rng.randint(*general) if general else "",
                rng.randint(*tasks) if tasks else "",
            ]
        )
    return rows


def _name(rng: random.Random) -> str:
    return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"


def write_csv(table: list[list[Any]], path: Path) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as stream:
        csv.writer(stream).writerows(table)
    return path


def write_xlsx(table: list[list[Any]], path: Path) -> Path:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Danh sách kiểm điểm")
    for row in table:
        sheet.append(row)
    workbook.save(path)
    return path


# A district (huyện) as the year-end review sees it: about 7,700 members in about 60 đảng bộ and 370 chi bộ of 5 to
# 45 members — communes whose chi bộ are hamlets (retired members, farmers, a few officials) and agencies whose
# chi bộ are offices (heads and deputies, civil servants) — with probationary members, some admitted within six
# months of the review, exempt members, and namesakes as the generator's short list of names makes them.
DISTRICT_HEADER = HEADER[:8] + ["Ngày vào Đảng"] + HEADER[8:]
DISTRICT = {"dang_bo": 60, "chi_bo": 370, "smallest": 5, "largest": 45, "mode": 13}
AGENCIES = [
    "Cơ quan Ủy ban nhân dân huyện",
    "Trường Trung học phổ thông",
    "Bệnh viện Đa khoa huyện",
    "Chi cục Thuế khu vực",
    "Công an huyện",
    "Ban Quản lý dự án huyện",
]
OFFICES = [
    "Phòng Tổ chức - Hành chính",
    "Phòng Kế hoạch - Tài chính",
    "Phòng Nghiệp vụ",
    "Tổ Kiểm tra",
    "Đội Quản lý",
    "Văn phòng",
]


def district_table(seed: int = 11) -> list[list[Any]]:
    """A header and one row per member of a district-shaped roster."""
    rng = random.Random(seed)
    rows: list[list[Any]] = [DISTRICT_HEADER]
    cells_of = _spread(rng, DISTRICT["chi_bo"], DISTRICT["dang_bo"])
    for number, cells in enumerate(cells_of):
        agency = number % 5 == 4
        upper = (
            f"Đảng bộ {AGENCIES[number % len(AGENCIES)]} {number // len(AGENCIES) + 1}"
            if agency
            else f"Đảng bộ xã {COMMUNES[number % len(COMMUNES)]} {number // len(COMMUNES) + 1}"
        )
        for index in range(cells):
            size = round(rng.triangular(DISTRICT["smallest"], DISTRICT["largest"], DISTRICT["mode"]))
            name = (
                f"Chi bộ {OFFICES[index % len(OFFICES)]} {index // len(OFFICES) + 1}"
                if agency
                else f"Chi bộ Thôn {index + 1}"
            )
            place = COMMUNES[number % len(COMMUNES)]
            rows += [_district_row(rng, upper, name, place, agency, position, len(rows)) for position in range(size)]
    return rows


def _spread(rng: random.Random, cells: int, groups: int) -> list[int]:
    """`cells` chi bộ over `groups` đảng bộ, at least two each."""
    counts = [2] * groups
    for _ in range(cells - 2 * groups):
        counts[rng.randrange(groups)] += 1
    return counts


def _district_row(rng: random.Random, upper: str, cell: str, place: str, agency: bool, index: int, number: int) -> list[Any]:
    party = "Bí thư Chi bộ" if index == 0 else "Phó Bí thư Chi bộ" if index == 1 else ""
    if agency:
        government = rng.choice(
            [
                "Trưởng phòng",
                "Phó Trưởng phòng",
                "Chuyên viên",
                "Chuyên viên",
                "Chuyên viên",
                "Đội trưởng",
                "Phó Giám đốc",
                "Giáo viên",
                "Bác sĩ",
            ]
        )
        unit = upper.removeprefix("Đảng bộ ")
    else:
        government = "Trưởng thôn" if index == 2 else ""
        unit = rng.choice(
            [
                "Cán bộ hưu trí",
                "Cán bộ hưu trí",
                "Làm nông",
                "Thôn",
                "Giáo viên Trường Tiểu học",
                "Công ty TNHH May Phú Thành",
                "Sinh viên",
            ]
        )
    probationary = index > 2 and rng.random() < 0.06
    exempt = index > 2 and not probationary and rng.random() < 0.02
    admitted = (
        f"{rng.randint(1, 28):02d}/{rng.randint(1, 11):02d}/2026"
        if probationary
        else f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{rng.randint(1975, 2024)}"
    )
    level, general, tasks = rng.choice(RATINGS)
    return [
        number,
        upper,
        cell,
        place,
        _name(rng),
        f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{rng.randint(1950, 2003)}",
        rng.choice(["Nam", "Nữ"]),
        "Dự bị" if probationary else "Chính thức",
        admitted,
        party,
        government,
        "",
        unit,
        "x" if exempt else "",
        "",
        level,
        rng.randint(*general) if general else "",
        rng.randint(*tasks) if tasks else "",
    ]
