"""`python -m service stats` on the test's own database: the figures printed, the report and the XLSX written."""

from __future__ import annotations

from click.testing import CliRunner
from openpyxl import load_workbook

from service.formats.checker import check_docx
from service.cli.stats import stats


def run(app, *args: str, code: int = 0) -> str:
    env = {"PARTYDOCS_DATABASE_URL": app.config["DATABASE_URL"], "PARTYDOCS_STORAGE_DIR": app.config["STORAGE_DIR"]}
    result = CliRunner().invoke(stats, list(args), env=env)
    assert result.exit_code == code, result.output
    return result.output


def test_the_figures_the_report_and_the_workbook(app, dang_bo, tree, tmp_path):
    printed = run(
        app,
        "--org",
        str(dang_bo["id"]),
        "--quarter",
        "2026-Q4",
        "-o",
        str(tmp_path / "r.docx"),
        "--xlsx",
        str(tmp_path / "f.xlsx"),
    )
    assert printed.startswith("Đảng bộ xã An Phú — quý IV năm 2026: 2 chi bộ\n")
    assert (
        "  Chi bộ Thôn Đông: thường kỳ 1 buổi (10/2026: 1, 11/2026: 0, 12/2026: 0); chuyên đề 0 buổi (theo kế "
        "hoạch các quý: 0/1); dự 100%; nghị quyết 0"
    ) in printed
    assert "  Chi bộ Thôn Đông: tháng 11/2026 không có biên bản sinh hoạt thường kỳ." in printed
    assert check_docx((tmp_path / "r.docx").read_bytes()).ok
    assert load_workbook(tmp_path / "f.xlsx").sheetnames == ["Theo tháng", "Chuyên đề", "Cảnh báo"]


def test_a_bad_quarter_or_an_unknown_organization_is_said_in_vietnamese(app, dang_bo):
    assert "“--quarter”: không đọc được “2026-Q5”" in run(app, "--org", str(dang_bo["id"]), "--quarter", "2026-Q5", code=2)
    assert "Không tìm thấy tổ chức đảng mã số 999" in run(app, "--org", "999", "--quarter", "2026-Q4", code=2)
    assert "“--to”: không đọc được “x”" in run(app, "--org", str(dang_bo["id"]), "--from", "2026-10", "--to", "x", code=2)
