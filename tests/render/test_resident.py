"""The resident LibreOffice, for real: started before the first document is asked for, replaced after a crash
and after a hang, and gone when the pool stops and when the server ends, however it ends.

The rules both kinds of converter share (charges, retries, a full queue, a LibreOffice that never starts) are
in test_pdf.py, driven by stand-ins; here it is LibreOffice itself and its UNO worker.
"""

from __future__ import annotations

import json
import logging
import os
import signal
from pathlib import Path

import pytest

from benchmarks.slow_clients import running_server
from service import pipeline
from service.render import resident
from service.render.pdf import PdfPool, pdf_page_count
from service.render.soffice import find_soffice
from tests.conftest import SAMPLES
from tests.render.processes import alive, libreoffices, naming, wait_for, wait_until_gone

SOFFICE = find_soffice()
WORKER = resident.worker_command(SOFFICE) if SOFFICE else None
pytestmark = pytest.mark.skipif(
    WORKER is None,
    reason="a resident LibreOffice needs LibreOffice and python3-uno (apt-get install libreoffice-writer-nogui python3-uno)",
)
# Starting LibreOffice takes 1-3 s on an idle machine; at load 10, many times that.
START_SECONDS = 180
# Long enough that a conversion at load 10 is not taken for a hang.
HANG_TIMEOUT = 15


@pytest.fixture(scope="module")
def minutes() -> bytes:
    meeting = json.loads((SAMPLES / "monthly-meeting.json").read_text(encoding="utf-8"))
    return pipeline.produce("bien-ban-thuong-ky", meeting).content


@pytest.fixture
def make_pool():
    pools = []

    def make(**options) -> PdfPool:
        pools.append(PdfPool(SOFFICE, uno_worker=WORKER, converters=1, **options))
        return pools[-1]

    yield make
    for pool in pools:
        pool.stop()


def started(pool: PdfPool) -> list[int]:
    """The pool's LibreOffice, once it runs."""
    assert wait_for(lambda: libreoffices(pool.workdir), START_SECONDS), "LibreOffice did not start"
    return libreoffices(pool.workdir)


def test_libreoffice_starts_before_the_first_document_and_stays(make_pool, minutes):
    pool = make_pool()
    started(pool)  # no document asked for yet
    first = pool.convert(minutes)
    # (On a fresh profile LibreOffice restarts itself once while starting: the one to keep is the one that converted.)
    office = libreoffices(pool.workdir)
    second = pool.convert(minutes)
    assert first.startswith(b"%PDF") and pdf_page_count(first) == pdf_page_count(second) > 1
    assert libreoffices(pool.workdir) == office


def test_a_libreoffice_that_crashes_while_idle_is_replaced_before_a_document_needs_it(make_pool, minutes, caplog):
    pool = make_pool()
    pool.convert(minutes)
    [office] = started(pool)
    os.kill(office, signal.SIGKILL)
    # Both together: LibreOffice's own launcher may restart a killed soffice.bin before the pool looks, and the
    # pool's warning comes from its watcher thread whenever it next looks.
    assert wait_for(
        lambda: (
            "LibreOffice crashed between documents" in caplog.text
            and libreoffices(pool.workdir)
            and office not in libreoffices(pool.workdir)
        ),
        START_SECONDS,
    ), "no new LibreOffice, or no warning"
    assert pdf_page_count(pool.convert(minutes)) > 1


def test_a_libreoffice_that_crashes_on_a_document_is_replaced_and_the_document_converted(make_pool, minutes):
    pool = make_pool()
    pool.convert(minutes)
    [office] = started(pool)
    future = pool.submit([minutes] * 3)[-1]
    os.kill(office, signal.SIGKILL)
    assert pdf_page_count(future.result(timeout=START_SECONDS)) > 1
    assert office not in libreoffices(pool.workdir)


def test_a_hung_libreoffice_is_killed_and_replaced_and_the_document_converted(make_pool, minutes, caplog):
    caplog.set_level(logging.WARNING, logger="service.render")
    pool = make_pool(timeout=HANG_TIMEOUT)
    pool.convert(minutes)
    [office] = started(pool)
    os.kill(office, signal.SIGSTOP)  # alive, holding its pipe, answering nothing: a hang
    try:
        converted = pool.submit([minutes])[0].result(timeout=HANG_TIMEOUT + START_SECONDS)
    finally:
        if alive(office):
            os.kill(office, signal.SIGKILL)
    assert pdf_page_count(converted) > 1
    assert wait_until_gone(office) and "LibreOffice timeout" in caplog.text
    assert libreoffices(pool.workdir)


def test_stopping_the_pool_leaves_no_process_and_no_file(make_pool, minutes):
    pool = make_pool()
    pool.convert(minutes)
    workers = naming(str(pool.workdir))  # the UNO worker, oosplash and soffice.bin
    assert len(workers) >= 2
    pool.stop()
    assert all(wait_until_gone(pid) for pid in workers)
    assert not pool.workdir.exists()
    assert not list(Path("/tmp").glob(f"OSL_PIPE_{os.getuid()}_partydocs-{os.getpid()}-*"))


@pytest.mark.parametrize(
    ("options", "ending"),
    [([], signal.SIGTERM), ([], signal.SIGKILL), (["--prod"], signal.SIGTERM)],
    ids=["serve-SIGTERM", "serve-SIGKILL", "serve-prod-SIGTERM"],
)
def test_the_server_starts_libreoffice_itself_and_leaves_none_behind(tmp_path, options, ending):
    # The converters' folders go to a temporary directory of this test's own, so its processes can be found.
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    env = {"TMPDIR": str(temporary), "PARTYDOCS_PDF_CONVERTERS": "1", "PARTYDOCS_SERVER_WORKERS": "2"}
    with running_server(env, tmp_path, *options) as (_, server):
        # One LibreOffice per server process (each gunicorn worker has its own), started with no request.
        expected = 2 if options else 1
        assert wait_for(lambda: len(libreoffices(temporary)) == expected, START_SECONDS), libreoffices(temporary)
        everything = naming(str(temporary))
        server.send_signal(ending)
        server.wait(timeout=60)
        assert all(wait_until_gone(pid) for pid in everything), [p for p in everything if alive(p)]
