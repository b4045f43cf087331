"""The batch ZIP: file names every system can extract, entries written as they come (ZIP64 when the archive
outgrows 4 GiB or 65,535 entries), and the manifest.

A chunk writes its documents as ready-made ZIP entries (local header + stored bytes) into a fragment file;
the archive is those fragments copied one after another, the manifests, and a central directory built from
the entries' records at the end, so nothing of the archive is ever held in memory. Documents are stored, not
deflated again: a DOCX is already compressed. Dates are fixed so the same job gives the same bytes.
"""
from __future__ import annotations

import csv
import hashlib
import json
import re
import struct
import tempfile
import unicodedata
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Iterable

from service.render.package import FIXED_DATE_TIME

STORED, DEFLATED = 0, 8
_LOCAL = struct.Struct("<IHHHHHIIIHH")
_CENTRAL = struct.Struct("<IHHHHHHIIIHHHHHII")
_END = struct.Struct("<IHHHHIIH")
_ZIP64_END = struct.Struct("<IQHHIIQQQQ")
_ZIP64_LOCATOR = struct.Struct("<IIQI")
_ZIP64_EXTRA = 0x0001
_LIMIT32, _LIMIT16 = 0xFFFFFFFF, 0xFFFF
_VERSION, _VERSION_ZIP64 = 20, 45
_MADE_BY = 3 << 8 | _VERSION_ZIP64           # Unix, so that the permissions below apply
_FILE_MODE = 0o100644 << 16
_UTF8 = 0x800
_DOS_DATE = (FIXED_DATE_TIME[0] - 1980) << 9 | FIXED_DATE_TIME[1] << 5 | FIXED_DATE_TIME[2]
_DOS_TIME = FIXED_DATE_TIME[3] << 11 | FIXED_DATE_TIME[4] << 5 | FIXED_DATE_TIME[5] // 2
_COPY_BLOCK = 1 << 20


@dataclass(frozen=True)
class Entry:
    """What the central directory says about one member."""
    name: str
    crc32: int
    size: int
    compressed_size: int
    method: int
    offset: int

    def moved(self, base: int) -> Entry:
        """The same member in an archive where its fragment starts at `base`."""
        return Entry(self.name, self.crc32, self.size, self.compressed_size, self.method, base + self.offset)


def _name_bytes(name: str) -> tuple[bytes, int]:
    encoded = name.encode("utf-8")
    return encoded, (0 if encoded.isascii() else _UTF8)


def local_record(name: str, data: bytes, offset: int = 0) -> tuple[bytes, Entry]:
    """A stored member ready to be written at `offset`: its local header and bytes, and its directory record."""
    entry = Entry(name, zlib.crc32(data), len(data), len(data), STORED, offset)
    return _local_header(entry) + data, entry


def _local_header(entry: Entry) -> bytes:
    if max(entry.size, entry.compressed_size) >= _LIMIT32:
        raise ValueError(f"{entry.name}: a single member of 4 GiB or more is not supported")
    encoded, flags = _name_bytes(entry.name)
    return _LOCAL.pack(0x04034B50, _VERSION, flags, entry.method, _DOS_TIME, _DOS_DATE, entry.crc32,
                       entry.compressed_size, entry.size, len(encoded), 0) + encoded


def data_start(entry: Entry) -> int:
    """Where a member's bytes start, from the start of its local header (written by local_record)."""
    return entry.offset + _LOCAL.size + len(entry.name.encode("utf-8"))


_RECORDS_PER_WRITE = 1000


