"""An untrusted OOXML package (a DOCX or XLSX from an upload or a user's disk) as a zip and its XML parts,
read without trusting either; service.safety.uploads opens every uploaded file with it.

A hostile package may be a zip bomb, hold thousands of members, lie about its sizes in the zip headers,
name members ../../x or /etc/x, compress a member with a method whose decompressor cannot be bounded, carry
a DTD whose entities expand without end, an XInclude, or an element-dense part that costs a hundred times
its size once parsed. All of it is refused with a stable English code and a Vietnamese message naming the
part, so callers only ever see bounded, entity-free XML.

Why only stored and deflate members: Word and Excel write nothing else, and Python's zipfile bounds the
output of a read only for deflate. bzip2 and LZMA members are decompressed a whole input chunk at a time: a
4.9 KB DOCX whose document.xml is bzip2 inflated to 2 GiB within a single read (≈ 4 GB of memory per
request) before any budget could be checked. Zip headers can lie about sizes, but zipfile never returns
more than a member's declared size, so the declared sizes checked below bound what is actually read.
"""

from __future__ import annotations

import io
import os
import zipfile
import zlib
from dataclasses import dataclass
from typing import Iterator

from lxml import etree

from service.vietnamese.figures import format_int

MIB = 1024 * 1024
ACCEPTED_METHODS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)
_METHOD_NAMES = {
    zipfile.ZIP_BZIP2: "bzip2",
    zipfile.ZIP_LZMA: "LZMA",
    9: "Deflate64",
    93: "Zstandard",
    95: "XZ",
    98: "PPMd",
    99: "AES",
}
_CHUNK = 64 * 1024
# XInclude pulls other files into a document that processes it; no Office format uses it.
_XINCLUDE = ("{http://www.w3.org/2001/XInclude}", "{http://www.w3.org/2003/XInclude}")
CONTENT_TYPES_PART = "[Content_Types].xml"
CONTENT_TYPES_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"
RELATIONSHIPS_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_SAFE_PARSING = {"resolve_entities": False, "no_network": True, "load_dtd": False, "huge_tree": False}


@dataclass(frozen=True)
class Limits:
    max_package_bytes: int = 20 * MIB  # the zip file itself
    max_members: int = 1000  # Word documents have a few dozen parts
    max_uncompressed_bytes: int = 50 * MIB  # all parts together, as declared and as actually read
    max_ratio: int = 100  # uncompressed/compressed size of one large part
    ratio_floor_bytes: int = MIB  # parts smaller than this cannot make a bomb
    # Parts parsed whole. A parsed element costs ~120 bytes of memory however short its text ("<w:p/>": 6
    # bytes), so the budget counts elements, not bytes: 200,000 is a document of several hundred pages,
    # about 25 MB once parsed. (The conformance checker reads ~30,000 paragraphs a second.)
    max_xml_part_bytes: int = 16 * MIB
    max_xml_elements: int = 200_000
    # Parts streamed element by element (a worksheet's rows, its shared strings): the most XML read
    # without one element of interest ending, which bounds the tree held at any time.
    max_stream_gap_bytes: int = 2 * MIB


@dataclass(frozen=True)
class Format:
    """What a package should be: the code of the refusal when it is not, and the words messages use."""

    code: str
    name: str  # with its file type
    kind: str  # without
    noun: str  # "Phần X của …"


WORD = Format("not_a_docx", "văn bản Word (.docx)", "văn bản Word", "tệp")
EXCEL = Format("not_an_xlsx", "bảng tính Excel (.xlsx)", "bảng tính Excel", "bảng tính")
# Codes of files refused for being damaged or of another type, rather than for what they hold (a bomb,
# macros, a DTD, their size), whose own messages name the part or the limit.
DAMAGED = frozenset({WORD.code, EXCEL.code, "invalid_xml"})


class UnsafePackage(ValueError):
    """The file is refused. `too_large` tells doors to answer 413 rather than 422; `part` is the member
    the refusal is about, when there is one (it is named in the message too)."""

    def __init__(self, code: str, message: str, *, too_large: bool = False, part: str | None = None):
        super().__init__(message)
        self.code, self.message, self.too_large, self.part = code, message, too_large, part


