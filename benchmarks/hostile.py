"""Hostile uploads, made in a fraction of a second however much they inflate to: for `python -m benchmarks
uploads` and the tests that keep every upload route bounded.

A bzip2 bomb is one compressed block of zeros repeated: a block's bits are copied side by side and the
stream's combined CRC recomputed, so a 4 KB member that inflates to gigabytes costs no compression time. A
large part that must stay under the compression-ratio limit is made the same way from deflate: a chunk
compressed once, ending on a full flush so that it refers to nothing before it, repeated.
"""

from __future__ import annotations

import bz2
import functools
import io
import random
import zipfile
import zlib
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from benchmarks.rosters import HEADER, roster_table
from service import pipeline
from service.render.package import Member, pack, read_members, unpack, write_members

MIB = 1024 * 1024
_BZIP2_BLOCK = 0x314159265359
_BZIP2_END = 0x177245385090
# A bzip2 block of this many zeros compresses to ~40 bytes (run-length coding before the block sort).
BZIP2_BLOCK_BYTES = 45_000_000
TEMPLATE = ("nghi-quyet-thang", "hd05-2026")
SHEET = "xl/worksheets/sheet1.xml"
SHARED_STRINGS = "xl/sharedStrings.xml"


@functools.cache
def _bzip2_block() -> tuple[int, int, int]:
    """One block of BZIP2_BLOCK_BYTES zeros: its bits as an integer, their count and the block's CRC."""
    stream = bz2.compress(b"\0" * BZIP2_BLOCK_BYTES, 9)
    value, bits = int.from_bytes(stream, "big"), len(stream) * 8
    for padding in range(8):
        end = bits - padding - 80  # where the end-of-stream mark starts
        if (value >> (bits - end - 48)) & ((1 << 48) - 1) == _BZIP2_END:
            break
    else:
        raise ValueError("no end-of-stream mark in a bzip2 stream")
    length = end - 32  # the block, after the 4-byte "BZh9" header
    block = (value >> (bits - end)) & ((1 << length) - 1)
    assert block >> (length - 48) == _BZIP2_BLOCK
    return block, length, (block >> (length - 80)) & 0xFFFFFFFF


def bzip2_bomb(size: int) -> bytes:
    """A bzip2 stream of at least `size` zero bytes made of one block repeated."""
    block, length, crc = _bzip2_block()
    stream, combined = 0, 0
    for _ in range(-(-size // BZIP2_BLOCK_BYTES)):
        stream = (stream << length) | block
        combined = (((combined << 1) | (combined >> 31)) & 0xFFFFFFFF) ^ crc
    bits = length * -(-size // BZIP2_BLOCK_BYTES) + 80
    stream = (((stream << 48) | _BZIP2_END) << 32 | combined) << (-bits % 8)
    return b"BZh9" + stream.to_bytes((bits + -bits % 8) // 8, "big")


def replaced(package: bytes, name: str, method: int, payload: bytes, declared_size: int, crc: int = 0) -> bytes:
    """The package with one member's stored bytes replaced, its zip headers saying what the caller says."""
    return write_members(
        Member(member.name, method, crc, declared_size, payload) if member.name == name else member
        for member in read_members(package)
    )


def bzip2_docx(size: int = 1024 * MIB) -> bytes:
    """The built template of a resolution whose word/document.xml is bzip2 inflating to `size` bytes,
    headers claiming 19 KB."""
    return replaced(pipeline.template_bytes(*TEMPLATE), "word/document.xml", zipfile.ZIP_BZIP2, bzip2_bomb(size), 19_000)


def roster_xlsx(members: int = 3, *, invalid: bool = True) -> bytes:
    """A batch roster as Excel writes it (text in a shared strings table); with `invalid`, its last member
    has no name, so the roster is refused (422)."""
    table = roster_table(members)
    if invalid:
        table[-1][HEADER.index("Họ và tên")] = ""
    workbook = Workbook()
    for row in table:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def bzip2_xlsx(size: int = 1024 * MIB) -> bytes:
    """A roster whose worksheet is bzip2 inflating to `size` bytes, headers claiming 19 KB."""
    return replaced(roster_xlsx(), SHEET, zipfile.ZIP_BZIP2, bzip2_bomb(size), 19_000)


def repeated_deflate(head: bytes, chunk: bytes, times: int, tail: bytes) -> tuple[bytes, int, int]:
    """head + chunk × times + tail deflated, with chunk compressed once: (payload, CRC-32, size)."""

    def flushed(data: bytes, mode: int) -> bytes:
        compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
        return compressor.compress(data) + compressor.flush(mode)

    crc = zlib.crc32(head)
    for _ in range(times):
        crc = zlib.crc32(chunk, crc)
    crc = zlib.crc32(tail, crc)
    payload = flushed(head, zlib.Z_FULL_FLUSH) + flushed(chunk, zlib.Z_FULL_FLUSH) * times + flushed(tail, zlib.Z_FINISH)
    return payload, crc, len(head) + len(chunk) * times + len(tail)


def unused_strings_xlsx(entries: int = 10_000_000, seed: int = 14) -> bytes:
    """An invalid roster (its cells hold their text inline) with a shared strings table of `entries` strings
    no cell uses, compressed about 60:1, within the ratio limit (a 13.9 MB file with 30 million of them took
    158 s and 2.4 GB)."""
    rng = random.Random(seed)
    # Mostly one short string, now and then a random one: what keeps the ratio near 60.
    chunk = b"".join(b"<si><t>%s</t></si>" % (rng.randbytes(3).hex().encode() if n % 24 == 0 else b"x") for n in range(4096))
    payload, crc, size = repeated_deflate(b'<sst xmlns="%s">' % _SPREADSHEET, chunk, -(-entries // 4096), b"</sst>")
    members = []
    for member in read_members(roster_xlsx()):
        if member.name in _DECLARING:
            member = pack(member.name, unpack(member).replace(*_DECLARING[member.name]))
        members.append(member)
    return write_members(members + [Member(SHARED_STRINGS, zipfile.ZIP_DEFLATED, crc, size, payload)])


_SPREADSHEET = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"
# Where a workbook names its shared strings part: its relationships and the content types.
_DECLARING = {
    "xl/_rels/workbook.xml.rels": (
        b"</Relationships>",
        b'<Relationship Id="rIdStrings" Target="sharedStrings.xml" '
        b'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        b'sharedStrings"/></Relationships>',
    ),
    "[Content_Types].xml": (
        b"</Types>",
        b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
        b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
    ),
}


def error_csv(rows: int) -> bytes:
    """A batch roster in CSV whose every row is wrong (no name, a date that does not exist)."""
    lines = [",".join(HEADER)]
    line = ",".join(["1", "Đảng bộ xã An Phú", "Chi bộ Thôn Đông", "An Phú", "", "31/02/1970"] + [""] * (len(HEADER) - 6))
    return ("\n".join(lines + [line] * rows) + "\n").encode("utf-8")


def files() -> dict[str, Any]:
    """Each hostile file by name, built once per process."""
    return {
        "bzip2 DOCX (1 GiB)": bzip2_docx(),
        "bzip2 XLSX (1 GiB)": bzip2_xlsx(),
        "CSV of 600,000 wrong rows": error_csv(600_000),
        "XLSX, 10 million unused shared strings": unused_strings_xlsx(),
    }


def write(folder: Path) -> None:
    for name, data in files().items():
        (folder / name).write_bytes(data)
