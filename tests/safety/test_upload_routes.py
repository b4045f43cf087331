"""Every upload route of a real server, fed the hostile files of issue 14, answers a 4xx that names what is
wrong, quickly, without the serving process growing past 200 MB, while /healthz keeps answering.

Memory is the kernel's count for the serving process (VmHWM in /proc/PID/status, its peak resident set),
measured over what it reached serving ordinary files on the same routes. The time bound holds on a machine
at load 10; `python -m benchmarks uploads` prints the real figures (hundredths of a second).
"""

from __future__ import annotations

import json

import pytest
from lxml import html

from benchmarks.served import Served
from benchmarks.uploads import CASES, files, measure, warm_up
from tests.conftest import SAMPLES

MIB = 1024 * 1024
GROWTH = 200 * MIB
SECONDS = 60  # the goal is 5; this holds at load 10 (before: 11-18 s each, 70 s for the strings)
HEALTH_SECONDS = 10


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    files()  # built before the server starts, not while it is measured
    with Served(tmp_path_factory.mktemp("served")) as server:
        warm_up(server)
        server.baseline = server.memory()
        yield server


@pytest.mark.parametrize("case", CASES, ids=[f"{case.route.name} ← {case.file}" for case in CASES])
def test_a_hostile_upload_is_refused_cheaply_while_the_service_answers(served, case):
    measured = measure(served, case, served.baseline)
    answer = measured.answer
    assert answer.status == case.status, answer.body[:500]
    if case.code is not None:
        assert answer.json()["code"] == case.code
    assert answer.seconds < SECONDS
    assert measured.grown < GROWTH, f"the serving process grew by {measured.grown / MIB:.0f} MB"
    assert measured.slowest_health < HEALTH_SECONDS
    assert served.get("/healthz").status == 200


def test_a_roster_of_wrong_rows_answers_the_first_problems_and_where_it_stopped(served):
    answer = served.upload("/api/v1/batches", "danh-sach.csv", files()["CSV, 600,000 wrong rows (48 MB)"], {"year": "2026"})
    errors = answer.json()["errors"]
    assert answer.status == 422 and len(errors) == 101 and len(answer.body) < 64 * 1024
    assert errors[0]["pointer"].startswith("/2/") and errors[-1]["code"] == "roster_too_many_errors"
    assert "dừng kiểm tra" in errors[-1]["message"]


def test_the_web_page_lists_the_first_problems_and_where_it_stopped(served):
    answer = served.upload(
        "/organization/members/import", "danh-sach.csv", files()["CSV, 20,000 wrong rows (1.6 MB)"], field="roster", web=True
    )
    problems = [item.text_content() for item in html.fromstring(answer.body).xpath("//section[@id='error-summary']//li")]
    assert answer.status == 422 and len(problems) == 101 and "dừng kiểm tra" in problems[-1]


def test_many_warnings_reach_a_python_client_in_headers_it_accepts(served):
    review = json.loads((SAMPLES / "review-meeting.json").read_text(encoding="utf-8"))
    review["speeches"] = [{"speaker": "NguyÔn V¨n Hïng", "content": "§ång ý víi b¸o c¸o cña chi bé."}] * 200
    answer = served.api("POST", "/api/v1/documents/bien-ban-xep-loai", json.dumps(review).encode())
    assert answer.status == 200 and answer.headers["X-Document-Warnings-Total"] == "400"
    assert sum(len(name) + len(value) + 4 for name, value in answer.headers.items()) < 8192