def _too_large(limit: int) -> UnsafePackage:
    return UnsafePackage("package_too_large", f"Tệp quá lớn: nội dung giải nén vượt quá {limit // MIB} MB.", too_large=True)


class Package:
    """A validated zip; parts are read with a running budget, and XML parts are parsed only here.

    `source` is the file's bytes or its path (a large workbook is then not read into memory). Use it as a
    context manager, or call close(), when it was opened from a path.
    """

    def __init__(
        self,
        source: bytes | str | os.PathLike,
        limits: Limits = Limits(),
        required: tuple[str, ...] = (),
        form: Format = WORD,
    ):
        self.limits, self.form = limits, form
        size = len(source) if isinstance(source, (bytes, bytearray)) else os.stat(source).st_size
        if size > limits.max_package_bytes:
            raise UnsafePackage(
                "package_too_large", f"Tệp quá lớn: tối đa {limits.max_package_bytes // MIB} MB.", too_large=True
            )
        try:
            self._zip = zipfile.ZipFile(io.BytesIO(source) if isinstance(source, (bytes, bytearray)) else source)
            infos = self._zip.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError):
            raise UnsafePackage(form.code, f"Tệp không phải {form.name}: không đọc được dạng nén zip.") from None
        self._infos = {info.filename: info for info in infos}
        try:
            self._check_members(infos)
            for name in required:
                if name not in self._infos:
                    raise UnsafePackage(form.code, f"Tệp không phải {form.name}: thiếu phần {name}.", part=name)
        except UnsafePackage:
            self._zip.close()
            raise
        self._budget = limits.max_uncompressed_bytes
        self._elements = limits.max_xml_elements
        self._parsed: dict[str, etree._Element] = {}
        self._types: tuple[dict[str, str], dict[str, str]] | None = None

    def __enter__(self) -> "Package":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self._zip.close()

    def _check_members(self, infos: list[zipfile.ZipInfo]) -> None:
        limits = self.limits
        if len(infos) > limits.max_members:
            raise UnsafePackage("unsafe_package", f"Tệp có quá nhiều thành phần (hơn {limits.max_members}).")
        if len(self._infos) != len(infos):
            raise UnsafePackage("unsafe_package", "Tệp có hai thành phần trùng tên.")
        if sum(info.file_size for info in infos) > limits.max_uncompressed_bytes:
            raise _too_large(limits.max_uncompressed_bytes)
        for info in infos:
            name = info.filename
            if _escapes(name):
                raise UnsafePackage(
                    "unsafe_member_name",
                    f"Tệp có thành phần mang tên không an toàn “{name[:100]}” (đường dẫn tuyệt đối hoặc ../).",
                )
            if info.compress_type not in ACCEPTED_METHODS:
                method = _METHOD_NAMES.get(info.compress_type, f"mã {info.compress_type}")
                raise UnsafePackage(
                    "unsupported_compression",
                    f"Thành phần {name} được nén theo cách {method}, "
                    "cách mà Word và Excel không dùng. Hãy mở tệp bằng Word hoặc Excel, lưu lại "
                    "rồi gửi lại.",
                    part=name,
                )
            if info.flag_bits & 0x1:
                raise UnsafePackage("unsafe_package", "Tệp được đặt mật khẩu nên không thể kiểm tra.")
            if info.file_size > limits.ratio_floor_bytes and info.file_size > limits.max_ratio * max(info.compress_size, 1):
                raise UnsafePackage("unsafe_package", f"Thành phần {name} có tỷ lệ nén bất thường.", part=name)

    @property
    def names(self) -> list[str]:
        return list(self._infos)

    def has(self, name: str) -> bool:
        return name in self._infos

    def _info(self, name: str) -> zipfile.ZipInfo:
        try:
            return self._infos[name]
        except KeyError:
            raise UnsafePackage(self.form.code, f"Tệp không phải {self.form.name}: thiếu phần {name}.", part=name) from None

    def size(self, name: str) -> int:
        """The part's declared size, which no read of it exceeds."""
        return self._info(name).file_size

    def damaged(self, name: str) -> UnsafePackage:
        return UnsafePackage(self.form.code, f"Tệp hỏng: không giải nén được phần {name}.", part=name)

    def open(self, name: str) -> "_Reading":
        """A part to read as a stream, counted against the package's budget."""
        info = self._info(name)
        try:
            stream = self._zip.open(info)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, RuntimeError, EOFError, OSError, ValueError):
            raise self.damaged(name) from None
        return _Reading(self, name, stream)

    def read(self, name: str) -> bytes:
        with self.open(name) as stream:
            return stream.read()

    def _charge(self, size: int) -> None:
        self._budget -= size
        if self._budget < 0:
            raise _too_large(self.limits.max_uncompressed_bytes)

    def xml(self, name: str) -> etree._Element:
        """A part parsed whole (once; later calls give the same tree), within the part and element limits."""
        if name not in self._parsed:
            if self.size(name) > self.limits.max_xml_part_bytes:
                raise UnsafePackage(
                    "part_too_large",
                    f"Phần {name} của {self.form.noun} quá lớn: tối đa {self.limits.max_xml_part_bytes // MIB} MB.",
                    too_large=True,
                    part=name,
                )
            data = self.read(name)
            # Counted before parsing, so an element-dense part is refused before it costs memory: every
            # element but the root starts with "<" and is not a closing tag.
            self._elements -= data.count(b"<") - data.count(b"</")
            if self._elements < 0:
                raise UnsafePackage(
                    "package_too_complex",
                    f"Tệp có quá nhiều thành phần XML (hơn {format_int(self.limits.max_xml_elements)}), đến phần {name}.",
                    too_large=True,
                    part=name,
                )
            self._parsed[name] = parse_xml(data, name, self.form)
        return self._parsed[name]

    def content_types(self) -> tuple[dict[str, str], dict[str, str]]:
        """[Content_Types].xml: content type by lower-case extension, and by lower-case part name without
        its leading "/" (both empty when the package has no such part)."""
        if self._types is None:
            root = self.xml(CONTENT_TYPES_PART) if self.has(CONTENT_TYPES_PART) else etree.Element("Types")
            self._types = (
                {
                    (item.get("Extension") or "").lower(): item.get("ContentType") or ""
                    for item in root.iter(f"{CONTENT_TYPES_NS}Default")
                },
                {
                    (item.get("PartName") or "").lstrip("/").lower(): item.get("ContentType") or ""
                    for item in root.iter(f"{CONTENT_TYPES_NS}Override")
                },
            )
        return self._types

    def declared_type(self, name: str) -> str:
        """The content type [Content_Types].xml gives a part ("" when it gives none)."""
        defaults, overrides = self.content_types()
        return overrides.get(name.lower()) or defaults.get(name.rpartition(".")[2].lower(), "")

    def xml_parts(self) -> list[str]:
        """The parts that are XML, by their declared type or their name."""
        return [
            name
            for name in self._infos
            if self.declared_type(name).endswith("xml") or name.lower().endswith((".xml", ".rels", ".vml"))
        ]

    def check_prolog(self, name: str) -> None:
        """Refuse a DTD in a part that is not parsed whole: it can only stand before the root element, so
        parsing stops there (what comes after is judged, if ever, by whoever reads the part)."""
        for _, events in self._fed(name, etree.XMLPullParser(events=("start",), **_SAFE_PARSING)):
            if events:
                _no_doctype(events[0][1], name, self.form)
                return

    def iter_elements(self, name: str, tags: tuple[str, ...], stop: str | None = None) -> Iterator[etree._Element]:
        """Each element named in `tags` as soon as it ends, freed (with those before it) once the next is
        asked for; parsing ends at the end of a `stop` element. No more than `max_stream_gap_bytes` of
        XML may come between two such elements, so the tree held at any time stays small."""
        parser = etree.XMLPullParser(
            events=("end",),
            tag=(*tags, *(prefix + "*" for prefix in _XINCLUDE)) + ((stop,) if stop else ()),
            **_SAFE_PARSING,
        )
        gap, checked = 0, False
        for size, events in self._fed(name, parser):
            gap = 0 if events else gap + size
            if gap > self.limits.max_stream_gap_bytes:
                raise UnsafePackage(
                    "part_too_complex",
                    f"Phần {name} của {self.form.noun} có một thành phần lớn hơn "
                    f"{self.limits.max_stream_gap_bytes // MIB} MB.",
                    too_large=True,
                    part=name,
                )
            for _, element in events:
                if not checked:
                    _no_doctype(element, name, self.form)
                    checked = True
                if element.tag.startswith(_XINCLUDE):
                    raise _xinclude(name, self.form)
                if element.tag == stop:
                    return
                yield element
                element.clear()
                while element.getprevious() is not None:
                    del element.getparent()[0]

    def _fed(self, name: str, parser: etree.XMLPullParser) -> Iterator[tuple[int, list]]:
        """A part fed to a pull parser chunk by chunk: each chunk's size and the events it completed. Malformed
        XML is refused only after the events before the fault are handed out: a reader that stops early
        never sees what it does not read."""
        with self.open(name) as stream:
            while True:
                chunk = stream.read(_CHUNK)
                try:
                    parser.feed(chunk) if chunk else parser.close()
                except etree.XMLSyntaxError:
                    yield len(chunk), list(parser.read_events())
                    raise _invalid(name, self.form) from None
                yield len(chunk), list(parser.read_events())
                if not chunk:
                    return


