"""The resident converter's own process: one LibreOffice kept running, driven over UNO.

Run by a Python that can `import uno` (Debian's python3 with python3-uno, or the
python LibreOffice ships beside soffice), never by the service's virtualenv, so
it imports nothing from the service: service/render/resident.py starts it as

    PYTHON uno_worker.py SOFFICE PROFILE_DIR PIPE_NAME

It starts soffice listening on a named local pipe (no network port), connects,
converts one small document so that Writer and the DOCX filter are loaded, and
prints {"ready": true}. Then, for each JSON line {"convert": DOCX, "to": PDF} on
standard input, it writes the PDF and prints {"done": true}, or
{"refused": reason} for a file LibreOffice cannot open. When LibreOffice dies it
exits: the caller sees the end of the output and starts another.

It never outlives the service: a watchdog kills its process group (itself and
soffice) when the process that started it is gone, however that process ended,
or when soffice is gone. Standard input closing ends it the same way.
"""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import zipfile
from pathlib import Path

import uno
from com.sun.star.beans import PropertyValue
from com.sun.star.connection import NoConnectException
from com.sun.star.uno import Exception as UnoException

DOCX_FILTER = "MS Word 2007 XML"
PDF_FILTER = "writer_pdf_Export"
WATCH_SECONDS = 0.2
CONNECT_RETRY_SECONDS = 0.05

# The smallest DOCX Word would open, in the project's font with Vietnamese text: converting it once at the
# start loads Writer, the DOCX import, the PDF export and the font, which otherwise cost the first real
# document ~0.5 s.
PRIMER_PARTS = {
    "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
    "_rels/.rels": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Target="word/document.xml" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/></Relationships>',
    "word/document.xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r>'
    '<w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman"/><w:b/></w:rPr>'
    "<w:t>ĐẢNG CỘNG SẢN VIỆT NAM</w:t></w:r></w:p></w:body></w:document>",
}


def _property(name: str, value) -> PropertyValue:
    prop = PropertyValue()
    prop.Name, prop.Value = name, value
    return prop


# The socket of soffice's pipe, which it leaves behind when killed; set by main.
_pipe_socket: Path | None = None


def _kill_group() -> None:
    if _pipe_socket is not None:
        _pipe_socket.unlink(missing_ok=True)
    os.killpg(0, signal.SIGKILL)


def pipe_socket(pipe: str) -> Path:
    """Where LibreOffice (osl) puts the socket of a named pipe."""
    return Path(f"/tmp/OSL_PIPE_{os.getuid()}_{pipe}")


def _fail(message: str) -> None:
    print(f"uno_worker: {message}", file=sys.stderr, flush=True)
    _kill_group()


def _watch(parent: int, office: subprocess.Popen) -> None:
    """Kill everything this process started once its parent or LibreOffice is gone."""
    while os.getppid() == parent and office.poll() is None:
        time.sleep(WATCH_SECONDS)
    _kill_group()


def _start_office(soffice: str, profile: Path, pipe: str) -> subprocess.Popen:
    return subprocess.Popen(
        [
            soffice,
            f"-env:UserInstallation={profile.resolve().as_uri()}",
            "--headless",
            "--invisible",
            "--norestore",
            "--nologo",
            "--nolockcheck",
            "--nodefault",
            f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext",
        ],
        stdin=subprocess.DEVNULL,
        stdout=sys.stderr,
        stderr=sys.stderr,
    )


def _connect(pipe: str, office: subprocess.Popen):
    """LibreOffice's desktop, once soffice listens (the caller bounds how long this may take)."""
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    while True:
        try:
            context = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
            return context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
        except NoConnectException:
            if office.poll() is not None:
                _fail(f"soffice exited with status {office.returncode} before it listened")
            time.sleep(CONNECT_RETRY_SECONDS)


def convert(desktop, source: str, target: str, office: subprocess.Popen) -> dict:
    """One DOCX to PDF; {"refused": …} when LibreOffice cannot load or export it. Ends the process when
    LibreOffice died."""
    document = None
    try:
        document = desktop.loadComponentFromURL(
            uno.systemPathToFileUrl(source),
            "_blank",
            0,
            (_property("Hidden", True), _property("ReadOnly", True), _property("FilterName", DOCX_FILTER)),
        )
        if document is None:
            return {"refused": "LibreOffice returned no document"}
        document.storeToURL(uno.systemPathToFileUrl(target), (_property("FilterName", PDF_FILTER),))
        return {"done": True}
    except UnoException as error:
        # A bridge broken by soffice's death raises like a refused file does: tell the two apart.
        _fail_if_dead(office)
        return {"refused": f"{type(error).__name__}: {error.Message}"}
    finally:
        if document is not None:
            document.close(True)


def _fail_if_dead(office: subprocess.Popen) -> None:
    try:
        office.wait(timeout=1)
    except subprocess.TimeoutExpired:
        return
    _fail(f"soffice exited with status {office.returncode}")


def _prime(desktop, office: subprocess.Popen) -> None:
    with tempfile.TemporaryDirectory(prefix="primer-") as folder:
        source, target = Path(folder) / "primer.docx", Path(folder) / "primer.pdf"
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
            for name, xml in PRIMER_PARTS.items():
                package.writestr(name, xml)
        source.write_bytes(buffer.getvalue())
        answer = convert(desktop, str(source), str(target), office)
        if "done" not in answer:
            _fail(f"LibreOffice could not convert the primer document: {answer}")


def _reply(answer: dict) -> None:
    sys.stdout.write(json.dumps(answer) + "\n")
    sys.stdout.flush()


def main(argv: list[str]) -> None:
    global _pipe_socket
    soffice, profile, pipe = argv
    _pipe_socket = pipe_socket(pipe)
    parent = os.getppid()
    office = _start_office(soffice, Path(profile), pipe)
    threading.Thread(target=_watch, args=(parent, office), daemon=True).start()
    desktop = _connect(pipe, office)
    _prime(desktop, office)
    _reply({"ready": True})
    for line in sys.stdin:
        request = json.loads(line)
        _reply(convert(desktop, request["convert"], request["to"], office))
    _kill_group()


if __name__ == "__main__":
    try:
        main(sys.argv[1:])
    except BaseException:
        traceback.print_exc()
    finally:
        # However main ended, soffice must not stay behind.
        _kill_group()
