"""The app factory: where the instance folder is."""

from __future__ import annotations

from service import create_app


def test_instance_dir_from_the_environment_holds_the_database(tmp_path, monkeypatch):
    for name in ("PARTYDOCS_DATABASE_URL", "DATABASE_URL", "PARTYDOCS_STORAGE_DIR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("PARTYDOCS_INSTANCE_DIR", str(tmp_path / "instance"))
    app = create_app()
    try:
        assert app.instance_path == str(tmp_path / "instance")
        assert (tmp_path / "instance" / "partydocs.sqlite3").is_file()
    finally:
        app.extensions["database"].dispose()
