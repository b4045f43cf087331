"""The worker processes: uploaded templates render there as the engine renders them, and whatever a
template does, the job ends with a code and the next job is served."""

from __future__ import annotations

import os
import signal
import threading

import pytest

from service import pipeline
from service.custom_templates.errors import TemplateFailed
from service.custom_templates.pool import DEFAULTS, pool_for
from tests.custom_templates.files import KIND, custom, paragraph, payload

# Limits this module's bombs reach in a moment; the time and memory tests lift the others out of the way.
QUICK = {**DEFAULTS, "TEMPLATE_WORKERS": 1, "TEMPLATE_MAX_LOOP": 5000}
SLOW_LOOP = {**QUICK, "TEMPLATE_RENDER_TIMEOUT_SECONDS": 1, "TEMPLATE_MAX_LOOP": 10**10}
SMALL_MEMORY = {**QUICK, "TEMPLATE_WORKER_MEMORY_MB": 300, "TEMPLATE_MAX_OUTPUT_BYTES": 10**12}


@pytest.fixture
def context(meeting):
    return pipeline.check(KIND, meeting).context


def test_a_custom_template_renders_as_the_engine_renders_it(context, meeting):
    template = custom(paragraph("Chi bộ: {{ org.title }}, {{ agenda|length }} nội dung"))
    rendered = pool_for(QUICK).render(template, context)
    assert rendered == pipeline.render(pipeline.check(KIND, meeting), template=template).content


@pytest.mark.parametrize(
    "source, code",
    [
        ("{{ ''.__class__.__mro__ }}", "template_unsafe"),
        ("{{ cycler.__init__.__globals__ }}", "template_unsafe"),
        ("{% for i in range(10**9) %}x{% endfor %}", "loop_limit"),
        (
            "{% for a in agenda %}{% for b in agenda %}{% for c in agenda %}{% for d in agenda %}{% for e in agenda %}"
            "{% for f in agenda %}{% for g in agenda %}x{% endfor %}{% endfor %}{% endfor %}{% endfor %}{% endfor %}"
            "{% endfor %}{% endfor %}",
            "loop_limit",
        ),
        ("{{ " + "(" * 300 + "1" + ")" * 300 + " }}", "template_too_deep"),
        ("{{ 'a' * 10**9 }}", "output_limit"),
    ],
)
def test_payloads_end_with_their_code_and_the_place(context, source, code):
    pool = pool_for(QUICK)
    with pytest.raises(TemplateFailed) as failed:
        pool.render(payload(source), context)
    assert failed.value.code == code
    assert "word/document.xml" in failed.value.message
    assert pool.render(pipeline.template_bytes(KIND, "hd05-2026"), context)


@pytest.mark.parametrize(
    "settings, source, code",
    [
        (SLOW_LOOP, "{% for i in range(10**9) %}{% endfor %}", "template_timeout"),
        (SMALL_MEMORY, "{{ 'a' * 10**9 }}", "memory_limit"),
    ],
    ids=["time", "memory"],
)
def test_a_job_past_a_process_limit_is_stopped_and_the_next_one_served(context, settings, source, code):
    pool = pool_for(settings)
    with pytest.raises(TemplateFailed) as failed:
        pool.render(payload(source), context)
    assert failed.value.code == code
    assert pool.render(pipeline.template_bytes(KIND, "hd05-2026"), context)


def test_a_job_starved_of_cpu_past_its_limit_is_still_served(context):
    """The limit is CPU time: a worker that gets no CPU for longer than the limit (a busy machine, here
    SIGSTOP for twice the limit) answers once it runs again."""
    pool = pool_for(SLOW_LOOP)
    template = pipeline.template_bytes(KIND, "hd05-2026")
    first = pool.render(template, context)
    (worker,) = pool._started
    os.kill(worker.process.pid, signal.SIGSTOP)
    resume = threading.Timer(2 * SLOW_LOOP["TEMPLATE_RENDER_TIMEOUT_SECONDS"], os.kill, (worker.process.pid, signal.SIGCONT))
    resume.start()
    try:
        assert pool.render(template, context) == first
    finally:
        resume.join()


def test_a_worker_that_died_between_jobs_is_replaced(context):
    pool = pool_for(QUICK)
    template = pipeline.template_bytes(KIND, "hd05-2026")
    first = pool.render(template, context)
    for worker in list(pool._started):
        worker.process.kill()
        worker.process.wait()
    assert pool.render(template, context) == first


def test_inspect_gives_the_lint_issues_and_a_preview_only_without_errors(context):
    pool = pool_for(QUICK)
    issues, preview = pool.inspect(custom(paragraph("{{ org.", "name }}")), context)
    assert [issue["code"] for issue in issues] == ["tag_split_repaired"] and preview.startswith(b"PK")
    issues, preview = pool.inspect(payload("{{ org.nmae }}"), context)
    assert [issue["code"] for issue in issues] == ["unknown_field"] and preview is None
