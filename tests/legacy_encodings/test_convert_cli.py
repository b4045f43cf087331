"""`python -m service convert`: the command, run through click's test runner."""

from __future__ import annotations

from click.testing import CliRunner

from service.cli.convert import convert
from tests.legacy_encodings.legacy_docx import add_runs, new_document, save
from tests.helpers import docx_paragraphs


def _old_document(tmp_path):
    document = new_document(".VnTime")
    document.add_paragraph("§¶ng Céng s¶n ViÖt Nam")
    add_runs(document.add_paragraph(), ("BI£N B¶N", ".VnTimeH"), (" Haø Noäi", "VNI-Times"))
    path = tmp_path / "Biên bản cũ.docx"
    path.write_bytes(save(document))
    return path


def test_converts_to_the_output_and_says_what_it_did(tmp_path):
    source = _old_document(tmp_path)
    target = tmp_path / "moi.docx"
    result = CliRunner().invoke(convert, [str(source), "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert docx_paragraphs(target.read_bytes()) == ["Đảng Cộng sản Việt Nam", "BIÊN BẢN Hà Nội"]
    assert "Đã chuyển sang Unicode: 2 đoạn chữ TCVN3 (ABC), 1 đoạn chữ VNI Windows." in result.output
    assert "Đã thay phông .VnTime, .VnTimeH, VNI-Times bằng Times New Roman." in result.output


def test_default_output_is_beside_the_input(tmp_path):
    source = _old_document(tmp_path)
    result = CliRunner().invoke(convert, [str(source)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "Biên bản cũ-unicode.docx").is_file()


def test_a_document_without_legacy_fonts_is_reported_as_such(tmp_path):
    document = new_document()
    document.add_paragraph("Đảng Cộng sản Việt Nam")
    source = tmp_path / "moi.docx"
    source.write_bytes(save(document))
    result = CliRunner().invoke(convert, [str(source), "-o", str(tmp_path / "out.docx")])
    assert result.exit_code == 0
    assert "Không thấy phông chữ mã cũ" in result.output


def test_a_file_that_is_not_a_docx_exits_2_with_a_vietnamese_message(tmp_path):
    source = tmp_path / "cu.doc"
    source.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100))
    target = tmp_path / "out.docx"
    result = CliRunner().invoke(convert, [str(source), "-o", str(target)])
    assert result.exit_code == 2
    assert "Lỗi: Tệp .doc (Word 97-2003) chưa được hỗ trợ" in result.output
    assert not target.exists()
