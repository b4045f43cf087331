"""Reading and writing OOXML packages (DOCX files) byte-for-byte reproducibly.

The archive proves a document by its SHA-256, and the template builder must
produce identical files on every run, so nothing that varies between runs
(clock time, dictionary order, compression level) may reach the zip.

The renderer copies every part it did not change as the template's own
compressed bytes, so members are handled in their compressed form here and the
zip container is written by hand: the standard library cannot write a member
it did not compress itself.

This is the service's one zip writer: a DOCX whole in memory (write_members),
and a batch's archive streamed to a file as it grows (ZipWriter: entries
written as they come, ZIP64 when the archive outgrows 4 GiB or 65,535 entries,
nothing of it held in memory). Both share the headers below; they differ only
in the system the archive says made it (a DOCX as zipfile writes it, a batch
archive as Unix, so that extracted files get their permissions).
"""

from __future__ import annotations

import hashlib
import io
import struct
import tempfile
import zipfile
import zlib
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import BinaryIO, Iterable

from isal import isal_zlib

# The earliest timestamp a zip can hold; any constant works, this one is conventional.
FIXED_DATE_TIME = (1980, 1, 1, 0, 0, 0)
COMPRESS_LEVEL = 6
# The parts rendered per document are deflated by ISA-L at its level 1 (pack_rendered): on WordprocessingML
# two to three times as fast as zlib's level 3 for a self-review's body 4% larger, fifteen times as fast on a
# cell's book; zlib had been a fifth of a batch's rendering time. The same input gives the same bytes with the
# pinned ISA-L (requirements.txt) on the same processor family; ISA-L picks its kernels by processor features,
# so elsewhere a rebuild (archive "identical") may deflate differently, as another zlib build may.
RENDER_COMPRESS_LEVEL = 1

# Header layouts: local header; central directory entry up to the local header's offset; end records.
_LOCAL_HEADER = struct.Struct("<4s5HL2L2H")
_CENTRAL_HEADER = struct.Struct("<4s6HL2L5HL")
_OFFSET = struct.Struct("<L")
_END_RECORD = struct.Struct("<4s4H2LH")
_ZIP64_END = struct.Struct("<4sQ2H2L4Q")
_ZIP64_LOCATOR = struct.Struct("<4sLQL")
_ZIP64_EXTRA = 0x0001
_ZIP_VERSION, _ZIP64_VERSION = 20, 45
# A DOCX says what zipfile writes, so that write_package keeps producing the bytes it produced when it was built
# on zipfile; a batch archive says Unix, so that unzip gives extracted files the permissions below.
_DOCX_MADE_BY, _DOCX_EXTERNAL_ATTR = _ZIP_VERSION, 0o644 << 16
_ARCHIVE_MADE_BY, _ARCHIVE_EXTERNAL_ATTR = 3 << 8 | _ZIP64_VERSION, 0o100644 << 16
_UTF8_NAME_FLAG = 0x800
_DOS_DATE = (FIXED_DATE_TIME[0] - 1980) << 9 | FIXED_DATE_TIME[1] << 5 | FIXED_DATE_TIME[2]
_DOS_TIME = FIXED_DATE_TIME[3] << 11 | FIXED_DATE_TIME[4] << 5 | FIXED_DATE_TIME[5] // 2
_ZIP32_LIMIT, _ZIP16_LIMIT = 0xFFFFFFFF, 0xFFFF
STORED, DEFLATED = zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED
_COPY_BLOCK = 1 << 20
_RECORDS_PER_WRITE = 1000


def _local_header(name: bytes, flags: int, method: int, crc: int, compressed: int, size: int) -> bytes:
    return (
        _LOCAL_HEADER.pack(
            b"PK\x03\x04", _ZIP_VERSION, flags, method, _DOS_TIME, _DOS_DATE, crc, compressed, size, len(name), 0
        )
        + name
    )


def _central_header(
    name: bytes,
    flags: int,
    method: int,
    crc: int,
    compressed: int,
    size: int,
    made_by: int,
    external_attr: int,
    version: int = _ZIP_VERSION,
    extra_length: int = 0,
) -> bytes:
    """A central directory entry up to the local header's offset, which follows it, then the name."""
    return _CENTRAL_HEADER.pack(
        b"PK\x01\x02",
        made_by,
        version,
        flags,
        method,
        _DOS_TIME,
        _DOS_DATE,
        crc,
        compressed,
        size,
        len(name),
        extra_length,
        0,
        0,
        0,
        external_attr,
    )


