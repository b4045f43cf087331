"""The command line: render, kinds, templates."""

from __future__ import annotations

import json

from click.testing import CliRunner

from service.cli import main
from tests.conftest import SAMPLES
from tests.helpers import docx_text

SAMPLE = str(SAMPLES / "monthly-meeting.json")


def test_render_writes_the_document(tmp_path):
    out = tmp_path / "out.docx"
    result = CliRunner().invoke(main, ["render", SAMPLE, "--kind", "bien-ban-thuong-ky", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "Sinh hoạt chi bộ thường kỳ tháng 11 năm 2026" in docx_text(out.read_bytes())


def test_render_with_profile_option(tmp_path):
    out = tmp_path / "out.docx"
    result = CliRunner().invoke(
        main, ["render", SAMPLE, "--kind", "bien-ban-thuong-ky", "--profile", "hd36-2018", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "THƯ KÝ" in docx_text(out.read_bytes())


def test_invalid_input_exits_2_with_vietnamese_errors_and_no_file(tmp_path, meeting):
    meeting["attendance"]["present"] = 3
    source = tmp_path / "bad.json"
    source.write_text(json.dumps(meeting, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "out.docx"
    result = CliRunner().invoke(main, ["render", str(source), "--kind", "nghi-quyet-thang", "-o", str(out)])
    assert result.exit_code == 2
    assert "Lỗi /attendance/present: Số có mặt (3)" in result.output
    assert not out.exists()


def test_warnings_go_to_stderr(tmp_path, meeting):
    meeting["meeting"]["end"] = "15:00"
    source = tmp_path / "short.json"
    source.write_text(json.dumps(meeting, ensure_ascii=False), encoding="utf-8")
    result = CliRunner().invoke(
        main, ["render", str(source), "--kind", "bien-ban-thuong-ky", "-o", str(tmp_path / "o.docx")]
    )
    assert result.exit_code == 0
    assert "Cảnh báo /meeting/end: Thời lượng buổi sinh hoạt 60 phút" in result.stderr


def test_unknown_kind_and_bad_json_exit_2(tmp_path):
    assert CliRunner().invoke(main, ["render", SAMPLE, "--kind", "khong-co"]).exit_code == 2
    bad = tmp_path / "bad.json"
    bad.write_bytes(b"{oops")
    assert CliRunner().invoke(main, ["render", str(bad), "--kind", "bien-ban-thuong-ky"]).exit_code == 2


def test_kinds_lists_every_kind():
    result = CliRunner().invoke(main, ["kinds"])
    assert "bien-ban-thuong-ky" in result.output and "nghi-quyet-thang" in result.output


def test_templates_check_passes_on_the_committed_templates():
    result = CliRunner().invoke(main, ["templates", "check"])
    assert result.exit_code == 0, result.output


def test_context_prints_the_template_values():
    result = CliRunner().invoke(main, ["context", SAMPLE, "--kind", "nghi-quyet-thang"])
    assert result.exit_code == 0, result.output
    context = json.loads(result.output)
    assert context["doc"]["number_line"] == "Số 11-NQ/CB"
    assert context["vote"]["percent"] == "88,89%"


def test_a_utf8_byte_order_mark_is_accepted(tmp_path):
    source = tmp_path / "bom.json"
    source.write_bytes(b"\xef\xbb\xbf" + (SAMPLES / "monthly-meeting.json").read_bytes())
    out = tmp_path / "out.docx"
    result = CliRunner().invoke(main, ["render", str(source), "--kind", "bien-ban-thuong-ky", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.stat().st_size > 0


def test_output_into_a_missing_folder_is_a_vietnamese_error(tmp_path):
    out = tmp_path / "chua-co" / "out.docx"
    result = CliRunner().invoke(main, ["render", SAMPLE, "--kind", "bien-ban-thuong-ky", "-o", str(out)])
    assert result.exit_code == 2
    assert f"Lỗi: thư mục “{out.parent}” không tồn tại" in result.stderr
    assert "Traceback" not in result.output and not out.parent.exists()


def test_profile_names_ignore_case_and_an_unknown_one_lists_the_valid_ones(tmp_path):
    out = tmp_path / "out.docx"
    result = CliRunner().invoke(
        main, ["render", SAMPLE, "--kind", "bien-ban-thuong-ky", "--profile", "HD36-2018", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "(hd36-2018," in result.output
    result = CliRunner().invoke(main, ["render", SAMPLE, "--kind", "bien-ban-thuong-ky", "--profile", "hd99"])
    assert result.exit_code == 2
    assert "Quy chuẩn thể thức “hd99” không tồn tại; chọn một trong: hd36-2018, hd05-2026." in result.stderr


def test_titles_show_the_three_months_and_write_nothing(tmp_path):
    december = str(SAMPLES / "december-meeting.json")
    out = tmp_path / "out.docx"
    result = CliRunner().invoke(main, ["render", december, "--kind", "nghi-quyet-thang", "--titles", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "Văn bản: NGHỊ QUYẾT — về nhiệm vụ tháng 12 năm 2026",
        "Tháng sinh hoạt (tên biên bản): tháng 12 năm 2026 (mặc định theo ngày họp)",
        "Tháng của nghị quyết (nhiệm vụ): tháng 12 năm 2026 (mặc định theo ngày họp)",
        "Tháng được đánh giá: tháng 11 năm 2026 (theo dữ liệu nhập)",
        "Biên bản: Sinh hoạt chi bộ thường kỳ tháng 12 năm 2026",
        "Nghị quyết: Nghị quyết về nhiệm vụ tháng 12 năm 2026",
        "Phần đánh giá: Đánh giá kết quả thực hiện Nghị quyết tháng 11 năm 2026",
    ]
    assert not out.exists()
