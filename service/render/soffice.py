"""One LibreOffice run: a batch of DOCX files to PDF, in a private profile, watched for hangs and crashes.

Only this module knows soffice's --convert-to command line. A run converts many
documents per process start (the start costs ~0.8 s, a document ~35 ms), in
argument order, writing each PDF under a temporary name and renaming it when
complete; so the highest-numbered finished PDF says how far the run got, and the
document after it is the one LibreOffice was working on when it died or hung.
The pool converts this way when no Python with UNO is there to keep a
LibreOffice resident (service/render/resident.py).
"""

from __future__ import annotations

import logging
import os
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

log = logging.getLogger(__name__)

# Naming the import filter makes LibreOffice refuse anything that is not a DOCX
# instead of importing it as plain text and printing its bytes.
DOCX_FILTER = "MS Word 2007 XML"
PDF_FILTER = "pdf:writer_pdf_Export"
POLL_SECONDS = 0.05
LOG_TAIL = 2000
# Beyond this, a crash costs a larger rerun and LibreOffice's memory keeps growing;
# the process start (~0.8 s) is already spread over twenty documents.
BATCH_SIZE = 20


def find_soffice() -> str | None:
    """The LibreOffice executable on PATH, or None (PDF is then disabled)."""
    return shutil.which("soffice") or shutil.which("libreoffice")


@dataclass
class Run:
    """What one soffice process did with a batch, by document index."""

    pdfs: dict[int, bytes] = field(default_factory=dict)
    rejected: set[int] = field(default_factory=set)  # LibreOffice could not load them and went on
    interrupted_at: int | None = None  # the document in progress when it crashed or hung
    reason: str | None = None  # "crashed", "timeout" or "cancelled"


class RunPerBatch:
    """A converter of the pool that starts LibreOffice for each batch it takes."""

    batch_size = BATCH_SIZE

    def __init__(self, soffice_path: str, profile: Path, timeout: float, cancel: threading.Event):
        self.soffice_path, self.profile, self.timeout, self.cancel = soffice_path, profile, timeout, cancel

    def warm(self) -> None:
        """Nothing stays running between batches."""

    def convert(self, documents: Sequence[bytes]) -> Run:
        return convert(self.soffice_path, self.profile, documents, self.timeout, self.cancel)

    def close(self) -> None:
        """Each run cleans up after itself."""


def command(soffice: str, profile: Path, outdir: Path, inputs: Sequence[Path]) -> list[str]:
    return [
        soffice,
        f"-env:UserInstallation={profile.resolve().as_uri()}",
        "--headless",
        "--norestore",
        "--nologo",
        "--nolockcheck",
        f"--infilter={DOCX_FILTER}",
        "--convert-to",
        PDF_FILTER,
        "--outdir",
        str(outdir),
        *map(str, inputs),
    ]


def convert(
    soffice: str, profile: Path, documents: Sequence[bytes], timeout: float, cancel: threading.Event | None = None
) -> Run:
    """Convert documents in one process; killed when `timeout` seconds pass without a document finishing."""
    with tempfile.TemporaryDirectory(prefix="run-", dir=profile.parent) as work:
        work = Path(work)
        inputs = [work / f"{index:04d}.docx" for index in range(len(documents))]
        for path, content in zip(inputs, documents):
            path.write_bytes(content)
        outdir, log_path = work / "pdf", work / "soffice.log"
        with log_path.open("wb") as output:
            process = _start(command(soffice, profile, outdir, inputs), output)
            reason = _watch(process, outdir, len(documents), timeout, cancel or threading.Event())
        run = _collect(outdir, len(documents), reason)
        if reason:
            log.warning(
                "LibreOffice %s at document %s of %s: %s",
                reason,
                run.interrupted_at,
                len(documents),
                log_path.read_bytes()[-LOG_TAIL:].decode("utf-8", "replace"),
            )
        return run


def _start(args: list[str], output) -> subprocess.Popen:
    # A session of its own, so that soffice, oosplash and their helpers die together.
    return subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=output, stderr=subprocess.STDOUT, start_new_session=True)


def _watch(process: subprocess.Popen, outdir: Path, count: int, timeout: float, cancel: threading.Event) -> str | None:
    """Wait for the process; None when it exited normally, else why it was stopped."""
    reason, finished, deadline = None, 0, time.monotonic() + timeout
    while not exited(process):
        if cancel.wait(POLL_SECONDS):
            reason = "cancelled"
            break
        progress = _progress(outdir, count, finished)
        if progress > finished:
            finished, deadline = progress, time.monotonic() + timeout
        elif time.monotonic() > deadline:
            reason = "timeout"
            break
    # Also sweeps helpers LibreOffice started (gpg) and a soffice.bin whose launcher died.
    kill_group(process)
    return reason or (None if process.returncode == 0 else "crashed")


def exited(process: subprocess.Popen) -> bool:
    # WNOWAIT leaves the process unreaped, so its id (the group's id) cannot be reused before kill_group.
    return os.waitid(os.P_PID, process.pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is not None


def _progress(outdir: Path, count: int, start: int) -> int:
    """How many documents are behind LibreOffice: one past the last finished PDF."""
    done = start
    for index in range(start, count):
        if _pdf_path(outdir, index).is_file():
            done = index + 1
    return done


def _collect(outdir: Path, count: int, reason: str | None) -> Run:
    run = Run(reason=reason)
    for index in range(count):
        path = _pdf_path(outdir, index)
        content = path.read_bytes() if path.is_file() else b""
        # LibreOffice renames a PDF into place when it is written; the end marker guards against a
        # version that writes in place and was killed halfway.
        if content.rstrip().endswith(b"%%EOF"):
            run.pdfs[index] = content
    reached = max(run.pdfs, default=-1) + 1
    missing = [index for index in range(count) if index not in run.pdfs]
    # Before the point reached, or in a run that ended normally, a missing PDF is a refused document.
    run.rejected = {index for index in missing if index < reached or reason is None}
    if reason is not None and reached < count:
        run.interrupted_at = reached
    return run


def _pdf_path(outdir: Path, index: int) -> Path:
    return outdir / f"{index:04d}.pdf"


def kill_group(process: subprocess.Popen) -> None:
    """Kill the process and everything it started, then reap it."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.wait()
