"""Content that runs code or fetches something when Office opens a file — macros, ActiveX controls, OLE
objects, DDE fields, templates and sub-documents on other machines — found in a package by its part names,
declared content types and relationships, and by the fields of its WordprocessingML parts.

None of it is needed for a document or a roster, and every door refuses it (service.safety.uploads), but
conversion, which hands the user's own document back, removes macros and remote templates instead
(service.safety.stripping).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from service.safety.packages import CONTENT_TYPES_PART, RELATIONSHIPS_NS, Format, Package, UnsafePackage

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@dataclass(frozen=True)
class Active:
    """Content that runs or fetches something when Office opens the file: what, in which part, and where
    it would fetch from."""

    kind: str  # "macros" | "activex" | "ole" | "remote_template" | "dde"
    part: str
    target: str = ""

    def refusal(self, form: Format) -> UnsafePackage:
        code, message = _ACTIVE_MESSAGES[self.kind]
        where = f"{self.part} → {self.target[:100]}" if self.target else self.part
        return UnsafePackage(code, message.format(part=where, name=form.name), part=self.part)


_ACTIVE_MESSAGES = {
    "macros": (
        "macros_forbidden",
        "Tệp có chứa macro (VBA, dạng .docm, .dotm hoặc .xlsm) ở phần {part}: không nhận "
        "tệp có macro. Hãy lưu lại bằng Word hoặc Excel dưới dạng {name}.",
    ),
    "activex": (
        "activex_forbidden",
        "Tệp có điều khiển ActiveX ở phần {part}: không nhận tệp có ActiveX. Hãy xóa "
        "điều khiển đó trong Word hoặc Excel rồi lưu lại.",
    ),
    "ole": (
        "ole_object_forbidden",
        "Tệp có đối tượng nhúng OLE (chương trình, công thức Equation cũ, tệp đính kèm) "
        "ở phần {part}: không nhận vì đối tượng này có thể chạy mã khi mở tệp. Hãy xóa "
        "hoặc thay bằng hình ảnh rồi lưu lại.",
    ),
    "remote_template": (
        "remote_template_forbidden",
        "Tệp gắn với mẫu hoặc nội dung ở máy khác ({part}): Word sẽ tải "
        "về khi mở tệp. Hãy bỏ liên kết mẫu (Developer → Document "
        "Template) rồi lưu lại.",
    ),
    "dde": (
        "dde_forbidden",
        "Tệp có trường DDE ở phần {part}: trường này chạy lệnh khi mở tệp. Hãy xóa trường đó rồi lưu lại.",
    ),
}
# Lower-case marks of active content in content types, part names and the last segment of relationship
# types (transitional and strict OOXML name them alike).
_ACTIVE_MARKS = (
    ("macros", ("macroenabled", "vbaproject", "vbadata", "macrosheet", "keymapcustomizations", "attachedtoolbars")),
    ("activex", ("activex",)),
    ("ole", ("oleobject",)),
)
_REMOTE_LOADED = {"attachedtemplate", "subdocument", "frame"}
_REMOTE_TARGET = re.compile(r"^\s*(https?:|ftp:|\\\\|//|file://[^/])", re.IGNORECASE)
_DDE = re.compile(r"(^|[\s{])DDE(AUTO)?\b", re.IGNORECASE)


def active_mark(text: str) -> str | None:
    """The kind of active content a content type, part name or relationship type names, if any."""
    text = text.lower()
    for kind, marks in _ACTIVE_MARKS:
        if any(mark in text for mark in marks):
            return kind
    return None


def active_content(package: Package) -> list[Active]:
    """Everything that would run or fetch something in Office: by part name, by the content type declared
    for a part or an extension, and by relationship (its type, or a remote target Word loads on opening)."""
    defaults, overrides = package.content_types()
    names = {name.lower(): name for name in package.names}
    found = [Active(kind, name) for name in package.names if (kind := active_mark(name))]
    found += [
        Active(kind, names.get(name, CONTENT_TYPES_PART))
        for name, value in overrides.items()
        if (kind := active_mark(value))
    ]
    found += [Active(kind, CONTENT_TYPES_PART) for value in defaults.values() if (kind := active_mark(value))]
    for name in package.names:
        if name.endswith(".rels"):
            found += _active_relationships(package, name)
    return list(dict.fromkeys(found))


def _active_relationships(package: Package, name: str) -> list[Active]:
    found = []
    for relationship in package.xml(name).iter(f"{RELATIONSHIPS_NS}Relationship"):
        kind = (relationship.get("Type") or "").rpartition("/")[2].lower()
        target = relationship.get("Target") or ""
        marked = "activex" if kind == "control" else active_mark(kind)
        if marked:
            found.append(Active(marked, name))
        elif relationship.get("TargetMode") == "External" and is_remote_link(kind, target):
            found.append(Active("remote_template", name, target))
    return found


def is_remote_link(kind: str, target: str) -> bool:
    """Whether an external relationship of this type (its last segment) makes Word fetch the target from
    another machine when the file is opened: a template, a sub-document, a frame."""
    return kind.lower() in _REMOTE_LOADED and bool(_REMOTE_TARGET.match(target))


def dde_fields(package: Package) -> list[Active]:
    """The WordprocessingML parts with a field whose instruction is DDE or DDEAUTO (a simple field, or an
    instruction Word split over runs)."""
    return [
        Active("dde", name)
        for name in package.xml_parts()
        if name.startswith("word/") and package.xml(name).tag.startswith(_W) and _has_dde(package.xml(name))
    ]


def _has_dde(root: etree._Element) -> bool:
    instructions = [field.get(f"{_W}instr") or "" for field in root.iter(f"{_W}fldSimple")]
    for paragraph in root.iter(f"{_W}p"):
        instructions.append("".join(text.text or "" for text in paragraph.iter(f"{_W}instrText")))
    return any(_DDE.search(text) for text in instructions)
