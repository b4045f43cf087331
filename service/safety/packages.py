"""Opening an untrusted OOXML package (a DOCX from an upload or a user's disk) without trusting it.

A DOCX is a zip of XML parts. A hostile one may be a zip bomb, hold thousands of
members, lie about its sizes in the zip headers, name members ../../x or /etc/x,
carry a DTD whose entities expand without end, or carry macros. Everything here
is refused with a stable English code and a Vietnamese message before any part
is interpreted, so callers (the conformance checker, conversion, template
uploads) only ever see bounded, entity-free XML.
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
            if _escapes(info.filename):
                raise UnsafePackage("unsafe_member_name", f"Tệp có thành phần mang tên không an toàn "
                                                          f"“{info.filename[:100]}” (đường dẫn tuyệt đối hoặc ../).")
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


CONTENT_TYPES_PART = "[Content_Types].xml"
PACKAGE_RELS_PART = "_rels/.rels"
WORD_DOCUMENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_CONTENT_TYPES_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_RELATIONSHIPS_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_OFFICE_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
# Word's macro-enabled document and template types (.docm, .dotm) and the parts that hold VBA projects.
_MACRO_MARKS = ("macroenabled", "vbaproject", "vbadata")


def word_document(data: bytes, limits: Limits = Limits()) -> Package:
    """A plain Word document (.docx) whose every XML part was parsed here without DTDs or entities.

    Refused besides what Package refuses: macros (.docm, .dotm, any VBA project part), a main part
    that is not a Word document (.dotx, a spreadsheet, a presentation), a part that is not XML.
    """
    package = Package(data, limits, required=(CONTENT_TYPES_PART, PACKAGE_RELS_PART))
    defaults, overrides = _content_types(package)
    declared = [*defaults.values(), *overrides.values(), *(name.lower() for name in package.names)]
    if any(mark in value.lower() for value in declared for mark in _MACRO_MARKS):
        raise UnsafePackage("macros_forbidden", "Tệp có chứa macro (VBA, dạng .docm hoặc .dotm): không nhận tệp có "
                                                "macro. Hãy lưu lại bằng Word dưới dạng Word Document (.docx).")
    main = _main_part(package)
    if main is None or overrides.get(main.lower()) != WORD_DOCUMENT_TYPE:
        raise UnsafePackage("not_a_docx", "Tệp không phải văn bản Word (.docx): có thể là mẫu .dotx, bảng tính "
                                          "hoặc bản trình chiếu. Hãy lưu lại dưới dạng Word Document (.docx).")
    for name in package.names:
        declared_type = overrides.get(name.lower()) or defaults.get(name.rpartition(".")[2].lower(), "")
        if declared_type.endswith("xml") and name != CONTENT_TYPES_PART:
            package.xml(name)
    return package


def _content_types(package: Package) -> tuple[dict[str, str], dict[str, str]]:
    """Content type by lower-case extension, and by lower-case part name without its leading "/"."""
    root = package.xml(CONTENT_TYPES_PART)
    defaults = {(item.get("Extension") or "").lower(): item.get("ContentType") or ""
                for item in root.iter(f"{_CONTENT_TYPES_NS}Default")}
    overrides = {(item.get("PartName") or "").lstrip("/").lower(): item.get("ContentType") or ""
                 for item in root.iter(f"{_CONTENT_TYPES_NS}Override")}
    return defaults, overrides


def _main_part(package: Package) -> str | None:
    for relationship in package.xml(PACKAGE_RELS_PART).iter(f"{_RELATIONSHIPS_NS}Relationship"):
        if relationship.get("Type") == _OFFICE_DOCUMENT and relationship.get("TargetMode") != "External":
            return (relationship.get("Target") or "").lstrip("/")
    return None


def _escapes(name: str) -> bool:
    """Whether a member name points outside the folder a package is unpacked in, or names a drive."""
    return (name.startswith(("/", "\\")) or "\\" in name or ".." in name.split("/")
            or (len(name) > 1 and name[1] == ":"))


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
