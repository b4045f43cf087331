"""What every set of minutes shares: meeting times are clock times."""
from __future__ import annotations

import pytest

from tests.kinds.findings import errors_of


@pytest.mark.parametrize("start", [0, "14:00Z", "14:00+07:00"])
def test_a_meeting_time_with_a_time_zone_is_refused(meeting, start):
    meeting["meeting"]["start"] = start
    assert errors_of("bien-ban-thuong-ky", meeting)["/meeting/start"] == "value_error"