class _Reading:
    """One part being read: zip failures become UnsafePackage, and every byte counts against the budget."""

    def __init__(self, package: Package, name: str, stream: zipfile.ZipExtFile):
        self._package, self._name, self._stream = package, name, stream

    def read(self, size: int = -1) -> bytes:
        allowed = self._package._budget + 1
        size = allowed if size is None or size < 0 else min(size, allowed)
        try:
            data = self._stream.read(size)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError):
            # A damaged member, or one whose CRC does not match what was read (its sizes lied).
            raise self._package.damaged(self._name) from None
        self._package._charge(len(data))
        return data

    def close(self) -> None:
        self._stream.close()

    def __enter__(self) -> "_Reading":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _escapes(name: str) -> bool:
    """Whether a member name points outside the folder a package is unpacked in, or names a drive."""
    return name.startswith(("/", "\\")) or "\\" in name or ".." in name.split("/") or (len(name) > 1 and name[1] == ":")


def _invalid(name: str, form: Format) -> UnsafePackage:
    return UnsafePackage("invalid_xml", f"Phần {name} của {form.noun} không phải XML hợp lệ.", part=name)


def _xinclude(name: str, form: Format) -> UnsafePackage:
    return UnsafePackage(
        "xinclude_forbidden",
        f"Phần {name} của {form.noun} chứa XInclude (lệnh chèn nội dung của tệp khác); {form.kind} không dùng XInclude.",
        part=name,
    )


