"""The whole database as JSON Lines and back again."""

from __future__ import annotations

import io
import json

import pytest

from service.findings import InputInvalid
from service.store import export, reviews
from service.store.db import Database
from service.store.errors import Conflict
from service.custom_templates import versions
from tests.store.databases import Source


@pytest.fixture
def empty_database(tmp_path, database_source):
    """Makes an empty database: a new SQLite file, or on PostgreSQL the test's schema emptied (export first)."""
    made = []

    def make() -> Database:
        (tmp_path / "copy").mkdir()
        made.append(Database(database_source.fresh(tmp_path / "copy")))
        return made[-1]

    yield make
    for database in made:
        database.dispose()


def test_an_export_imports_into_an_empty_database_and_exports_the_same(
    client, database, empty_database, meeting, roster, chi_bo
):
    meeting["organization_id"] = chi_bo["id"]
    client.post("/api/v1/documents/nghi-quyet-thang", data=json.dumps(meeting), content_type="application/json")
    with database.write() as session:  # the chi bộ's own template, in use (service/custom_templates)
        version, _ = versions.add(
            session,
            organization_id=chi_bo["id"],
            kind="nghi-quyet-thang",
            profile_id="hd05-2026",
            sha256="a" * 64,
            filename="mẫu.docx",
            size=1,
            preview_sha256="b" * 64,
            report={},
            uploaded_by="test",
        )
        versions.activate(session, version, "test")
    reviews.record_results(database, chi_bo["id"], 2026, [["Họ và tên", "Tự xếp loại"], ["Nguyễn Văn An", "HTTNV"]])
    lines = list(export.export_lines(database))
    assert {json.loads(line)["table"] for line in lines} == set(export.TABLES)
    target = empty_database()
    assert export.import_from(target, io.StringIO("\n".join(lines))) == len(lines)
    assert list(export.export_lines(target)) == lines


def test_a_parent_recorded_after_its_child_is_linked(database, empty_database, dang_bo, chi_bo):
    from service.store import organizations

    later = organizations.create_organization(database, {"level": "dang_bo", "name": "Đảng bộ huyện", "place": "Phú Yên"})
    organizations.update_organization(database, dang_bo["id"], {"parent_id": later["id"]})
    lines = list(export.export_lines(database))
    target = empty_database()
    export.import_from(target, io.StringIO("\n".join(lines)))
    assert list(export.export_lines(target)) == lines


def test_import_refuses_a_database_with_data_and_reports_bad_lines(database, empty_database, chi_bo):
    with pytest.raises(Conflict):
        export.import_from(database, io.StringIO(""))
    with pytest.raises(InputInvalid) as invalid:
        export.import_from(empty_database(), io.StringIO('{"table": "nope", "row": {}}\n\nnot json\n'))
    assert [error.pointer for error in invalid.value.errors] == ["/1", "/3"]


def test_ids_continue_after_an_import_on_postgresql(tmp_path):
    source = Source(tmp_path)
    if source.server_url is None:
        pytest.skip("set TEST_DATABASE_URL to a PostgreSQL database to run it")
    try:
        from service.store import organizations

        database = Database(source.fresh(tmp_path))
        line = json.dumps(
            {
                "table": "organizations",
                "row": {
                    "id": 7,
                    "parent_id": None,
                    "level": "chi_bo",
                    "name": "Chi bộ 7",
                    "upper_name": "Đảng bộ xã",
                    "abbreviation": "CB",
                    "place": "An Phú",
                    "created_on": "2020-01-01",
                },
            },
            ensure_ascii=False,
        )
        export.import_from(database, io.StringIO(line))
        assert organizations.create_organization(database, {"name": "Chi bộ 8", "place": "An Phú"})["id"] == 8
        database.dispose()
    finally:
        source.close()
