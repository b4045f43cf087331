"""What one form submission produced: the archived documents, their warnings, and the form as it was typed.

The documents themselves live in the archive (service/store); a result only
groups them for the page shown after "Tạo văn bản" and keeps the typed form so
that "Sửa lại" brings back exactly what was entered. Each result is a small
JSON file named by an unguessable token; results older than a day are removed
when new ones are written.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import secrets
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from service.findings import Finding

MAX_AGE = dt.timedelta(days=1)
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,40}$")


@dataclass(frozen=True)
class Produced:
    document_id: int  # in the archive
    kind: str
    title: str
    filename: str
    profile: str
    number: int | None
    warnings: list[Finding]
    draft: bool = False  # "Ban hành" on the result page makes it final
    example: bool = False  # made from the kind's sample: never issued, not in the archive's lists


@dataclass(frozen=True)
class Result:
    token: str
    form_id: str
    organization_id: int | None
    created: dt.datetime
    input: dict[str, Any]
    documents: list[Produced]

    @property
    def draft(self) -> bool:
        return any(document.draft for document in self.documents)

    @property
    def example(self) -> bool:
        return any(document.example for document in self.documents)

    @property
    def warnings(self) -> list[Finding]:
        """Every document's warnings, each told once (documents of one form share their checks)."""
        seen: dict[tuple, Finding] = {}
        for document in self.documents:
            for warning in document.warnings:
                seen.setdefault((warning.pointer, warning.code, warning.message), warning)
        return list(seen.values())


class ResultStore:
    def __init__(self, root: Path):
        self.root = root

    def save(self, form_id: str, data: dict, documents: list[Produced], organization_id: int | None) -> str:
        self.root.mkdir(parents=True, exist_ok=True)
        self._prune()
        token = secrets.token_urlsafe(18)
        meta = {
            "form": form_id,
            "organization_id": organization_id,
            "input": data,
            "created": dt.datetime.now(dt.timezone.utc).isoformat(),
            "documents": [asdict(d) for d in documents],
        }
        handle, temporary = tempfile.mkstemp(dir=self.root, prefix=".new-")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(meta, out, ensure_ascii=False)
        os.replace(temporary, self.root / f"{token}.json")
        return token

    def load(self, token: str) -> Result | None:
        if not _TOKEN.match(token):
            return None
        try:
            meta = json.loads((self.root / f"{token}.json").read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        documents = [Produced(**{**d, "warnings": [Finding(**w) for w in d["warnings"]]}) for d in meta["documents"]]
        return Result(
            token,
            meta["form"],
            meta["organization_id"],
            dt.datetime.fromisoformat(meta["created"]),
            meta["input"],
            documents,
        )

    def _prune(self) -> None:
        limit = dt.datetime.now().timestamp() - MAX_AGE.total_seconds()
        for path in self.root.glob("*.json"):
            if path.stat().st_mtime < limit:
                path.unlink(missing_ok=True)
