"""The converter pool: batches, retries after crashes, timeouts, a bounded queue, threads; and real PDFs.

Failure handling is driven by tests/render/fake_soffice.py, where a document's
content says whether it crashes or hangs the converter; the last tests run
LibreOffice itself on the sample documents.
"""

from __future__ import annotations

import json
import logging
import os
import signal
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from flask import Flask

from service import pipeline
from service.config import DEFAULTS
from service.render import pdf, resident
from service.render.pdf import ConversionFailed, PdfPool, PoolBusy
from service.render.soffice import find_soffice
from tests.conftest import SAMPLES as SAMPLES_DIR
from tests.render import fake_soffice
from tests.render.fake_soffice import pdf as fake_pdf
from tests.render.processes import libreoffices, wait_for, wait_until_gone
from tests.render.test_soffice import HANG_TIMEOUT

SOFFICE = find_soffice()
needs_libreoffice = pytest.mark.skipif(
    SOFFICE is None, reason="LibreOffice is not installed (apt-get install libreoffice-writer-nogui)"
)


# Both kinds of converter: a LibreOffice kept resident (driven by the UNO worker's stand-in), and a
# `soffice --convert-to` run per batch.
CONVERTERS = {"resident": fake_soffice.worker_command(), "run-per-batch": None}


@pytest.fixture(params=CONVERTERS)
def make_pool(request, tmp_path):
    pools = []

    def make(**options) -> PdfPool:
        soffice = options.pop("soffice", None) or fake_soffice.install(tmp_path)
        pools.append(PdfPool(soffice, uno_worker=CONVERTERS[request.param], **options))
        return pools[-1]

    yield make
    for pool in pools:
        pool.stop()


def outcomes(futures) -> list[bytes | str]:
    """Each document's PDF, or the code of its failure."""
    results = []
    for future in futures:
        try:
            results.append(future.result(timeout=120))
        except ConversionFailed as failed:
            results.append(failed.code)
    return results


def test_many_documents_come_back_in_order(make_pool):
    documents = [f"document {n}".encode() for n in range(45)]
    assert outcomes(make_pool().submit(documents)) == [fake_pdf(d) for d in documents]


def test_a_document_that_crashes_the_converter_twice_fails_alone(make_pool):
    futures = make_pool(converters=1).submit([b"a", b"CRASH", b"c", b"d"])
    assert outcomes(futures) == [fake_pdf(b"a"), "crashed", fake_pdf(b"c"), fake_pdf(b"d")]


def test_a_document_that_crashed_the_converter_once_is_retried_and_converted(make_pool, tmp_path):
    marker = tmp_path / "crashed-once"
    futures = make_pool(converters=1).submit([b"a", b"CRASH-ONCE " + str(marker).encode(), b"c"])
    assert outcomes(futures) == [fake_pdf(b"a"), fake_pdf(b"CRASH-ONCE " + str(marker).encode()), fake_pdf(b"c")]
    assert marker.exists()


def test_a_hung_converter_is_killed_and_only_its_document_fails(make_pool, tmp_path):
    pids = tmp_path / "pids"
    futures = make_pool(converters=1, timeout=HANG_TIMEOUT).submit([b"a", b"HANG " + str(pids).encode(), b"c"])
    assert outcomes(futures) == [fake_pdf(b"a"), "timeout", fake_pdf(b"c")]
    assert all(wait_until_gone(int(pid)) for pid in pids.read_text().split())


def test_a_refused_document_fails_without_a_retry(make_pool):
    assert outcomes(make_pool().submit([b"BAD", b"b"])) == ["rejected", fake_pdf(b"b")]


def test_a_full_queue_refuses_the_whole_call_and_queues_nothing(make_pool):
    pool = make_pool(queue_size=3)
    with pytest.raises(PoolBusy):
        pool.submit([b"a", b"b", b"c", b"d"])
    assert outcomes(pool.submit([b"a", b"b", b"c"])) == [fake_pdf(b"a"), fake_pdf(b"b"), fake_pdf(b"c")]


