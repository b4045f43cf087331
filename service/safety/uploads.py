"""The way into every uploaded file: a Word document to check, convert or keep as a template, a workbook of
members — from the API, the web pages and the command line alike.

Each opens the package bounded (service.safety.packages), parses or checks every XML part (no DTD, no
XInclude) and refuses active content (service.safety.active) with a 4xx naming the part, before anything
interprets it.
"""

from __future__ import annotations

import os

from service.safety.active import Active, active_content, dde_fields
from service.safety.packages import CONTENT_TYPES_PART, EXCEL, RELATIONSHIPS_NS, WORD, Limits, Package, UnsafePackage

PACKAGE_RELS_PART = "_rels/.rels"
MAIN_PART = "word/document.xml"
WORD_DOCUMENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_OFFICE_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"


def word_package(
    data: bytes,
    limits: Limits = Limits(),
    *,
    required: tuple[str, ...] = (MAIN_PART,),
    allowed: frozenset[str] = frozenset(),
) -> tuple[Package, list[Active]]:
    """Every door's way into an uploaded DOCX: the zip bounded (Package), every XML part parsed without
    DTDs or XInclude within the element budget, and no active content (macros, ActiveX, OLE objects,
    DDE fields, templates Word would fetch). Active content of a kind in `allowed` is returned instead of
    refused, for a caller that removes it (conversion strips macros)."""
    package = Package(data, limits, required=required)
    for name in package.xml_parts():
        package.xml(name)
    found = active_content(package) + dde_fields(package)
    for active in found:
        if active.kind not in allowed:
            raise active.refusal(WORD)
    return package, found


def word_document(data: bytes, limits: Limits = Limits()) -> Package:
    """A plain Word document (.docx): what word_package accepts, whose main part is a Word document (not a
    .dotx template, a spreadsheet or a presentation)."""
    package, _ = word_package(data, limits, required=(CONTENT_TYPES_PART, PACKAGE_RELS_PART))
    main = _main_part(package)
    if main is None or package.declared_type(main) != WORD_DOCUMENT_TYPE:
        raise UnsafePackage(
            "not_a_docx",
            "Tệp không phải văn bản Word (.docx): có thể là mẫu .dotx, bảng tính "
            "hoặc bản trình chiếu. Hãy lưu lại dưới dạng Word Document (.docx).",
        )
    return package


def excel_package(path: str | os.PathLike, limits: Limits) -> Package:
    """An uploaded workbook, opened from its file: the zip bounded (Package), no DTD in any XML part, no
    macros, ActiveX or OLE objects. Parts are then read by the caller through Package.xml (small parts) and
    Package.iter_elements (worksheets, shared strings), which refuse DTDs and XInclude as they parse."""
    package = Package(path, limits, form=EXCEL)
    try:
        for name in package.xml_parts():
            package.check_prolog(name)
        for active in active_content(package):
            raise active.refusal(EXCEL)
    except UnsafePackage:
        package.close()
        raise
    return package


def _main_part(package: Package) -> str | None:
    for relationship in package.xml(PACKAGE_RELS_PART).iter(f"{RELATIONSHIPS_NS}Relationship"):
        if relationship.get("Type") == _OFFICE_DOCUMENT and relationship.get("TargetMode") != "External":
            return (relationship.get("Target") or "").lstrip("/")
    return None
