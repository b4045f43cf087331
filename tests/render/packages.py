"""Small DOCX packages written by hand, shaped like the project's template builder makes them.

Hand-written XML lets a fixture hold exactly what Word leaves in a template:
runs split by proofing marks and revision ids, fields, merged cells.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from service.render.package import write_package

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NAMESPACES = (
    f'xmlns:w="{W_NS}" xmlns:r="{R_NS}" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"'
)
DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_WML = "application/vnd.openxmlformats-officedocument.wordprocessingml"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def run(text: str, props: str = "", rsid: str = "") -> str:
    rsid_attr = f' w:rsidR="{rsid}"' if rsid else ""
    rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
    return f'<w:r{rsid_attr}>{rpr}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def para(*runs_or_text: str, props: str = "") -> str:
    body = "".join(r if r.startswith("<") else run(r) for r in runs_or_text)
    ppr = f"<w:pPr>{props}</w:pPr>" if props else ""
    return f"<w:p>{ppr}{body}</w:p>"


def cell(*paragraphs: str, width: int = 2000, props: str = "") -> str:
    content = "".join(p if p.startswith("<") else para(p) for p in paragraphs) or "<w:p/>"
    return f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{props}</w:tcPr>{content}</w:tc>'


def row(*cells: str) -> str:
    return "<w:tr>" + "".join(c if c.startswith("<w:tc") else cell(c) for c in cells) + "</w:tr>"


def table(*rows: str, columns: int, width: int = 2000) -> str:
    grid = "".join(f'<w:gridCol w:w="{width}"/>' for _ in range(columns))
    return f'<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>{"".join(rows)}</w:tbl>'


SECTION = (
    '<w:sectPr><w:headerReference w:type="default" r:id="rIdHeader"/>'
    '<w:footerReference w:type="default" r:id="rIdFooter"/>'
    '<w:pgSz w:w="11906" w:h="16838"/>'
    '<w:pgMar w:top="1134" w:right="850" w:bottom="1134" w:left="1701" w:header="709" '
    'w:footer="709" w:gutter="0"/></w:sectPr>'
)

PAGE_FIELD_HEADER = para(
    run("Trang "),
    '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
    '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r>'
    '<w:r><w:fldChar w:fldCharType="end"/></w:r>',
    props='<w:jc w:val="center"/>',
)

_FOOTNOTE_SEPARATORS = (
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>'
)


def minimal_package(
    body: str,
    *,
    header: str = PAGE_FIELD_HEADER,
    footer: str = para("Chân trang"),
    footnotes: str | None = None,
    title: str = "Biên bản",
    subject: str | None = None,
) -> bytes:
    """A template the way the project's builder writes one, with `body` as the document body."""
    members = [
        ("[Content_Types].xml", _content_types(footnotes is not None)),
        (
            "_rels/.rels",
            _relationships(
                [
                    ("rId1", f"{_REL}/officeDocument", "word/document.xml"),
                    (
                        "rId2",
                        "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties",
                        "docProps/core.xml",
                    ),
                    ("rId3", f"{_REL}/extended-properties", "docProps/app.xml"),
                ]
            ),
        ),
        ("word/document.xml", _xml("w:document", f"<w:body>{body}{SECTION}</w:body>")),
        (
            "word/styles.xml",
            _xml(
                "w:styles",
                '<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" '
                'w:hAnsi="Times New Roman"/><w:sz w:val="28"/></w:rPr></w:rPrDefault></w:docDefaults>'
                '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>',
            ),
        ),
        ("word/settings.xml", _xml("w:settings", '<w:defaultTabStop w:val="720"/>')),
        ("word/_rels/document.xml.rels", _relationships(_document_relationships(footnotes is not None))),
        ("word/header1.xml", _xml("w:hdr", header)),
        ("word/footer1.xml", _xml("w:ftr", footer)),
        ("docProps/core.xml", _core(title, subject)),
        (
            "docProps/app.xml",
            DECLARATION + '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/'
            '2006/extended-properties"><Application>builder</Application></Properties>',
        ),
    ]
    if footnotes is not None:
        members.append(("word/footnotes.xml", _xml("w:footnotes", _FOOTNOTE_SEPARATORS + footnotes)))
    return write_package((name, text.encode("utf-8")) for name, text in members)


def _xml(root: str, content: str) -> str:
    return f"{DECLARATION}<{root} {NAMESPACES}>{content}</{root}>"


def _content_types(with_footnotes: bool) -> str:
    overrides = [
        ("/word/document.xml", f"{_WML}.document.main+xml"),
        ("/word/styles.xml", f"{_WML}.styles+xml"),
        ("/word/settings.xml", f"{_WML}.settings+xml"),
        ("/word/header1.xml", f"{_WML}.header+xml"),
        ("/word/footer1.xml", f"{_WML}.footer+xml"),
        ("/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml"),
        ("/docProps/app.xml", "application/vnd.openxmlformats-officedocument.extended-properties+xml"),
    ]
    if with_footnotes:
        overrides.append(("/word/footnotes.xml", f"{_WML}.footnotes+xml"))
    return (
        DECLARATION + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        + "".join(f'<Override PartName="{name}" ContentType="{kind}"/>' for name, kind in overrides)
        + "</Types>"
    )


def _document_relationships(with_footnotes: bool) -> list[tuple[str, str, str]]:
    relationships = [
        ("rIdStyles", f"{_REL}/styles", "styles.xml"),
        ("rIdSettings", f"{_REL}/settings", "settings.xml"),
        ("rIdHeader", f"{_REL}/header", "header1.xml"),
        ("rIdFooter", f"{_REL}/footer", "footer1.xml"),
    ]
    if with_footnotes:
        relationships.append(("rIdFootnotes", f"{_REL}/footnotes", "footnotes.xml"))
    return relationships


def _relationships(relationships: list[tuple[str, str, str]]) -> str:
    return (
        DECLARATION
        + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        + "".join(f'<Relationship Id="{i}" Type="{t}" Target="{target}"/>' for i, t, target in relationships)
        + "</Relationships>"
    )


def _core(title: str, subject: str | None) -> str:
    subject_xml = f"<dc:subject>{escape(subject)}</dc:subject>" if subject is not None else ""
    return (
        DECLARATION + '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
        'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{escape(title)}</dc:title>{subject_xml}<dc:creator>Chi bộ</dc:creator>"
        '<dcterms:created xsi:type="dcterms:W3CDTF">2026-01-01T00:00:00Z</dcterms:created>'
        "</cp:coreProperties>"
    )