def test_threads_each_get_their_own_documents(make_pool):
    pool = make_pool()

    def convert(n: int) -> bool:
        documents = [f"thread {n} document {k}".encode() for k in range(5)]
        return [pool.convert(d) for d in documents] == [fake_pdf(d) for d in documents]

    with ThreadPoolExecutor(8) as threads:
        assert all(threads.map(convert, range(8)))


def test_stopping_fails_queued_documents_and_kills_the_running_one(make_pool, tmp_path):
    pool, pids = make_pool(converters=1), tmp_path / "pids"
    running = pool.submit([b"HANG " + str(pids).encode()])
    assert wait_for(pids.exists)
    queued = pool.submit([b"b"])
    pool.stop()
    assert outcomes(running + queued) == ["stopped", "stopped"]
    assert all(wait_until_gone(int(pid)) for pid in pids.read_text().split())
    with pytest.raises(ConversionFailed):
        pool.submit([b"c"])


def test_a_libreoffice_that_never_starts_fails_the_batch_and_marks_the_pool_broken(make_pool):
    pool = make_pool(soffice="/bin/false", converters=1)
    assert outcomes(pool.submit([b"a", b"b", b"c"])) == ["crashed", "unavailable", "unavailable"]
    assert pool.broken


def test_a_missing_executable_fails_the_documents_instead_of_leaving_callers_waiting(make_pool, tmp_path):
    pool = make_pool(soffice=str(tmp_path / "no-such-soffice"))
    assert outcomes(pool.submit([b"a"])) == ["unavailable"]


def test_a_new_pool_removes_what_dead_processes_left_behind(make_pool):
    finished = subprocess.Popen(["true"])
    finished.wait()
    dead = Path(tempfile.mkdtemp(prefix=f"{pdf.WORKDIR_PREFIX}{finished.pid}-"))
    pool = make_pool()
    assert not dead.exists()
    assert make_pool().workdir.exists() and pool.workdir.exists()


# The Flask side: configuration, lazy start, readiness.


def flask_app(**config) -> Flask:
    app = Flask(__name__)
    app.config.from_mapping(DEFAULTS)
    pdf.init_app(app)
    app.config.update(config)
    return app


def test_no_libreoffice_configured_means_no_pool_and_no_readiness_check():
    app = flask_app(SOFFICE_PATH=None)
    assert pdf.pool_for(app) is None and pdf.readiness(app) is None


def test_the_pool_starts_on_first_use_with_the_app_settings(tmp_path):
    python = fake_soffice.install_uno_python(tmp_path)
    app = flask_app(SOFFICE_PATH=fake_soffice.install(tmp_path), PDF_CONVERTERS=3, PDF_QUEUE_SIZE=7, PDF_UNO_PYTHON=python)
    assert app.extensions["pdf"].pool is None
    pool = pdf.pool_for(app)
    try:
        assert pdf.pool_for(app) is pool and (pool.converters, pool.queue_size) == (3, 7)
        assert pool.uno_worker == [python, str(resident.WORKER)]
        assert pdf.readiness(app)[0]
    finally:
        pool.stop()


def test_stopping_an_apps_pool_ends_its_converters_and_the_next_use_starts_another(tmp_path):
    app = flask_app(SOFFICE_PATH=fake_soffice.install(tmp_path), PDF_UNO_PYTHON=fake_soffice.install_uno_python(tmp_path))
    first = pdf.pool_for(app)
    assert first.convert(b"a") == fake_pdf(b"a")
    pdf.stop(app)
    assert not first.workdir.exists() and app.extensions["pdf"].pool is None
    second = pdf.pool_for(app)
    try:
        assert second is not first and second.convert(b"b") == fake_pdf(b"b")
    finally:
        pdf.stop(app)
    pdf.stop(app)  # nothing left to stop


@pytest.mark.parametrize(("setting", "worker"), [(None, pdf.DETECT), ("", None)])
def test_the_uno_python_setting_chooses_how_libreoffice_is_run(tmp_path, setting, worker):
    app = flask_app(SOFFICE_PATH=fake_soffice.install(tmp_path), PDF_UNO_PYTHON=setting)
    pool = pdf.pool_for(app)
    try:
        assert pool.uno_worker == worker
    finally:
        pool.stop()


