"""The benchmark's templates and records: the engine must equal docxtpl on them too."""

from __future__ import annotations

import pytest

from benchmarks.minutes_template import generated_records, minutes_template
from benchmarks.render import load_project_cases
from service.render.engine import render_docx

from .differential import differences, docxtpl_render


def test_generated_records_have_the_announced_shape():
    records = generated_records(40)
    assert all(12 <= len(r["members"]) <= 30 and 5 <= len(r["speeches"]) <= 10 for r in records)
    assert generated_records(40) == records


def test_synthetic_minutes_render_as_docxtpl_renders_them():
    template = minutes_template()
    for record in generated_records(3):
        assert differences(render_docx(template, record), docxtpl_render(template, record)) == []


def test_project_cases_are_empty_without_the_project_files(tmp_path):
    assert load_project_cases(tmp_path) == []


@pytest.mark.parametrize("case", load_project_cases(), ids=lambda case: case[0])
def test_project_templates_render_as_docxtpl_renders_them(case):
    label, template, contexts = case
    for context in contexts[:3]:
        assert differences(render_docx(template, context, name=label), docxtpl_render(template, context)) == []
