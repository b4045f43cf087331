"""What goes into the batch ZIP: file names every system can extract, and the manifest.

A chunk writes its documents as ready-made ZIP entries (local header + stored bytes) into a fragment file;
the archive is those fragments copied one after another, the manifests, and a central directory built from
the entries' records at the end, so nothing of the archive is ever held in memory (the writer is
service/render/package.py's ZipWriter). Documents are stored, not deflated again: a DOCX is already compressed.
Dates are fixed so the same job gives the same bytes.
"""

from __future__ import annotations

import csv
import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

# Names ---------------------------------------------------------------------------------------------------

# Characters Windows refuses in a file name (and the separators of every system), and control characters.
_FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{n}" for n in range(1, 10)), *(f"LPT{n}" for n in range(1, 10))}
MAX_NAME = 100


def safe_name(text: str, extension: str = "", max_length: int = MAX_NAME) -> str:
    """A readable Vietnamese file or folder name (NFC) that Windows, macOS, Linux and ZIP tools all accept:
    no separator or reserved character, no leading or trailing dot or space, no device name (CON, LPT1…),
    at most `max_length` characters with the extension."""
    name = " ".join(_FORBIDDEN.sub(" ", unicodedata.normalize("NFC", text)).split())
    limit = max_length - len(extension)
    if len(name) > limit:
        # Cut at a word boundary when there is one in reach: "… Nguyễn", not "… Ng".
        cut = name[: limit + 1]
        name = cut.rsplit(" ", 1)[0] if " " in cut[limit // 2 :] else cut[:limit]
    name = name.strip(" .") or "_"
    if name.split(".")[0].upper() in _RESERVED:
        name = "_" + name
    return name + extension


# The manifest --------------------------------------------------------------------------------------------

MANIFEST_CSV, MANIFEST_JSON = "manifest.csv", "manifest.json"
CSV_HEADER = (
    "Đường dẫn",
    "Loại văn bản",
    "Đảng viên",
    "Mẫu",
    "SHA-256",
    "Kích thước (byte)",
    "Trạng thái",
    "Lý do lỗi",
    "Cảnh báo",
)
STATUS_WORDS = {"done": "đã tạo", "failed": "lỗi"}
GUESSED = "đoán"  # beside a form the roster did not name: guessed from the member's positions


@dataclass(frozen=True)
class ManifestLine:
    path: str | None
    kind: str
    title: str
    member: str | None
    form: str | None
    sha256: str | None
    size: int | None
    status: str
    error: str | None
    guessed: bool = False
    warnings: tuple[str, ...] = ()


class ManifestWriter:
    """Both manifests, written line by line into two temporary files (so a province's costs no memory); the
    JSON one ends with each cell's warnings."""

    def __init__(self, folder: Path, header: dict):
        self.csv_path, self.json_path = folder / ".manifest.csv", folder / ".manifest.json"
        self._csv_file = self.csv_path.open("w", encoding="utf-8-sig", newline="")
        self._csv = csv.writer(self._csv_file)
        self._csv.writerow(CSV_HEADER)
        self._json = self.json_path.open("w", encoding="utf-8")
        self._json.write(json.dumps(header, ensure_ascii=False)[:-1] + ', "documents": [')
        self._first = True
        self._cells: list[dict] = []

    def add(self, line: ManifestLine) -> None:
        form = f"{line.form} ({GUESSED})" if line.form and line.guessed else line.form or ""
        self._csv.writerow(
            (
                line.path or "",
                line.title,
                line.member or "",
                form,
                line.sha256 or "",
                "" if line.size is None else line.size,
                STATUS_WORDS[line.status],
                line.error or "",
                "; ".join(line.warnings),
            )
        )
        record = {
            "path": line.path,
            "kind": line.kind,
            "member": line.member,
            "form": line.form,
            "form_guessed": line.guessed if line.form else None,
            "sha256": line.sha256,
            "size": line.size,
            "status": line.status,
            "error": line.error,
            "warnings": list(line.warnings),
        }
        self._json.write(("\n" if self._first else ",\n") + json.dumps(record, ensure_ascii=False))
        self._first = False

    def add_cell(self, folder: str, warnings: list[str]) -> None:
        self._cells.append({"folder": folder, "warnings": warnings})

    def close(self) -> None:
        self._json.write(
            '\n], "cells": [' + ",\n".join(json.dumps(cell, ensure_ascii=False) for cell in self._cells) + "]}\n"
        )
        self._json.close()
        self._csv_file.close()