def _no_doctype(element: etree._Element, name: str, form: Format) -> None:
    if element.getroottree().docinfo.doctype:
        raise UnsafePackage(
            "dtd_forbidden", f"Phần {name} của {form.noun} chứa khai báo DTD; {form.kind} không dùng DTD.", part=name
        )


def parse_xml(data: bytes, name: str, form: Format = WORD) -> etree._Element:
    """Parse one part with no entity expansion, no network, no DTD, no XInclude and libxml2's size limits."""
    # A parser per call: lxml parsers must not be shared between threads.
    try:
        root = etree.fromstring(data, etree.XMLParser(**_SAFE_PARSING))
    except etree.XMLSyntaxError:
        raise _invalid(name, form) from None
    _no_doctype(root, name, form)
    if root.tag.startswith(_XINCLUDE) or next(root.iter(*(prefix + "*" for prefix in _XINCLUDE)), None) is not None:
        raise _xinclude(name, form)
    return root


def read_file(path, limits: Limits = Limits()) -> bytes:
    """A local file's bytes, refusing a file larger than a package may be before reading it whole."""
    with open(path, "rb") as handle:
        data = handle.read(limits.max_package_bytes + 1)
    if len(data) > limits.max_package_bytes:
        raise UnsafePackage(
            "package_too_large", f"Tệp quá lớn: tối đa {limits.max_package_bytes // MIB} MB.", too_large=True
        )
    return data
