"""The batch's settings from the app's configuration."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from service.batch.settings import batch_settings


def test_defaults_run_locally_on_every_core_in_the_instance_folder(app):
    settings = batch_settings(app)
    assert (settings.runner, settings.workers, settings.chunk_documents) == ("local", os.cpu_count(), 500)
    assert settings.batch_dir == Path(app.instance_path) / "batches"
    assert settings.broker_url == "redis://127.0.0.1:6379/0" and settings.queue == "partydocs-batch"


def test_an_unknown_runner_is_a_configuration_error(app):
    app.config["BATCH_RUNNER"] = "threads"
    with pytest.raises(ValueError, match="BATCH_RUNNER"):
        batch_settings(app)
