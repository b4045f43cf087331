"""Opening an untrusted OOXML package (a DOCX from an upload or a user's disk) without trusting it.

A DOCX is a zip of XML parts. A hostile one may be a zip bomb, hold thousands of
members, lie about its sizes in the zip headers, or carry a DTD whose entities
expand without end. Everything here is refused with a stable English code and a
Vietnamese message before any part is interpreted, so callers (the conformance
checker now, template uploads later) only ever see bounded, entity-free XML.
"""
from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from lxml import etree

MIB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    max_package_bytes: int = 20 * MIB         # the zip file itself
    max_members: int = 1000                   # Word documents have a few dozen parts
    max_uncompressed_bytes: int = 50 * MIB    # all parts together, as actually read
    max_ratio: int = 100                      # uncompressed/compressed size of one large part
    ratio_floor_bytes: int = MIB              # parts smaller than this cannot make a bomb


class UnsafePackage(ValueError):
    """The file is refused. `too_large` tells doors to answer 413 rather than 422."""

    def __init__(self, code: str, message: str, *, too_large: bool = False):
        super().__init__(message)
        self.code, self.message, self.too_large = code, message, too_large


def _too_large(limit: int) -> UnsafePackage:
    return UnsafePackage("package_too_large",
                         f"Tệp quá lớn: nội dung giải nén vượt quá {limit // MIB} MB.", too_large=True)


class Package:
    """A validated zip; parts are read with a running budget because zip headers can lie about sizes."""

    def __init__(self, data: bytes, limits: Limits = Limits(), required: tuple[str, ...] = ()):
        self.limits = limits
        if len(data) > limits.max_package_bytes:
            raise UnsafePackage("package_too_large",
                                f"Tệp quá lớn: tối đa {limits.max_package_bytes // MIB} MB.", too_large=True)
        try:
            self._zip = zipfile.ZipFile(io.BytesIO(data))
            infos = self._zip.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError):
            raise UnsafePackage("not_a_docx", "Tệp không phải văn bản Word (.docx): không đọc được dạng nén zip.")
        self._infos = {info.filename: info for info in infos}
        self._check_members(infos)
        for name in required:
            if name not in self._infos:
                raise UnsafePackage("not_a_docx", f"Tệp không phải văn bản Word (.docx): thiếu phần {name}.")
        self._budget = limits.max_uncompressed_bytes

    def _check_members(self, infos: list[zipfile.ZipInfo]) -> None:
        limits = self.limits
        if len(infos) > limits.max_members:
            raise UnsafePackage("unsafe_package", f"Tệp có quá nhiều thành phần (hơn {limits.max_members}).")
        if len(self._infos) != len(infos):
            raise UnsafePackage("unsafe_package", "Tệp có hai thành phần trùng tên.")
        if sum(info.file_size for info in infos) > limits.max_uncompressed_bytes:
            raise _too_large(limits.max_uncompressed_bytes)
        for info in infos:
            if info.flag_bits & 0x1:
                raise UnsafePackage("unsafe_package", "Tệp được đặt mật khẩu nên không thể kiểm tra.")
            if info.file_size > limits.ratio_floor_bytes and info.file_size > limits.max_ratio * max(info.compress_size, 1):
                raise UnsafePackage("unsafe_package", f"Thành phần {info.filename} có tỷ lệ nén bất thường.")

    @property
    def names(self) -> list[str]:
        return list(self._infos)

    def has(self, name: str) -> bool:
        return name in self._infos

    def read(self, name: str) -> bytes:
        try:
            with self._zip.open(self._infos[name]) as member:
                data = member.read(self._budget + 1)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError, OSError, ValueError):
            raise UnsafePackage("not_a_docx", f"Tệp hỏng: không giải nén được phần {name}.")
        if len(data) > self._budget:
            raise _too_large(self.limits.max_uncompressed_bytes)
        self._budget -= len(data)
        return data

    def xml(self, name: str) -> etree._Element:
        return parse_xml(self.read(name), name)


def parse_xml(data: bytes, name: str) -> etree._Element:
    """Parse one part with no entity expansion, no network, no DTD and libxml2's size limits on."""
    # A parser per call: lxml parsers must not be shared between threads.
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError:
        raise UnsafePackage("invalid_xml", f"Phần {name} của tệp không phải XML hợp lệ.")
    if root.getroottree().docinfo.doctype:
        raise UnsafePackage("dtd_forbidden", f"Phần {name} của tệp chứa khai báo DTD; văn bản Word không dùng DTD.")
    return root


def read_file(path, limits: Limits = Limits()) -> bytes:
    """A local file's bytes, refusing a file larger than a package may be before reading it whole."""
    with open(path, "rb") as handle:
        data = handle.read(limits.max_package_bytes + 1)
    if len(data) > limits.max_package_bytes:
        raise UnsafePackage("package_too_large", f"Tệp quá lớn: tối đa {limits.max_package_bytes // MIB} MB.",
                            too_large=True)
    return data
