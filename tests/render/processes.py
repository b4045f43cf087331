"""Waiting for processes, and finding them by what their command line names (a converter's private folder)."""

from __future__ import annotations

import time
from pathlib import Path


def wait_for(condition, seconds: float = 30) -> bool:
    """Poll until condition() holds (bounded, for processes that end asynchronously)."""
    end = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > end:
            return False
        time.sleep(0.02)
    return True


def wait_until_gone(pid: int) -> bool:
    return wait_for(lambda: not alive(pid))


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"


def naming(text: str, program: bytes = b"") -> list[int]:
    """Live processes whose command line contains `text` (and whose executable ends with `program`)."""
    pids = []
    for proc in Path("/proc").iterdir():
        try:
            args = (proc / "cmdline").read_bytes().split(b"\0")
        except (FileNotFoundError, ProcessLookupError, NotADirectoryError, PermissionError):
            continue
        if args[0].endswith(program) and any(text.encode() in arg for arg in args) and alive(int(proc.name)):
            pids.append(int(proc.name))
    return pids


def libreoffices(folder: Path) -> list[int]:
    """The soffice.bin processes whose profile lies in `folder`."""
    return naming(str(folder), b"soffice.bin")
