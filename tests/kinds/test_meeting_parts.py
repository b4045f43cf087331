"""What every set of minutes shares: meeting times are clock times, written HH:MM."""
from __future__ import annotations

import datetime as dt

import pytest

from service import pipeline

from tests.kinds.findings import errors_of


@pytest.mark.parametrize("start", [0, 50400, "14:00Z", "14:00+07:00", "00:00:00Z", "2pm", "14h00", True])
def test_a_meeting_time_is_a_clock_time_written_hh_mm(meeting, start):
    meeting["meeting"]["start"] = start
    assert errors_of("bien-ban-thuong-ky", meeting)["/meeting/start"] == "time_format"


@pytest.mark.parametrize("start", ["24:00", "14:60"])
def test_a_time_that_does_not_exist_is_told_apart(meeting, start):
    meeting["meeting"]["start"] = start
    assert errors_of("bien-ban-thuong-ky", meeting)["/meeting/start"] == "time_nonexistent"


@pytest.mark.parametrize("start", ["14:00", "14:00:00"])
def test_the_archive_s_hh_mm_ss_is_read_too(meeting, start):
    meeting["meeting"]["start"] = start
    assert pipeline.prepare("bien-ban-thuong-ky", meeting).model.meeting.start == dt.time(14, 0)