def test_a_pool_made_before_a_fork_is_neither_used_nor_stopped_by_the_child(tmp_path):
    app = flask_app(SOFFICE_PATH=fake_soffice.install(tmp_path), PDF_UNO_PYTHON="")
    parent = pdf.pool_for(app)
    try:
        child = os.fork()
        if child == 0:
            # In the child: a pool of its own; stopping the parent's copy leaves the parent's files alone.
            mine = pdf.pool_for(app)
            parent.stop()
            ok = mine is not parent and mine.convert(b"child") == fake_pdf(b"child")
            mine.stop()
            os._exit(0 if ok else 1)
        assert os.waitpid(child, 0)[1] == 0
        assert parent.workdir.exists() and parent.convert(b"parent") == fake_pdf(b"parent")
    finally:
        parent.stop()


def test_readiness_fails_when_the_configured_libreoffice_is_missing(tmp_path):
    ready, detail = pdf.readiness(flask_app(SOFFICE_PATH=str(tmp_path / "soffice")))
    assert not ready and "không tìm thấy LibreOffice" in detail


# LibreOffice itself. Fonts and page counts of every generated document are checked in
# tests/formats/test_pdf_fonts.py; here, that the pool delivers them intact.

SAMPLES = [(kind, profile) for kind in ("bien-ban-thuong-ky", "nghi-quyet-thang") for profile in ("hd36-2018", "hd05-2026")]


@pytest.fixture(scope="module", params=["resident", "run-per-batch"])
def real_pool(request):
    if SOFFICE is None:
        pytest.skip("LibreOffice is not installed (apt-get install libreoffice-writer-nogui)")
    worker = resident.worker_command(SOFFICE) if request.param == "resident" else None
    if request.param == "resident" and worker is None:
        pytest.skip("no Python with UNO for a resident LibreOffice (apt-get install python3-uno)")
    pool = PdfPool(SOFFICE, uno_worker=worker)
    yield pool
    pool.stop()


@pytest.fixture(scope="module")
def sample_pdfs(real_pool) -> dict[tuple[str, str], bytes]:
    documents = [pipeline.produce(kind, _meeting(), profile_id=profile).content for kind, profile in SAMPLES]
    return dict(zip(SAMPLES, outcomes(real_pool.submit(documents))))


@needs_libreoffice
@pytest.mark.parametrize("sample", SAMPLES, ids="-".join)
def test_samples_come_back_in_times_compatible_fonts_with_their_vietnamese_text(sample_pdfs, sample):
    fonts = pdf.pdf_fonts(sample_pdfs[sample])
    assert fonts and all(pdf.is_times_compatible(font) for font in fonts), fonts
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in pdf_text(sample_pdfs[sample])


@needs_libreoffice
def test_libreoffice_refuses_what_is_not_a_docx_and_converts_the_rest(real_pool):
    docx = pipeline.produce("nghi-quyet-thang", _meeting()).content
    results = outcomes(real_pool.submit([b"not a docx", docx]))
    assert results[0] == "rejected" and results[1].startswith(b"%PDF")


@needs_libreoffice
def test_a_converter_killed_mid_job_is_replaced_and_the_job_completes(real_pool, sample_pdfs, caplog):
    clean = sample_pdfs[("nghi-quyet-thang", "hd05-2026")]
    docx = pipeline.produce("nghi-quyet-thang", _meeting(), profile_id="hd05-2026").content
    caplog.set_level(logging.WARNING, logger="service.render")
    futures = real_pool.submit([docx] * 12)
    assert wait_for(lambda: libreoffices(real_pool.workdir), 120)
    for pid in libreoffices(real_pool.workdir):
        os.kill(pid, signal.SIGKILL)
    for result in outcomes(futures):
        assert pdf.pdf_page_count(result) == pdf.pdf_page_count(clean) and pdf_text(result) == pdf_text(clean)
    assert "LibreOffice crashed" in caplog.text


def pdf_text(content: bytes) -> str:
    return subprocess.run(["pdftotext", "-", "-"], input=content, capture_output=True, check=True).stdout.decode()


def _meeting() -> dict:
    return json.loads((SAMPLES_DIR / "monthly-meeting.json").read_text(encoding="utf-8"))
