"""`python -m benchmarks fuzz`: a short run against its own server on loopback prints its figures and finds
nothing (the full run of at least 5,000 requests is in the issue's report, not in the suite)."""

from __future__ import annotations

import re

from benchmarks import fuzz


def test_a_short_fuzz_run_reports_requests_server_errors_and_violations(capsys):
    assert fuzz.main(["--requests", "60", "--seconds", "300", "--seed", "3"]) == 0
    printed = capsys.readouterr().out
    made = re.search(r"^requests made: (\d+) in \d+ s", printed, re.MULTILINE)
    assert made and int(made.group(1)) == 60
    assert "server errors: 0 (0 distinct)" in printed and "schema violations: 0 distinct" in printed


def test_unknown_arguments_are_refused(capsys):
    assert fuzz.main(["--urls", "http://example.com"]) == 2
    assert "usage: python -m benchmarks fuzz" in capsys.readouterr().err
