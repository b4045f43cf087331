"""Who is working on a chunk or packaging a job, and whether that process is still alive.

An owner is "host:pid". On the same host a dead process is seen at once (the pid is gone or a zombie), so a
killed worker's chunk is taken over as soon as anyone asks for it; on another host only its lease running
out says so.
"""

from __future__ import annotations

import datetime as dt
import os
import socket
from pathlib import Path

HOST = socket.gethostname()


def owner_id() -> str:
    return f"{HOST}:{os.getpid()}"


def now() -> dt.datetime:
    # Naive UTC with microseconds: rates over short jobs need better than whole seconds.
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


def holds(owner: str | None, lease_until: dt.datetime | None, me: str | None) -> bool:
    """Whether a claim by `owner` still keeps others (`me`) away; with `me` None, whether anyone alive, this
    process included, holds it."""
    if owner is None or owner == me or lease_until is None or lease_until <= now():
        return False
    return alive(owner)


def alive(owner: str) -> bool:
    host, _, pid = owner.rpartition(":")
    if host != HOST or not pid.isdigit():
        return True
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return not _zombie(int(pid))


def _zombie(pid: int) -> bool:
    """A killed child its parent has not reaped yet still has a pid: /proc says it is dead (Linux)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rpartition(")")[2].split()[0] == "Z"
