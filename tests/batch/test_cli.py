"""`python -m service batch` and `python -m service worker`: a roster in, the ZIP out with a progress bar;
a wrong roster lists every problem and starts nothing (exit 2)."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import zipfile

from click.testing import CliRunner
from sqlalchemy import func, select, update

from benchmarks.hostile import error_csv
from benchmarks.rosters import write_csv
from service.batch.plan import plan
from service.batch.progress import owners
from service.batch.progress.models import BatchChunk, BatchItem, BatchJob
from service.cli import main
from tests.batch.conftest import OPTIONS, rows_of, small_roster, table_of
from tests.batch.helpers import chunk_ids, entries
from tests.conftest import SAMPLES


def invoke(batch_app, *args):
    environment = {
        "PARTYDOCS_DATABASE_URL": batch_app.config["DATABASE_URL"],
        "PARTYDOCS_BATCH_DIR": batch_app.config["BATCH_DIR"],
        "PARTYDOCS_BATCH_WORKERS": "2",
    }
    return CliRunner().invoke(main, list(map(str, args)), env=environment)


def test_a_roster_becomes_a_zip_of_documents_books_and_manifests(batch_app, tmp_path):
    roster = write_csv(small_roster(30), tmp_path / "danh sách.csv")
    result = invoke(batch_app, "batch", roster, "--year", 2026, "-o", tmp_path / "out.zip")
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(tmp_path / "out.zip") as package:
        names = package.namelist()
    assert "manifest.csv" in names and "manifest.json" in names
    assert any(name.endswith(".docx") and "/Tập in kiểm điểm năm 2026 - " in name for name in names)
    assert result.output.splitlines()[-1].startswith(f"{tmp_path / 'out.zip'}: {len(names) - 3} văn bản, 0 lỗi")


def test_a_wrong_roster_lists_every_problem_and_starts_nothing(batch_app, tmp_path):
    roster = write_csv(
        table_of(
            {
                "Đảng bộ": "Đảng bộ xã An Phú",
                "Chi bộ": "Chi bộ Thôn Đông",
                "Họ và tên": "A",
                "Ngày sinh": "32/01/1970",
                "Địa danh": "An Phú",
            },
            {"Đảng bộ": "Đảng bộ xã An Phú", "Họ và tên": "B", "Địa danh": "An Phú"},
        ),
        tmp_path / "r.csv",
    )
    result = invoke(batch_app, "batch", roster, "--year", 2026)
    assert result.exit_code == 2
    assert "Lỗi /2/Ngày sinh: Dòng 2, cột “Ngày sinh”" in result.output
    assert "Lỗi /3/Chi bộ: Dòng 3, cột “Chi bộ”: bắt buộc phải nhập." in result.output
    with batch_app.extensions["database"].read() as session:
        assert session.scalar(select(func.count()).select_from(BatchJob)) == 0


def test_a_file_that_is_no_roster_is_refused(batch_app, tmp_path):
    (tmp_path / "r.xlsx").write_bytes(b"plain text")
    result = invoke(batch_app, "batch", tmp_path / "r.xlsx", "--year", 2026)
    assert result.exit_code == 2 and "Lỗi: Không đọc được tệp danh sách r.xlsx: không phải bảng tính Excel" in result.output


def test_a_year_and_one_source_are_needed(batch_app, tmp_path):
    assert invoke(batch_app, "batch", "--year", 2026).exit_code == 2
    assert invoke(batch_app, "batch", SAMPLES / "batch-roster-template.xlsx").exit_code == 2


def test_the_annotated_template_is_written_on_request(batch_app, tmp_path):
    result = invoke(batch_app, "batch", "--template", tmp_path / "mẫu.xlsx")
    assert result.exit_code == 0
    assert (tmp_path / "mẫu.xlsx").read_bytes() == (SAMPLES / "batch-roster-template.xlsx").read_bytes()


def test_the_worker_command_is_there(batch_app):
    result = invoke(batch_app, "worker", "--help")
    assert result.exit_code == 0 and "--concurrency" in result.output


def test_a_batch_whose_runner_died_is_finished_by_resume(batch_app, tmp_path):
    database = batch_app.extensions["database"]
    job_id = plan(database, rows_of(small_roster(30)), OPTIONS, runner="local", source="test", chunk_documents=500)
    first = chunk_ids(database, job_id)[0]
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    with database.write() as session:  # what a killed service leaves: a chunk held by a dead process
        session.execute(
            update(BatchChunk)
            .where(BatchChunk.id == first)
            .values(
                status="running",
                owner=f"{owners.HOST}:{dead.stdout.strip()}",
                attempts=1,
                lease_until=owners.now() + dt.timedelta(minutes=5),
            )
        )
    result = invoke(batch_app, "batch", "--resume", job_id, "-o", tmp_path / "out.zip")
    assert result.exit_code == 0, result.output
    assert entries((tmp_path / "out.zip").read_bytes())
    assert invoke(batch_app, "batch", "--resume", 999_999).output.startswith("Lỗi: Không tìm thấy đợt")


def test_a_roster_of_many_wrong_rows_lists_the_first_ones(batch_app, tmp_path):
    (tmp_path / "r.csv").write_bytes(error_csv(10_000))
    result = invoke(batch_app, "batch", tmp_path / "r.csv", "--year", 2026)
    problems = [line for line in result.output.splitlines() if line.startswith("Lỗi")]
    assert result.exit_code == 2 and len(problems) == 101 and "dừng kiểm tra" in problems[-1]


def test_the_check_report_is_printed_before_anything_is_made_and_check_alone_makes_nothing(batch_app, tmp_path):
    roster = write_csv(
        table_of(
            {
                "Đảng bộ": "Đảng bộ xã An Phú",
                "Chi bộ": "Chi bộ Thôn Đông",
                "Địa danh": "An Phú",
                "Họ và tên": "Nguyễn Văn An",
                "Chức vụ đảng": "Bí thư Chi bộ",
                "Đơn vị": "Cán bộ hưu trí",
            },
            {
                "Đảng bộ": "Đảng bộ xã An Phú",
                "Chi bộ": "Chi bộ Thôn Đông",
                "Địa danh": "An Phú",
                "Họ và tên": "Trần Thị Bình",
                "Chức vụ chính quyền": "Phó Chủ tịch UBND xã",
            },
        ),
        tmp_path / "r.csv",
    )
    result = invoke(batch_app, "batch", roster, "--year", 2026, "--check")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("KIỂM TRA DANH SÁCH KIỂM ĐIỂM NĂM 2026 (Quy định 366-QĐ/TW)\n")
    assert (
        "- Dòng 2 (Chi bộ Thôn Đông) Nguyễn Văn An: chưa rõ mẫu bản kiểm điểm: “Cán bộ hưu trí” (nghỉ hưu) nhưng "
        "giữ chức vụ “Bí thư Chi bộ”; tạm dùng Mẫu 2C, đề nghị ghi rõ cột “Mẫu” (2A hoặc 2C)"
    ) in result.output
    assert (
        "- Dòng 3 (Chi bộ Thôn Đông) Trần Thị Bình: Mẫu 2A, đoán vì chức vụ “Phó Chủ tịch UBND xã” là chức vụ "
        "lãnh đạo, quản lý"
    ) in result.output
    with batch_app.extensions["database"].read() as session:
        assert session.scalar(select(func.count()).select_from(BatchJob)) == 0
    made = invoke(batch_app, "batch", roster, "--year", 2026, "-o", tmp_path / "out.zip")
    assert made.exit_code == 0 and made.output.index("KIỂM TRA DANH SÁCH") < made.output.index("Cảnh báo ")
    assert "Cảnh báo Đảng bộ xã An Phú/Chi bộ Thôn Đông/Bản kiểm điểm cá nhân/001 - " in made.output


def test_a_batch_with_failed_documents_writes_its_zip_and_exits_3_with_the_count(batch_app, tmp_path):
    database = batch_app.extensions["database"]
    job_id = plan(database, rows_of(small_roster(30)), OPTIONS, runner="local", source="test", chunk_documents=500)
    with database.write() as session:  # two documents their data refuses
        for item in session.scalars(
            select(BatchItem).where(BatchItem.job_id == job_id, BatchItem.kind == "ban-kiem-diem-ca-nhan").limit(2)
        ):
            item.input = {**item.input, "birth_date": "1968-02-31"}
    result = invoke(batch_app, "batch", "--resume", job_id, "-o", tmp_path / "out.zip")
    assert result.exit_code == 3, result.output
    assert f"Đợt {job_id}: 2 văn bản không tạo được" in result.output
    assert ", 2 lỗi, " in result.output and (tmp_path / "out.zip").is_file()


def test_the_readme_s_check_report_is_what_the_command_prints(batch_app):
    readme = (SAMPLES.parent / "README.md").read_text(encoding="utf-8")
    shown = readme.split("for\n`samples/batch-roster-agency.csv`:\n\n```text\n", 1)[1].split("```", 1)[0]
    result = invoke(batch_app, "batch", SAMPLES / "batch-roster-agency.csv", "--year", 2026, "--check")
    assert result.exit_code == 0 and result.output == shown
