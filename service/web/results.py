"""Documents produced from a web form, kept on disk for a while so that their page can be reloaded,
previewed and downloaded with plain links.

Each result is a folder named by an unguessable token under the instance
folder: the input as submitted, the DOCX files, and the PDF and page images
once someone asks for them. Results older than a day are removed when new ones
are written.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import re
import secrets
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from service.findings import Finding
from service.pipeline import Document

MAX_AGE = dt.timedelta(days=1)
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,40}$")


@dataclass(frozen=True)
class Produced:
    kind: str
    title: str
    filename: str
    profile: str
    warnings: list[Finding]


@dataclass(frozen=True)
class Result:
    token: str
    folder: Path
    form_id: str
    owner: str | None
    created: dt.datetime
    input: dict[str, Any]
    documents: list[Produced]

    def document(self, kind_id: str) -> Produced | None:
        return next((d for d in self.documents if d.kind == kind_id), None)

    def path(self, name: str) -> Path:
        return self.folder / name

    @property
    def warnings(self) -> list[Finding]:
        seen: dict[tuple, Finding] = {}
        for document in self.documents:
            for warning in document.warnings:
                seen.setdefault((warning.pointer, warning.code, warning.message), warning)
        return list(seen.values())


class ResultStore:
    def __init__(self, root: Path):
        self.root = root

    def save(self, form_id: str, data: dict, documents: list[tuple[str, Document]], owner: str | None) -> str:
        """Write the documents (with their Vietnamese titles) and return the new result's token."""
        self.root.mkdir(parents=True, exist_ok=True)
        self._prune()
        token = secrets.token_urlsafe(18)
        staging = Path(tempfile.mkdtemp(dir=self.root, prefix=".new-"))
        for _, document in documents:
            (staging / f"{document.kind}.docx").write_bytes(document.content)
        meta = {"form": form_id, "owner": owner, "created": dt.datetime.now(dt.timezone.utc).isoformat(),
                "input": data,
                "documents": [{"kind": d.kind, "title": title, "filename": d.filename, "profile": d.profile,
                               "warnings": [w.as_dict() for w in d.warnings]} for title, d in documents]}
        (staging / "result.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
        # Renamed into place in one step: a reader never sees half a result.
        os.replace(staging, self.root / token)
        return token

    def load(self, token: str) -> Result | None:
        if not _TOKEN.match(token):
            return None
        folder = self.root / token
        try:
            meta = json.loads((folder / "result.json").read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        documents = [Produced(d["kind"], d["title"], d["filename"], d["profile"],
                              [Finding(**w) for w in d["warnings"]]) for d in meta["documents"]]
        return Result(token, folder, meta["form"], meta["owner"], dt.datetime.fromisoformat(meta["created"]),
                      meta["input"], documents)

    def recent(self, owner: str | None, limit: int) -> list[Result]:
        """The newest results of `owner`, newest first."""
        if not self.root.is_dir():
            return []
        folders = sorted((f for f in self.root.iterdir() if f.is_dir() and _TOKEN.match(f.name)),
                         key=lambda f: f.stat().st_mtime, reverse=True)
        found = []
        for folder in folders:
            result = self.load(folder.name)
            if result is not None and result.owner == owner:
                found.append(result)
                if len(found) == limit:
                    break
        return found

    def _prune(self) -> None:
        limit = dt.datetime.now().timestamp() - MAX_AGE.total_seconds()
        for folder in self.root.iterdir():
            if folder.is_dir() and folder.stat().st_mtime < limit:
                shutil.rmtree(folder, ignore_errors=True)


def write_atomically(path: Path, content: bytes) -> None:
    """Write a derived file (PDF, page image) so that a concurrent reader sees it whole or not at all."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".part-")
    with os.fdopen(handle, "wb") as out:
        out.write(content)
    os.replace(temporary, path)
