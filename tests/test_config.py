"""service/config.py holds every setting, and it stands alone: importing it loads no subsystem."""

from __future__ import annotations

import re
import subprocess
import sys

from service.config import DEFAULTS
from tests.conftest import ROOT

# Flask's own settings, which Flask documents; the service sets them from its settings (service/web/auth.py).
FLASK_OWN = {"SESSION_COOKIE_SAMESITE", "SESSION_COOKIE_SECURE", "PERMANENT_SESSION_LIFETIME"}


def test_every_setting_the_code_reads_has_a_default_in_config():
    read = set()
    for path in (ROOT / "service").rglob("*.py"):
        read |= set(re.findall(r'config(?:\.get\(|\[|\.setdefault\()"([A-Z][A-Z0-9_]+)"', path.read_text("utf-8")))
    assert read, "the pattern no longer finds how the code reads settings"
    assert read - FLASK_OWN - set(DEFAULTS) == set()


def test_importing_config_loads_nothing_else_of_the_service():
    loaded = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, service.config; print(*sorted(m for m in sys.modules if "
            "m.startswith('service.') and m != 'service.config'))",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    # Importing service.config runs service/__init__.py, which imports config itself and Flask, nothing else.
    assert loaded == []