def _end_record(count: int, size: int, start: int) -> bytes:
    return _END_RECORD.pack(
        b"PK\x05\x06",
        0,
        0,
        min(count, _ZIP16_LIMIT),
        min(count, _ZIP16_LIMIT),
        min(size, _ZIP32_LIMIT),
        min(start, _ZIP32_LIMIT),
        0,
    )


@dataclass(frozen=True)
class Member:
    """One zip member in stored form: its bytes exactly as they sit in the archive."""

    name: str
    method: int
    crc: int
    size: int
    payload: bytes
    # The uncompressed bytes, when this process deflated them (pack): whoever reads a document just made
    # (a batch merging its cell's book) need not inflate it again.
    content: bytes | None = field(default=None, compare=False, repr=False)

    @cached_property
    def _headers(self) -> tuple[bytes, bytes, bytes]:
        """Local header, central directory entry up to its offset, and the encoded name;
        members copied into every document build them once."""
        name, flags = _encode_name(self.name)
        if max(self.size, len(self.payload)) >= _ZIP32_LIMIT:
            raise ValueError(f"{self.name}: member too large for a 32-bit zip")
        local = _local_header(name, flags, self.method, self.crc, len(self.payload), self.size)
        central = _central_header(
            name, flags, self.method, self.crc, len(self.payload), self.size, _DOCX_MADE_BY, _DOCX_EXTERNAL_ATTR
        )
        return local, central, name


def pack(name: str, data: bytes, level: int = COMPRESS_LEVEL) -> Member:
    """Deflate data into a member (zlib: templates and other parts made once)."""
    compressor = zlib.compressobj(level, zlib.DEFLATED, -15)
    payload = compressor.compress(data) + compressor.flush()
    return Member(name, zipfile.ZIP_DEFLATED, zlib.crc32(data), len(data), payload, data)


def pack_rendered(name: str, data: bytes) -> Member:
    """Deflate a part made for one document into a member, fast (RENDER_COMPRESS_LEVEL)."""
    return Member(name, zipfile.ZIP_DEFLATED, isal_zlib.crc32(data), len(data), deflate_rendered(data), data)


