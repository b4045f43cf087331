"""Stand-ins for soffice's --convert-to command line and for the resident converter's UNO worker, to drive the
converter pool through crashes and hangs.

Run as a script it converts its inputs in argument order the way LibreOffice
does (the PDF appears under its final name only when complete); run with
--uno-worker it plays service/render/uno_worker.py (a JSON request per line,
after checking that its "soffice" runs). What each "DOCX" contains says what to do:

    CRASH               kill itself with SIGKILL while on this document
    CRASH-ONCE <path>   the same, the first time only (<path> remembers)
    HANG <path>         start a child, write both process ids to <path>, never finish
    PARTIAL             write the start of a PDF under its final name, then die
    BAD                 refuse it and go on, as LibreOffice does with a file it cannot load
    anything else       the "PDF" is the document between PDF_PREFIX and PDF_SUFFIX

`install(directory)` writes an executable `soffice` that runs this script;
`worker_command()` is the command that starts the UNO worker's stand-in, and
`install_uno_python(directory)` a `python` that runs it in place of the real worker.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

PDF_PREFIX, PDF_SUFFIX = b"%PDF-fake\n", b"\n%%EOF\n"


def pdf(content: bytes) -> bytes:
    """What this stand-in makes of a document."""
    return PDF_PREFIX + content + PDF_SUFFIX


def install(directory: Path) -> str:
    executable = directory / "soffice"
    executable.write_text(f'#!/bin/sh\nexec "{sys.executable}" "{Path(__file__).resolve()}" "$@"\n')
    executable.chmod(0o755)
    return str(executable)


def worker_command() -> list[str]:
    return [sys.executable, str(Path(__file__).resolve()), "--uno-worker"]


def install_uno_python(directory: Path) -> str:
    """An executable `python` that, given the UNO worker's path and arguments, runs this stand-in of it."""
    executable = directory / "python"
    command = " ".join(f'"{part}"' for part in worker_command())
    executable.write_text(f'#!/bin/sh\nshift\nexec {command} "$@"\n')
    executable.chmod(0o755)
    return str(executable)


def main(args: list[str]) -> None:
    if args[:1] == ["--version"]:
        print("LibreOffice stand-in")
        return
    outdir = Path(args[args.index("--outdir") + 1])
    outdir.mkdir(parents=True, exist_ok=True)
    for source in (Path(arg) for arg in args if arg.endswith(".docx")):
        if _convert(source, outdir / (source.stem + ".pdf")):
            continue
        print("Error: source file could not be loaded", file=sys.stderr)


def worker(soffice: str) -> None:
    if subprocess.run([soffice, "--version"], capture_output=True).returncode != 0:
        sys.exit("soffice did not start")
    print(json.dumps({"ready": True}), flush=True)
    for line in sys.stdin:
        request = json.loads(line)
        done = _convert(Path(request["convert"]), Path(request["to"]))
        print(json.dumps({"done": True} if done else {"refused": "could not be loaded"}), flush=True)


def _convert(source: Path, target: Path) -> bool:
    """Act on what the document says; False when it is refused."""
    content = source.read_bytes()
    word, _, rest = content.partition(b" ")
    if word == b"CRASH" or (word == b"CRASH-ONCE" and _first_time(Path(rest.decode()))):
        os.kill(os.getpid(), signal.SIGKILL)
    if word == b"PARTIAL":
        target.write_bytes(PDF_PREFIX)
        os.kill(os.getpid(), signal.SIGKILL)
    if word == b"HANG":
        _hang(Path(rest.decode()))
    if word == b"BAD":
        return False
    partial = target.with_suffix(".tmp")
    partial.write_bytes(pdf(content))
    partial.rename(target)
    return True


def _first_time(marker: Path) -> bool:
    if marker.exists():
        return False
    marker.touch()
    return True


def _hang(pid_file: Path) -> None:
    child = subprocess.Popen(["sleep", "600"])
    pid_file.write_text(f"{os.getpid()} {child.pid}")
    while True:
        time.sleep(60)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--uno-worker"]:
        worker(sys.argv[2])
    else:
        main(sys.argv[1:])
