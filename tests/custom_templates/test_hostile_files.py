"""Hostile files uploaded as templates: each refused with a clear 4xx before anything reads it as a
template, nothing kept, and the service still answering."""

from __future__ import annotations

import io

import pytest

from benchmarks.hostile import bzip2_docx
from tests.safety.active import REFUSED, STRIPPED
from tests.custom_templates.files import DOCUMENT, KIND, built, members, with_parts, zipped

MIB = 1024 * 1024
BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{n} "{("&lol%s;" % (n - 1 if n > 1 else "")) * 10}">' for n in range(1, 10))
    + ']><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    "<w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>"
)
EXTERNAL_ENTITY = (
    '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY secret SYSTEM "file:///etc/passwd">]>'
    '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    "<w:body><w:p><w:r><w:t>&secret;</w:t></w:r></w:p></w:body></w:document>"
)
MACRO_TYPE = "application/vnd.ms-word.document.macroEnabled.main+xml"
DOTX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


def retyped(old: str, new: str) -> bytes:
    types = members(built())["[Content_Types].xml"].decode("utf-8")
    return with_parts(built(), {"[Content_Types].xml": types.replace(old, new)})


def with_member(name: str, data: bytes | str = b"<x/>") -> bytes:
    return with_parts(built(), {name: data})


def bomb() -> bytes:
    return zipped({**members(built()), "word/media/zeros.bin": b"\0" * (20 * MIB)})


def wide() -> bytes:
    """Sixty members of one MiB each: under the ratio floor one by one, over the total together."""
    return zipped({**members(built()), **{f"word/media/part{n}.bin": b"\0" * MIB for n in range(60)}})


HOSTILE = {
    "zip bomb (ratio)": (bomb, 422, "unsafe_package"),
    "too much uncompressed in all": (wide, 413, "package_too_large"),
    # libxml2 may stop the expansion itself before the DTD is looked at.
    "entity expansion": (lambda: with_member(DOCUMENT, BILLION_LAUGHS), 422, "dtd_forbidden|invalid_xml"),
    "external entity": (lambda: with_member(DOCUMENT, EXTERNAL_ENTITY), 422, "dtd_forbidden"),
    "DTD in another part": (lambda: with_member("word/styles.xml", EXTERNAL_ENTITY), 422, "dtd_forbidden"),
    "member named ../": (lambda: with_member("../../evil.xml"), 422, "unsafe_member_name"),
    "member under ../": (lambda: with_member("word/../../evil.xml"), 422, "unsafe_member_name"),
    "absolute member": (lambda: with_member("/etc/cron.d/evil"), 422, "unsafe_member_name"),
    "Windows path": (lambda: with_member("C:\\evil.xml"), 422, "unsafe_member_name"),
    "a PDF named .docx": (lambda: b"%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF", 422, "not_a_docx"),
    "a zip that is not a document": (lambda: zipped({"mimetype": "application/epub+zip"}), 422, "not_a_docx"),
    "a Word template (.dotx)": (lambda: retyped(DOCX_TYPE, DOTX_TYPE), 422, "not_a_docx"),
    "macro-enabled (.docm)": (lambda: retyped(DOCX_TYPE, MACRO_TYPE), 422, "macros_forbidden"),
    "a VBA project part": (lambda: with_member("word/vbaProject.bin", b"\xd0\xcf\x11\xe0"), 422, "macros_forbidden"),
    "not XML where XML is declared": (lambda: with_member("word/styles.xml", b"\xff\xfe<"), 422, "invalid_xml"),
    "a bzip2 bomb (1 GiB behind headers claiming 19 KB)": (bzip2_docx, 422, "unsupported_compression"),
    **{name: (build, 422, code) for name, (build, code, _) in {**REFUSED, **STRIPPED}.items()},
}


def post(client, org_id: int, content: bytes, path: str = ""):
    return client.post(
        f"/api/v1/organizations/{org_id}/templates/{KIND}{path}",
        content_type="multipart/form-data",
        data={"file": (io.BytesIO(content), "mau.docx")},
    )


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_files_are_refused_with_a_4xx_and_nothing_kept(api_client, api_org, name):
    make, status, code = HOSTILE[name]
    for path in ("", "/lint"):
        answer = post(api_client, api_org["id"], make(), path)
        assert answer.status_code == status and answer.get_json()["code"] in code.split("|")
        assert answer.get_json()["detail"]
    listed = api_client.get(f"/api/v1/organizations/{api_org['id']}/templates/{KIND}").get_json()
    assert listed["versions"] == [] and api_client.get("/healthz").status_code == 200


def test_a_body_over_the_request_limit_is_refused_before_it_is_read(app, api_client, api_org):
    app.config["MAX_CONTENT_LENGTH"] = 64 * 1024
    answer = post(api_client, api_org["id"], built() + b"\0" * (128 * 1024))
    assert answer.status_code == 413 and answer.get_json()["code"] == "payload_too_large"
