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

HEADER = ["STT", "Đảng bộ", "Chi bộ", "Địa danh", "Họ và tên", "Ngày sinh", "Giới tính", "Chính thức/dự bị",
          "Chức vụ đảng", "Chức vụ chính quyền", "Chức vụ đoàn thể", "Đơn vị", "Miễn sinh hoạt", "Mẫu",
          "Tự xếp loại", "Điểm tiêu chí chung", "Điểm nhiệm vụ"]
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô",
          "Dương", "Lý"]
MIDDLE = ["Văn", "Thị", "Hữu", "Đức", "Minh", "Ngọc", "Thanh", "Quốc", "Thu", "Xuân"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Đức", "Giang", "Hà", "Hải", "Hằng", "Hùng", "Khánh", "Lan", "Long",
         "Mai", "Minh", "Nga", "Phúc", "Quang", "Sơn", "Thảo", "Thu", "Tùng", "Uyên", "Vinh", "Xuân", "Yến"]
COMMUNES = ["An Phú", "Bình Minh", "Tân Hòa", "Phú Lộc", "Hòa Bình", "Thạnh Mỹ", "Đông Sơn", "Vĩnh Lợi"]
CELLS_PER_COMMUNE = 40
# (level, general score range, tasks score range): totals inside the level's band of QĐ 366.
RATINGS = [("HTTNV", (22, 28), (50, 60)), ("HTTNV", (24, 29), (52, 60)), ("HTXSNV", (28, 30), (63, 70)),
           ("HTNV", (15, 20), (36, 45)), ("", None, None)]


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
        rows.append([first_number + index, upper, name, commune, _name(rng),
                     f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{rng.randint(1950, 2001)}",
                     rng.choice(["Nam", "Nữ"]), "Dự bị" if probationary else "Chính thức", party, government,
                     "Chi hội trưởng Phụ nữ" if index == 3 else "", unit, "x" if exempt else "", "", level,
                     rng.randint(*general) if general else "", rng.randint(*tasks) if tasks else ""])
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
