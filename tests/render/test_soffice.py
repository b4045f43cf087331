"""One soffice run: what it converted, refused, and where it died or hung.

tests/render/fake_soffice.py plays soffice, so that crashes and hangs happen on cue.
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from service.render import soffice
from tests.render import fake_soffice
from tests.render.fake_soffice import pdf
from tests.render.processes import wait_for, wait_until_gone

# How long a hang is waited for. The stand-in's first document must be done within it: starting a Python
# process takes ~0.05 s of CPU, which at load 10 (a fifth of a core) can pass 0.5 s, so the margin is wide.
HANG_TIMEOUT = 3


@pytest.fixture
def fake(tmp_path) -> str:
    return fake_soffice.install(tmp_path)


@pytest.fixture
def profile(tmp_path) -> Path:
    path = tmp_path / "converter-0"
    path.mkdir()
    return path


def test_command_names_the_private_profile_the_docx_filter_and_every_input_in_order(tmp_path):
    inputs = [tmp_path / "0000.docx", tmp_path / "0001.docx"]
    args = soffice.command("soffice", tmp_path / "p", tmp_path / "out", inputs)
    assert f"-env:UserInstallation={(tmp_path / 'p').as_uri()}" in args
    assert "--infilter=MS Word 2007 XML" in args and "--headless" in args
    assert args[-4:] == ["--outdir", str(tmp_path / "out"), *map(str, inputs)]


def test_a_clean_run_returns_every_pdf_by_index(fake, profile):
    run = soffice.convert(fake, profile, [b"a", b"b", b"c"], timeout=30)
    assert run.pdfs == {0: pdf(b"a"), 1: pdf(b"b"), 2: pdf(b"c")}
    assert (run.rejected, run.interrupted_at, run.reason) == (set(), None, None)


def test_a_refused_document_is_rejected_alone(fake, profile):
    run = soffice.convert(fake, profile, [b"a", b"BAD", b"c"], timeout=30)
    assert set(run.pdfs) == {0, 2} and run.rejected == {1}
    assert run.interrupted_at is None


def test_a_crash_names_the_document_in_progress_and_keeps_the_finished_ones(fake, profile):
    run = soffice.convert(fake, profile, [b"a", b"BAD", b"c", b"CRASH", b"e"], timeout=30)
    assert set(run.pdfs) == {0, 2} and run.rejected == {1}
    assert (run.interrupted_at, run.reason) == (3, "crashed")


def test_a_pdf_cut_short_by_a_crash_does_not_count_as_converted(fake, profile):
    run = soffice.convert(fake, profile, [b"a", b"PARTIAL", b"c"], timeout=30)
    assert set(run.pdfs) == {0}
    assert (run.interrupted_at, run.reason) == (1, "crashed")


def test_a_hung_run_is_killed_with_everything_it_started(fake, profile, tmp_path):
    pids = tmp_path / "pids"
    run = soffice.convert(fake, profile, [b"a", b"HANG " + str(pids).encode(), b"c"], timeout=HANG_TIMEOUT)
    assert set(run.pdfs) == {0}
    assert (run.interrupted_at, run.reason) == (1, "timeout")
    for pid in map(int, pids.read_text().split()):
        assert wait_until_gone(pid), f"process {pid} survived"


def test_cancelling_kills_the_run(fake, profile, tmp_path):
    pids, cancel = tmp_path / "pids", threading.Event()
    threading.Thread(target=lambda: (wait_for(pids.exists), cancel.set())).start()
    run = soffice.convert(fake, profile, [b"HANG " + str(pids).encode()], timeout=60, cancel=cancel)
    assert (run.interrupted_at, run.reason) == (0, "cancelled")


def test_the_run_leaves_no_files_behind(fake, profile):
    soffice.convert(fake, profile, [b"a", b"CRASH"], timeout=30)
    assert sorted(p.name for p in profile.parent.iterdir()) == ["converter-0", "soffice"]
