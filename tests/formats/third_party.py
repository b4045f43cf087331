"""DOCX files as other programs write them, for the checker's robustness tests: Word (python-docx, whose default
template is Word's) with tables, nested tables, text boxes (VML and DrawingML), a picture, several sections,
fields, comment ranges, tracked changes, content controls, hyperlinks and bookmarks; a Google Docs-like export
(theme fonts without a theme, no page setup); and LibreOffice's own DOCX export of a generated document."""

from __future__ import annotations

import base64
import io
import subprocess
import tempfile
from pathlib import Path

import docx
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.oxml import parse_xml
from docx.shared import Mm, Pt

from service.batch import book
from service.render.soffice import DOCX_FILTER, find_soffice
from tests.formats.broken.documents import NS, edit, generated

W = NS["w"]
# A 1×1 transparent PNG.
PIXEL = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==")
VML_BOX = (
    f'<w:r xmlns:w="{W}" xmlns:v="urn:schemas-microsoft-com:vml"><w:pict><v:shape style="width:200pt;'
    'height:40pt"><v:textbox><w:txbxContent><w:p><w:r><w:t>Chữ trong khung VML</w:t></w:r></w:p>'
    "</w:txbxContent></v:textbox></v:shape></w:pict></w:r>"
)
DRAWING_BOX = (
    f'<w:r xmlns:w="{W}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
    '<mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor distT="0" distB="0" distL="0" distR="0" '
    'simplePos="0" relativeHeight="1" behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1">'
    '<wp:simplePos x="0" y="0"/><wp:positionH relativeFrom="column"><wp:posOffset>0</wp:posOffset></wp:positionH>'
    '<wp:positionV relativeFrom="paragraph"><wp:posOffset>0</wp:posOffset></wp:positionV>'
    '<wp:extent cx="1828800" cy="457200"/><wp:wrapNone/><wp:docPr id="9" name="Hộp"/>'
    '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp>'
    '<wps:spPr><a:prstGeom prst="rect"/></wps:spPr><wps:txbx><w:txbxContent><w:p><w:r><w:t>Chữ trong hộp '
    "DrawingML</w:t></w:r></w:p></w:txbxContent></wps:txbx><wps:bodyPr/></wps:wsp></a:graphicData></a:graphic>"
    "</wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict/></mc:Fallback></mc:AlternateContent></w:r>"
)
FIELD = (
    f'<w:p xmlns:w="{W}"><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> '
    'TOC \\o "1-3" </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>Mục lục'
    '</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:fldSimple w:instr=" DATE "><w:r><w:t>05/11/2026'
    "</w:t></w:r></w:fldSimple></w:p>"
)
EXTRAS = (
    f'<w:p xmlns:w="{W}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<w:bookmarkStart w:id="0" w:name="dau"/><w:sdt><w:sdtContent><w:r><w:t>Ô nội dung </w:t></w:r>'
    '</w:sdtContent></w:sdt><w:hyperlink w:anchor="dau"><w:r><w:t>liên kết</w:t></w:r></w:hyperlink>'
    '<w:commentRangeStart w:id="0"/><w:r><w:t>ghi chú</w:t></w:r>'
    '<w:commentRangeEnd w:id="0"/><w:ins w:id="3" w:author="A">'
    '<w:r><w:t> thêm</w:t></w:r></w:ins><w:del w:id="4" w:author="A"><w:r><w:delText>xóa</w:delText></w:r>'
    '</w:del><w:bookmarkEnd w:id="0"/></w:p>'
)


def word_document() -> bytes:
    document = docx.Document()
    document.add_heading("Báo cáo của Công ty", 1)
    paragraph = document.add_paragraph("Đoạn văn có ")
    paragraph.add_run("chữ đậm").bold = True
    paragraph.add_run(" và ").italic = True
    document.add_paragraph("Mục một", style="List Bullet")
    table = document.add_table(rows=3, cols=3)
    table.style = "Table Grid"
    for row_index, row in enumerate(table.rows):
        for column, cell in enumerate(row.cells):
            cell.text = f"Ô {row_index + 1}.{column + 1} Nguyễn Thị Thủy"
    inner = table.cell(1, 1).add_table(rows=2, cols=2)
    inner.cell(0, 0).text = "Bảng lồng"
    table.cell(2, 0).merge(table.cell(2, 1))
    document.add_picture(io.BytesIO(PIXEL), width=Mm(10))
    boxes = document.add_paragraph("Khung: ")
    boxes._p.append(parse_xml(VML_BOX))
    boxes._p.append(parse_xml(DRAWING_BOX))
    document.element.body.append(parse_xml(FIELD))
    document.element.body.append(parse_xml(EXTRAS))
    landscape = document.add_section(WD_SECTION.NEW_PAGE)
    landscape.orientation = WD_ORIENT.LANDSCAPE
    landscape.page_width, landscape.page_height = Mm(297), Mm(210)
    landscape.different_first_page_header_footer = True
    landscape.header.is_linked_to_previous = False
    landscape.header.paragraphs[0].text = "Đầu trang phần hai"
    landscape.first_page_footer.paragraphs[0].text = "Chân trang đầu"
    document.add_paragraph("Phần hai, ngày 05 tháng 11 năm 2026").runs[0].font.size = Pt(13)
    document.sections[0].header.paragraphs[0].text = "ĐẦU TRANG"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def google_like() -> bytes:
    """Fonts named only through the theme (and no theme part), no page size, no styles' defaults."""

    def strip(root):
        for section in root.iter(f"{{{W}}}sectPr"):
            for child in list(section):
                section.remove(child)
        for run in root.iter(f"{{{W}}}r"):
            properties = run.find(f"{{{W}}}rPr")
            if properties is not None:
                for fonts in properties.findall(f"{{{W}}}rFonts"):
                    properties.remove(fonts)
                fonts = parse_xml(f'<w:rFonts xmlns:w="{W}" w:asciiTheme="minorHAnsi" w:hAnsiTheme="minorHAnsi"/>')
                properties.insert(0, fonts)

    def no_defaults(root):
        for defaults in root.findall(f"{{{W}}}docDefaults"):
            root.remove(defaults)

    stripped = edit(generated("nghi-quyet-thang", "hd05-2026"), "word/document.xml", strip)
    return edit(stripped, "word/styles.xml", no_defaults)


def libreoffice_export() -> bytes | None:
    """A generated document saved again as DOCX by LibreOffice; None without LibreOffice."""
    soffice = find_soffice()
    if soffice is None:
        return None
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "nguon.docx"
        source.write_bytes(generated("bien-ban-xep-loai", "hd05-2026"))
        out = Path(folder) / "out"
        subprocess.run(
            [
                soffice,
                f"-env:UserInstallation={(Path(folder) / 'profile').as_uri()}",
                "--headless",
                f"--infilter={DOCX_FILTER}",
                "--convert-to",
                "docx:MS Word 2007 XML",
                "--outdir",
                str(out),
                str(source),
            ],
            capture_output=True,
            timeout=180,
            check=True,
        )
        return (out / "nguon.docx").read_bytes()


def seeds() -> dict[str, bytes]:
    found = {
        "word": word_document(),
        "google": google_like(),
        "generated": generated("bao-cao-thang", "hd05-2026"),
        "book": book.merge([generated("bao-cao-thang", "hd05-2026"), generated("nghi-quyet-chuyen-de", "hd36-2018")], "Tập"),
    }
    exported = libreoffice_export()
    if exported is not None:
        found["libreoffice"] = exported
    return found