class ZipWriter:
    """Writes an archive to a binary stream as it goes; `finish` adds the directory of the entries given."""

    def __init__(self, stream: BinaryIO):
        self._stream = stream
        self.offset = 0
        self._sha256 = hashlib.sha256()

    def _write(self, data: bytes) -> None:
        self._stream.write(data)
        self._sha256.update(data)
        self.offset += len(data)

    def add(self, name: str, data: bytes) -> Entry:
        record, entry = local_record(name, data, self.offset)
        self._write(record)
        return entry

    def add_file(self, name: str, path: Path) -> Entry:
        """A file, deflated on its way in through a temporary file, never whole in memory."""
        crc, size = 0, 0
        deflate = zlib.compressobj(6, zlib.DEFLATED, -15)
        with tempfile.TemporaryFile() as spool, path.open("rb") as source:
            while block := source.read(_COPY_BLOCK):
                crc, size = zlib.crc32(block, crc), size + len(block)
                spool.write(deflate.compress(block))
            spool.write(deflate.flush())
            entry = Entry(name, crc, size, spool.tell(), DEFLATED, self.offset)
            self._write(_local_header(entry))
            spool.seek(0)
            while block := spool.read(_COPY_BLOCK):
                self._write(block)
        return entry

    def copy(self, path: Path) -> int:
        """Append a fragment file; returns where it starts (its entries move by that much)."""
        base = self.offset
        with path.open("rb") as source:
            while block := source.read(_COPY_BLOCK):
                self._write(block)
        return base

    def finish(self, entries: Iterable[Entry]) -> str:
        """Write the central directory and end records; returns the archive's SHA-256."""
        start, count = self.offset, 0
        # Records are written a block at a time: a write and a hash update per record cost more than the record.
        block: list[bytes] = []
        for entry in entries:
            block.append(_central(entry))
            count += 1
            if len(block) >= _RECORDS_PER_WRITE:
                self._write(b"".join(block))
                block.clear()
        self._write(b"".join(block))
        size = self.offset - start
        zip64 = count >= _LIMIT16 or start >= _LIMIT32 or size >= _LIMIT32
        if zip64:
            end64 = self.offset
            self._write(_ZIP64_END.pack(0x06064B50, _ZIP64_END.size - 12, _MADE_BY, _VERSION_ZIP64, 0, 0,
                                        count, count, size, start))
            self._write(_ZIP64_LOCATOR.pack(0x07064B50, 0, end64, 1))
        self._write(_END.pack(0x06054B50, 0, 0, min(count, _LIMIT16), min(count, _LIMIT16),
                              min(size, _LIMIT32), min(start, _LIMIT32), 0))
        return self._sha256.hexdigest()


def _central(entry: Entry) -> bytes:
    encoded, flags = _name_bytes(entry.name)
    extra = b""
    offset = entry.offset
    if offset >= _LIMIT32:
        # Sizes stay 32-bit (local_record refuses larger members), so the offset is the only ZIP64 field.
        extra = struct.pack("<HHQ", _ZIP64_EXTRA, 8, offset)
        offset = _LIMIT32
    version = _VERSION_ZIP64 if extra else _VERSION
    return _CENTRAL.pack(0x02014B50, _MADE_BY, version, flags, entry.method, _DOS_TIME, _DOS_DATE, entry.crc32,
                         entry.compressed_size, entry.size, len(encoded), len(extra), 0, 0, 0, _FILE_MODE,
                         offset) + encoded + extra


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
        cut = name[:limit + 1]
        name = cut.rsplit(" ", 1)[0] if " " in cut[limit // 2:] else cut[:limit]
    name = name.strip(" .") or "_"
    if name.split(".")[0].upper() in _RESERVED:
        name = "_" + name
    return name + extension


# The manifest --------------------------------------------------------------------------------------------

MANIFEST_CSV, MANIFEST_JSON = "manifest.csv", "manifest.json"
CSV_HEADER = ("Đường dẫn", "Loại văn bản", "Đảng viên", "Mẫu", "SHA-256", "Kích thước (byte)", "Trạng thái",
              "Lý do lỗi", "Cảnh báo")
STATUS_WORDS = {"done": "đã tạo", "failed": "lỗi"}
GUESSED = "đoán"     # beside a form the roster did not name: guessed from the member's positions


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
        self._csv.writerow((line.path or "", line.title, line.member or "", form, line.sha256 or "",
                            "" if line.size is None else line.size, STATUS_WORDS[line.status], line.error or "",
                            "; ".join(line.warnings)))
        record = {"path": line.path, "kind": line.kind, "member": line.member, "form": line.form,
                  "form_guessed": line.guessed if line.form else None, "sha256": line.sha256, "size": line.size,
                  "status": line.status, "error": line.error, "warnings": list(line.warnings)}
        self._json.write(("\n" if self._first else ",\n") + json.dumps(record, ensure_ascii=False))
        self._first = False

    def add_cell(self, folder: str, warnings: list[str]) -> None:
        self._cells.append({"folder": folder, "warnings": warnings})

    def close(self) -> None:
        self._json.write('\n], "cells": [' + ",\n".join(json.dumps(cell, ensure_ascii=False)
                                                          for cell in self._cells) + "]}\n")
        self._json.close()
        self._csv_file.close()
