"""`python -m service templates lint|upload|versions|activate|deactivate` on a database of their own."""

from __future__ import annotations

import hashlib

import pytest
from click.testing import CliRunner

from service.cli import main
from tests.helpers import docx_text
from tests.custom_templates.files import KIND, custom, paragraph, payload


@pytest.fixture
def run(tmp_path):
    env = {
        "PARTYDOCS_DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}",
        "PARTYDOCS_STORAGE_DIR": str(tmp_path / "storage"),
    }

    def invoke(*args: str, code: int = 0) -> str:
        result = CliRunner().invoke(main, list(args), env=env)
        assert result.exit_code == code, result.output
        return result.output

    return invoke


@pytest.fixture
def files(tmp_path):
    def write(name: str, content: bytes) -> str:
        path = tmp_path / name
        path.write_bytes(content)
        return str(path)

    return write


def test_lint_prints_each_issue_and_writes_the_preview(run, files, tmp_path):
    good = files("tot.docx", custom(paragraph("Kính gửi {{ org.", "title }}")))
    output = run("templates", "lint", good, "--kind", KIND, "--preview", str(tmp_path / "xem.docx"))
    assert "[CẢNH BÁO] Trong phần thân văn bản" in output and "Mẫu dùng được." in output
    assert "Bản xem trước theo quy chuẩn hd05-2026:" in output
    assert "Kính gửi Chi bộ Thôn Đông" in docx_text((tmp_path / "xem.docx").read_bytes())
    bad = run("templates", "lint", files("sai.docx", payload("{{ org.nmae }}")), "--kind", KIND, code=1)
    assert "[LỖI]" in bad and "Có phải ý là “name”?" in bad


def test_refused_files_and_templates_exit_2(run, files):
    assert "không phải văn bản Word" in run("templates", "lint", files("x.docx", b"%PDF-1.7"), "--kind", KIND, code=2)
    stopped = run(
        "templates", "lint", files("b.docx", payload("{% for i in range(10**9) %}{% endfor %}")), "--kind", KIND, code=2
    )
    assert "Lỗi: Mẫu văn bản lặp quá nhiều lần" in stopped
    assert "không tồn tại" in run("templates", "lint", files("t.docx", payload("x")), "--kind", "khong-co", code=2)


def test_upload_versions_activate_and_roll_back(run, files):
    run("org", "add", "--name", "Chi bộ Thôn Đông", "--place", "An Phú", "--upper", "Đảng bộ xã An Phú")
    first, second = custom(paragraph("Mẫu A")), custom(paragraph("Mẫu B"))
    first_sha, second_sha = hashlib.sha256(first).hexdigest(), hashlib.sha256(second).hexdigest()
    assert "Chưa có mẫu riêng" in run("templates", "versions", "--org", "1", "--kind", KIND)
    kept = run("templates", "upload", files("a.docx", first), "--org", "1", "--kind", KIND)
    assert f"{first_sha[:12]} (mã 1): đã lưu phiên bản mới; dùng bằng: python -m service templates activate" in kept
    run("templates", "upload", files("b.docx", second), "--org", "1", "--kind", KIND, "--activate")
    listed = run("templates", "versions", "--org", "1", "--kind", KIND).splitlines()
    assert listed[0].startswith(f"* {second_sha[:12]}  mã 2") and listed[1].startswith(f"  {first_sha[:12]}  mã 1")
    assert "từ nay dùng mẫu" in run("templates", "activate", first_sha[:6], "--org", "1", "--kind", KIND)
    assert run("templates", "versions", "--org", "1", "--kind", KIND).splitlines()[1].startswith("* ")
    run("templates", "deactivate", "--org", "1", "--kind", KIND)
    assert "Không phiên bản nào đang được dùng" in run("templates", "versions", "--org", "1", "--kind", KIND)
    assert "Lỗi: Không có phiên bản mẫu nào" in run("templates", "activate", "ffff", "--org", "1", "--kind", KIND, code=2)
    rejected = run("templates", "upload", files("c.docx", payload("{{ org.nmae }}")), "--org", "1", "--kind", KIND, code=1)
    assert "Mẫu có lỗi nên chưa được lưu." in rejected
