"""Imported by the local runner's fork server before it forks any worker process: the kinds are loaded and
the templates a batch renders compiled here, once, so that every worker starts with them (a fork copies
them) instead of making them during its first chunk.

The fork server imports this for its side effect; a failure here must not stop it (the worker would then
compile on first use, as it would without this module), so it is logged and swallowed.
"""

from __future__ import annotations

import logging

from service import pipeline
from service.batch.plan import BALLOT, COLLECTIVE, MINUTES, SELF_REVIEW
from service.formats.builder import template_filename
from service.formats.profiles import all_profiles
from service.kinds import all_kinds
from service.render.engine import get_compiled

log = logging.getLogger(__name__)


def compile_batch_templates() -> None:
    # The kinds' modules too: each worker imported them (0.07 s) on its first document, the batch's critical path.
    all_kinds()
    for kind in (SELF_REVIEW, COLLECTIVE, MINUTES, BALLOT):
        for profile in all_profiles():
            # The same cache key pipeline.render uses, so the workers' renders find these.
            get_compiled(pipeline.template_bytes(kind, profile.id), name=template_filename(kind, profile.id))


try:
    compile_batch_templates()
except Exception:  # noqa: BLE001 - see the module's docstring
    log.exception("batch templates could not be compiled ahead; workers compile them on first use")
