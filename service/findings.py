"""What validation finds: errors that stop a document and warnings that travel with it.

Every door shows the same findings: the API as problem details (422), the CLI
on stderr (exit 2), the web page next to the field. A finding names the field
by JSON pointer and speaks Vietnamese to the person who typed it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Iterable, Literal


@dataclass(frozen=True)
class Finding:
    pointer: str  # JSON pointer into the input, "" for the whole document
    code: str  # stable English code, e.g. "attendance_sum"
    message: str  # Vietnamese, names the field
    severity: Literal["error", "warning"] = "error"

    def as_dict(self) -> dict:
        return asdict(self)


def pointer(*path: str | int) -> str:
    """JSON pointer (RFC 6901) for a path of keys and indexes."""
    return "".join("/" + str(part).replace("~", "~0").replace("/", "~1") for part in path)


class InputInvalid(Exception):
    """The input breaks the model or a hard rule: nothing is produced."""

    def __init__(self, errors: Iterable[Finding], warnings: Iterable[Finding] = ()):
        self.errors = list(errors)
        self.warnings = list(warnings)
        super().__init__("; ".join(f"{e.pointer or '/'}: {e.message}" for e in self.errors))


class UnknownKind(LookupError):
    def __init__(self, kind: str):
        super().__init__(kind)
        self.kind = kind
