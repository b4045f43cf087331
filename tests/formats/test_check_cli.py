"""`python -m service check FILE.docx [--profile …] [--json]`: exit 0 passes, 1 has errors, 2 cannot be read."""
from __future__ import annotations

import json

from click.testing import CliRunner

from service.cli import main
from tests.formats.broken.documents import generated
from tests.formats.broken.faults import FAULTS, RESOLUTION


def run(*args: str):
    return CliRunner().invoke(main, ["check", *args])


def test_a_generated_document_passes(tmp_path):
    path = tmp_path / "nq.docx"
    path.write_bytes(generated(RESOLUTION, "hd05-2026"))
    result = run(str(path))
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == "Đạt: 0 lỗi, 0 cảnh báo."
    assert "chọn theo ngày của văn bản 05/11/2026" in result.output


def test_errors_exit_1_with_one_vietnamese_line_each(tmp_path):
    fault = next(f for f in FAULTS if f.name == "state-style number")
    path = tmp_path / "sai.docx"
    path.write_bytes(fault.document())
    result = run(str(path))
    assert result.exit_code == 1
    assert ("[LỖI] Đoạn 4 (bảng 1, hàng 1, ô 1) «Số: 05/NQ-CB»: Số và ký hiệu viết theo kiểu văn bản nhà nước "
            "(«Số:», gạch chéo trước gạch nối) — cần «Số 05-NQ/CB», thấy «Số: 05/NQ-CB»") in result.output


def test_warnings_alone_exit_0_and_json_is_for_programs(tmp_path):
    path = tmp_path / "nq.docx"
    path.write_bytes(generated(RESOLUTION, "hd05-2026"))
    result = run(str(path), "--profile", "hd36-2018", "--json")
    assert result.exit_code == 0
    report = json.loads(result.output)
    assert report["profile"] == "hd36-2018" and report["ok"] is True
    assert {f["severity"] for f in report["findings"]} == {"warning"}


def test_unreadable_input_exits_2(tmp_path):
    assert run(str(tmp_path / "missing.docx")).exit_code == 2
    empty = tmp_path / "empty.docx"
    empty.write_bytes(b"")
    result = run(str(empty))
    assert result.exit_code == 2 and "không phải văn bản Word" in result.output
    as_json = run(str(empty), "--json")
    assert as_json.exit_code == 2 and json.loads(as_json.output)["code"] == "not_a_docx"
    good = tmp_path / "nq.docx"
    good.write_bytes(generated(RESOLUTION, "hd05-2026"))
    assert run(str(good), "--profile", "hd99").exit_code == 2
