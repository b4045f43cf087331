"""`python -m service check FILE.docx… [--profile …] [--json] [--no-render]`: exit 0 passes, 1 has errors,
2 cannot be read; the printed page is judged when LibreOffice is installed."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from service.cli import main
from service.render.soffice import find_soffice
from tests.formats.broken.documents import generated
from tests.formats.broken.faults import FAULTS, RESOLUTION
from tests.formats.seeded.defects import DEFECTS

CLEAN = ("bao-cao-thang", "hd05-2026")  # passes on the printed page too (tests/formats/test_corpus_gate.py)
needs_libreoffice = pytest.mark.skipif(find_soffice() is None, reason="LibreOffice (soffice) is not installed")


def run(*args: str):
    return CliRunner().invoke(main, ["check", *args])


def _write(tmp_path, name: str, content: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(content)
    return str(path)


def test_a_generated_document_passes(tmp_path):
    result = run(_write(tmp_path, "nq.docx", generated(RESOLUTION, "hd05-2026")), "--no-render")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == "Đạt: 0 lỗi, 0 cảnh báo."
    assert "chọn theo ngày của văn bản 05/11/2026" in result.output
    assert "Chưa kiểm tra trên trang in" in result.output


def test_errors_exit_1_with_one_vietnamese_line_each_and_the_rule(tmp_path):
    fault = next(f for f in FAULTS if f.name == "state-style number")
    result = run(_write(tmp_path, "sai.docx", fault.document()), "--no-render")
    assert result.exit_code == 1
    lines = result.output.splitlines()
    finding = (
        "[LỖI] Đoạn 4 (bảng 1, hàng 1, ô 1) «Số: 05/NQ-CB»: Số và ký hiệu viết theo kiểu văn bản nhà nước "
        "(«Số:», gạch chéo trước gạch nối) — cần «Số 05-NQ/CB», thấy «Số: 05/NQ-CB»"
    )
    assert finding in lines
    assert lines[lines.index(finding) + 1].startswith("    Quy định: Hướng dẫn 05-HD/VPTW ngày 27/5/2026: số và ký hiệu")


def test_warnings_alone_exit_0_and_json_is_for_programs(tmp_path):
    result = run(
        _write(tmp_path, "nq.docx", generated(RESOLUTION, "hd05-2026")), "--profile", "hd36-2018", "--json", "--no-render"
    )
    assert result.exit_code == 0
    report = json.loads(result.output)
    assert report["profile"] == "hd36-2018" and report["ok"] is True and report["rendered"] is False
    assert {f["severity"] for f in report["findings"]} == {"warning"}
    assert all(f["rule"].startswith("Hướng dẫn 36-HD/VPTW") for f in report["findings"])


@needs_libreoffice
def test_the_printed_page_is_judged_by_default(tmp_path):
    clean = run(_write(tmp_path, "bc.docx", generated(*CLEAN)))
    assert clean.exit_code == 0, clean.output
    assert "Đã kiểm tra trên trang in (2 trang, qua LibreOffice)." in clean.output
    alone = next(d for d in DEFECTS if d.code == "signature_alone")
    result = run(_write(tmp_path, "ky.docx", alone.make()), "--json")
    assert result.exit_code == 1
    report = json.loads(result.output)
    finding = next(f for f in report["findings"] if f["code"] == "signature_alone")
    assert report["rendered"] is True and finding["where"]["page"] == 3 and finding["where"]["y_mm"] > 0
    assert finding["rule"].startswith("Thông lệ trình bày")


@needs_libreoffice
def test_many_files_are_printed_in_one_call_and_reported_each(tmp_path):
    paths = [
        _write(tmp_path, "bc.docx", generated(*CLEAN)),
        _write(tmp_path, "ky.docx", next(d for d in DEFECTS if d.code == "signature_alone").make()),
        str(tmp_path / "missing.docx"),
    ]
    result = run(*paths, "--json")
    assert result.exit_code == 2
    reports = json.loads(result.output)
    assert [r["file"] for r in reports] == paths
    assert (reports[0]["ok"], reports[1]["ok"], reports[2]["code"]) == (True, False, "unreadable_file")
    text = run(*paths[:2])
    assert text.exit_code == 1 and f"== {paths[0]}" in text.output and f"== {paths[1]}" in text.output


def test_without_libreoffice_the_report_says_the_page_was_not_judged(tmp_path, monkeypatch):
    monkeypatch.setenv("PARTYDOCS_SOFFICE_PATH", "")
    result = run(_write(tmp_path, "bc.docx", generated(*CLEAN)), "--json")
    report = json.loads(result.output)
    assert result.exit_code == 0 and report["rendered"] is False
    assert [n["code"] for n in report["not_judged"]] == ["rendered_unavailable"]


def test_unreadable_input_exits_2(tmp_path):
    assert run(str(tmp_path / "missing.docx")).exit_code == 2
    empty = _write(tmp_path, "empty.docx", b"")
    result = run(empty)
    assert result.exit_code == 2 and "không phải văn bản Word" in result.output
    as_json = run(empty, "--json")
    assert as_json.exit_code == 2 and json.loads(as_json.output)["code"] == "not_a_docx"
    good = _write(tmp_path, "nq.docx", generated(RESOLUTION, "hd05-2026"))
    assert run(good, "--profile", "hd99", "--no-render").exit_code == 2
