"""Files kept by content: every issued document and every template it was rendered from, named by SHA-256.

Naming by content makes a write idempotent (the same document issued twice is
one file) and lets the archive rebuild a document from the exact template
bytes after templates_docx/ has moved on. Each file is written to a temporary
name in the same folder, flushed to disk and renamed, so a reader never sees a
half-written file, even after a crash.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from flask import Flask, current_app


class MissingFile(LookupError):
    pass


class Storage:
    def __init__(self, root: Path):
        self.root = Path(root)

    def path(self, sha256: str) -> Path:
        return self.root / sha256[:2] / sha256

    def put(self, content: bytes) -> str:
        sha256 = hashlib.sha256(content).hexdigest()
        target = self.path(sha256)
        if target.is_file():
            return sha256
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(content)
                stream.flush()
                os.fsync(stream.fileno())
            os.replace(temporary, target)
        except BaseException:
            os.unlink(temporary)
            raise
        return sha256

    def get(self, sha256: str) -> bytes:
        try:
            return self.path(sha256).read_bytes()
        except FileNotFoundError:
            raise MissingFile(sha256) from None


def storage_dir(app: Flask) -> Path:
    """PARTYDOCS_STORAGE_DIR, else storage/ in the instance folder."""
    return Path(app.config.get("STORAGE_DIR") or Path(app.instance_path) / "storage")


def init_app(app: Flask) -> None:
    app.extensions["storage"] = Storage(storage_dir(app))


def get_storage() -> Storage:
    return current_app.extensions["storage"]
