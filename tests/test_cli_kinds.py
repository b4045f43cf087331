"""Every kind renders from its sample through the command line, under both profiles."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from service.cli import main
from service.formats.profiles import all_profiles
from service.kinds import all_kinds
from tests.conftest import SAMPLES
from tests.helpers import docx_text


@pytest.mark.parametrize("kind", all_kinds(), ids=lambda k: k.id)
@pytest.mark.parametrize("profile_id", [p.id for p in all_profiles()])
def test_every_kind_renders_its_sample(tmp_path, kind, profile_id):
    out = tmp_path / "out.docx"
    result = CliRunner().invoke(
        main, ["render", str(SAMPLES / kind.sample), "--kind", kind.id, "--profile", profile_id, "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert f"({profile_id}," in result.output
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in docx_text(out.read_bytes())