def deflate_rendered(data: bytes) -> bytes:
    """Raw deflate of a part made for one document (ISA-L; any inflater reads it)."""
    compressor = isal_zlib.compressobj(RENDER_COMPRESS_LEVEL, isal_zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush()


def read_members(data: bytes) -> list[Member]:
    """The members of a zip in archive order, each keeping its compressed bytes."""
    members = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for info in archive.infolist():
            if info.compress_type in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                members.append(_raw_member(data, info))
            else:
                # Word never writes other methods; re-deflating keeps the output readable everywhere.
                members.append(pack(info.filename, archive.read(info)))
    return members


def _raw_member(data: bytes, info: zipfile.ZipInfo) -> Member:
    # The local header's name and extra lengths can differ from the central directory's.
    name_length, extra_length = struct.unpack_from("<2H", data, info.header_offset + 26)
    start = info.header_offset + 30 + name_length + extra_length
    payload = data[start : start + info.compress_size]
    return Member(info.filename, info.compress_type, info.CRC, info.file_size, payload)


def same_content(a: bytes, b: bytes) -> bool:
    """Whether two packages hold the same members in the same order with the same bytes once inflated: the same
    document, however each was deflated."""
    with zipfile.ZipFile(io.BytesIO(a)) as first, zipfile.ZipFile(io.BytesIO(b)) as second:
        names = first.namelist()
        return names == second.namelist() and all(first.read(name) == second.read(name) for name in names)


def unpack(member: Member) -> bytes:
    """The uncompressed content of a member."""
    if member.content is not None:
        return member.content
    if member.method == zipfile.ZIP_STORED:
        return member.payload
    return zlib.decompress(member.payload, -15)


def write_members(members: Iterable[Member]) -> bytes:
    """Zip members in the given order with fixed metadata, payloads copied as they are."""
    chunks, directory, offset = [], [], 0
    for member in members:
        local, central, name = member._headers
        if offset >= _ZIP32_LIMIT:
            raise ValueError(f"{member.name}: package too large for a 32-bit zip")
        chunks += (local, member.payload)
        directory.append(central + _OFFSET.pack(offset) + name)
        offset += len(local) + len(member.payload)
    return b"".join(chunks + directory + [_end_record(len(directory), sum(map(len, directory)), offset)])


def _encode_name(name: str) -> tuple[bytes, int]:
    try:
        return name.encode("ascii"), 0
    except UnicodeEncodeError:
        return name.encode("utf-8"), _UTF8_NAME_FLAG


def write_package(members: Iterable[tuple[str, bytes]]) -> bytes:
    """Zip (name, data) pairs in the given order with fixed metadata."""
    return write_members(pack(name, data) for name, data in members)


# A batch's archive, streamed -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    """What the central directory says about one member of a streamed archive."""

    name: str
    crc32: int
    size: int
    compressed_size: int
    method: int
    offset: int

    def moved(self, base: int) -> Entry:
        """The same member in an archive where its fragment starts at `base`."""
        return Entry(self.name, self.crc32, self.size, self.compressed_size, self.method, base + self.offset)


def local_record(name: str, data: bytes, offset: int = 0) -> tuple[bytes, Entry]:
    """A stored member ready to be written at `offset`: its local header and bytes, and its directory record."""
    entry = Entry(name, zlib.crc32(data), len(data), len(data), STORED, offset)
    return _entry_header(entry) + data, entry


def _entry_header(entry: Entry) -> bytes:
    if max(entry.size, entry.compressed_size) >= _ZIP32_LIMIT:
        raise ValueError(f"{entry.name}: a single member of 4 GiB or more is not supported")
    name, flags = _encode_name(entry.name)
    return _local_header(name, flags, entry.method, entry.crc32, entry.compressed_size, entry.size)


def data_start(entry: Entry) -> int:
    """Where a member's bytes start, from the start of its local header (written by local_record)."""
    return entry.offset + _LOCAL_HEADER.size + len(entry.name.encode("utf-8"))


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
        deflate = zlib.compressobj(COMPRESS_LEVEL, zlib.DEFLATED, -15)
        with tempfile.TemporaryFile() as spool, path.open("rb") as source:
            while block := source.read(_COPY_BLOCK):
                crc, size = zlib.crc32(block, crc), size + len(block)
                spool.write(deflate.compress(block))
            spool.write(deflate.flush())
            entry = Entry(name, crc, size, spool.tell(), DEFLATED, self.offset)
            self._write(_entry_header(entry))
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
            block.append(_directory_record(entry))
            count += 1
            if len(block) >= _RECORDS_PER_WRITE:
                self._write(b"".join(block))
                block.clear()
        self._write(b"".join(block))
        size = self.offset - start
        if count >= _ZIP16_LIMIT or start >= _ZIP32_LIMIT or size >= _ZIP32_LIMIT:
            end64 = self.offset
            self._write(
                _ZIP64_END.pack(
                    b"PK\x06\x06", _ZIP64_END.size - 12, _ARCHIVE_MADE_BY, _ZIP64_VERSION, 0, 0, count, count, size, start
                )
            )
            self._write(_ZIP64_LOCATOR.pack(b"PK\x06\x07", 0, end64, 1))
        self._write(_end_record(count, size, start))
        return self._sha256.hexdigest()


def _directory_record(entry: Entry) -> bytes:
    name, flags = _encode_name(entry.name)
    extra = b""
    offset = entry.offset
    if offset >= _ZIP32_LIMIT:
        # Sizes stay 32-bit (local_record refuses larger members), so the offset is the only ZIP64 field.
        extra = struct.pack("<HHQ", _ZIP64_EXTRA, 8, offset)
        offset = _ZIP32_LIMIT
    version = _ZIP64_VERSION if extra else _ZIP_VERSION
    return (
        _central_header(
            name,
            flags,
            entry.method,
            entry.crc32,
            entry.compressed_size,
            entry.size,
            _ARCHIVE_MADE_BY,
            _ARCHIVE_EXTERNAL_ATTR,
            version,
            len(extra),
        )
        + _OFFSET.pack(offset)
        + name
        + extra
    )
