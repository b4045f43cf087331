"""`python -m service documents …`: a draft issued, corrected under its number, sent, replaced; a draft removed."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from service.cli.documents import documents
from service.cli.org import org
from tests.conftest import SAMPLES


@pytest.fixture
def run(tmp_path):
    env = {
        "PARTYDOCS_DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}",
        "PARTYDOCS_STORAGE_DIR": str(tmp_path / "storage"),
        "PARTYDOCS_INSTANCE_DIR": str(tmp_path),
    }

    def invoke(group, *args: str, code: int = 0) -> str:
        result = CliRunner().invoke(group, list(args), env=env)
        assert result.exit_code == code, result.output
        return result.output

    return invoke


def test_issue_correct_send_and_replace_from_the_command_line(run, tmp_path):
    from service import create_app, issuing

    run(
        org,
        "add",
        "--name",
        "Chi bộ Thôn Đông",
        "--place",
        "An Phú",
        "--upper",
        "Đảng bộ xã An Phú",
        "--created-on",
        "2026-01-01",
    )
    meeting = json.loads((SAMPLES / "monthly-meeting.json").read_text(encoding="utf-8"))
    env = {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}",
        "STORAGE_DIR": str(tmp_path / "storage"),
        "INSTANCE_DIR": str(tmp_path),
    }
    app = create_app(env)
    drafted = issuing.into_archive(
        app.extensions["database"],
        app.extensions["storage"],
        "nghi-quyet-thang",
        {**meeting, "organization_id": 1},
        creator="test",
        draft=True,
    ).record
    app.extensions["database"].dispose()
    assert "số 01 (issued, bản 1)" in run(documents, "issue", str(drafted.id))
    corrected = tmp_path / "corrected.json"
    corrected.write_text(json.dumps({**meeting, "organization_id": 1}), encoding="utf-8")
    assert "số 01 (issued, bản 2)" in run(documents, "correct", "2", str(corrected), "--reason", "Sửa lỗi")
    assert "(sent, bản 2)" in run(documents, "sent", "3")
    refused = run(documents, "correct", "3", str(corrected), "--reason", "Sửa nữa", code=2)
    assert "đã gửi đi nên không sửa dưới số cũ" in refused
    assert "số 02 (issued, bản 1)" in run(documents, "replace", "3", str(corrected), "--reason", "Thay thế")
    assert "Chỉ xóa được bản dự thảo" in run(documents, "remove", "4", code=2)
