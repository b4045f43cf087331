"""Settings with embedded defaults; an instance `config.py` and PARTYDOCS_* environment variables override them.

The embedded defaults run the service on one machine with nothing else installed. Every setting is here, and
this module imports nothing from the subsystems: code running without an app (batch runners, sandbox
workers, benchmarks) reads its defaults from here too.
"""

from __future__ import annotations

import shutil

DEFAULTS = {
    # Where the web pages keep the secret key, results of the last day and cached previews, and the default
    # place of the database, storage and batches; unset: instance/. The PARTYDOCS_INSTANCE_DIR variable is read
    # before the app exists (service/__init__.py), since the instance config.py lives there.
    "INSTANCE_DIR": None,
    # Signs the web session (login, CSRF token); unset: one generated once into instance/secret_key
    # (service/web/csrf.py). Every server of one installation needs the same one.
    "SECRET_KEY": None,
    # Every web page asks for an account's login; unset: on, except `serve` bound to a loopback address without
    # --prod, where the one person at the machine needs no account (service/web/auth.py).
    "LOGIN_REQUIRED": None,
    # A signed-in session cookie without Secure (sent over plain HTTP): only on a trusted network without HTTPS.
    "ALLOW_HTTP_LOGIN": False,
    # Largest request body accepted (bytes); larger ones get 413 before being read.
    "MAX_CONTENT_LENGTH": 2 * 1024 * 1024,
    # Deepest JSON nesting accepted; real inputs need fewer than ten levels.
    "MAX_JSON_DEPTH": 32,
    # Most items in one JSON array or object, longest JSON string (characters): 413 naming the field above
    # them. No lower than the kinds' own bounds (500 items, 20 000 characters: service/kinds/base.py).
    "MAX_JSON_ITEMS": 1000,
    "MAX_JSON_STRING_LENGTH": 20_000,
    # Requests per minute per API key on average, and at once (429 with Retry-After above); 0: no limit.
    # Counted per server process: with gunicorn each worker counts its own (service/api/limits.py).
    "RATE_LIMIT_PER_MINUTE": 300,
    "RATE_LIMIT_BURST": 60,
    # How long an Idempotency-Key is remembered with the document it created (service/api/idempotency.py).
    "IDEMPOTENCY_KEY_HOURS": 24,
    # `python -m service serve --prod` (service/serving_worker.py): gunicorn worker processes, threads per
    # worker serving complete requests, and seconds a worker may go silent before gunicorn replaces it.
    "SERVER_WORKERS": 2,
    "SERVER_THREADS": 4,
    "SERVER_TIMEOUT_SECONDS": 120,
    # Connections one worker holds at once (slow clients cost a socket each, not a thread); a request's headers
    # must all arrive within SERVER_HEADER_TIMEOUT_SECONDS of its first byte (also the idle time allowed between
    # requests), its body within SERVER_BODY_TIMEOUT_SECONDS plus a second per SERVER_BODY_MIN_BYTES_PER_SECOND.
    "SERVER_CONNECTIONS": 1000,
    "SERVER_HEADER_TIMEOUT_SECONDS": 20,
    "SERVER_BODY_TIMEOUT_SECONDS": 30,
    "SERVER_BODY_MIN_BYTES_PER_SECOND": 1000,
    # SQLAlchemy URL of the database; unset: the SQLite file instance/partydocs.sqlite3 (service/store/db.py).
    # The unprefixed DATABASE_URL variable is honoured too.
    "DATABASE_URL": None,
    # Folder of issued documents and their templates, named by SHA-256; unset: instance/storage.
    "STORAGE_DIR": None,
    # LibreOffice for PDF output; None or "" turns PDF off (requests for PDF get 406). The default is the search
    # service/render/soffice.py's find_soffice() makes, written out because render/ is a leaf config may not import.
    "SOFFICE_PATH": shutil.which("soffice") or shutil.which("libreoffice"),
    # Converters working side by side per server process; a converter that finishes no document for
    # PDF_TIMEOUT_SECONDS is killed and replaced; at most PDF_QUEUE_SIZE documents wait (then 503).
    "PDF_CONVERTERS": 2,
    "PDF_TIMEOUT_SECONDS": 60,
    "PDF_QUEUE_SIZE": 100,
    # The Python that keeps each converter's LibreOffice running (it must `import uno`: Debian's python3 with
    # python3-uno); None: LibreOffice's own python, else /usr/bin/python3, when either has UNO; "": a
    # LibreOffice start for each batch instead (service/render/resident.py).
    "PDF_UNO_PYTHON": None,
    # Year-end batches (service/batch): "local" renders in a pool of processes inside the service or the CLI
    # (nothing to install); "celery" hands chunks to `python -m service worker` processes on any machine that
    # shares the database and BATCH_DIR, through the Redis broker CELERY_BROKER_URL and queue BATCH_QUEUE.
    "BATCH_RUNNER": "local",
    "CELERY_BROKER_URL": "redis://127.0.0.1:6379/0",
    "BATCH_QUEUE": "partydocs-batch",
    # Worker processes of the local runner, and the default concurrency of `worker`; None: one per CPU core.
    "BATCH_WORKERS": None,
    # Folder of batch work and results (chunk files, ZIPs), shared by every worker; unset: instance/batches.
    "BATCH_DIR": None,
    # Most documents in one chunk (whole chi bộ are grouped up to it; a larger one is split).
    "BATCH_CHUNK_DOCUMENTS": 500,
    # A chunk or packaging claimed by a process on another machine is taken over after this long; also
    # Celery's visibility timeout (a dead worker's messages come back after it).
    "BATCH_LEASE_SECONDS": 600,
    # Most rows in one batch roster, and the largest roster upload to POST /api/v1/batches (bytes).
    "BATCH_MAX_ROWS": 200_000,
    "BATCH_MAX_UPLOAD": 64 * 1024 * 1024,
    # The đảng bộ's statistics (service/store/statistics.py): a sitting that fewer of the official members summoned
    # attend than this percentage is an alert on the page and in the quarterly report (the seed articles' target).
    "ATTENDANCE_ALERT_PERCENT": 90,
    # Roster files (members import, batches): how many problems a refused file lists; reading stops at the next
    # one (the answer then says so).
    "ROSTER_MAX_ERRORS": 100,
    # Uploaded templates (service/custom_templates/pool.py): CPU seconds one job may use (past them, or with no
    # answer after five times as long on the clock, its worker is replaced), loop iterations and bytes one
    # rendered part may produce, worker processes per server process and the memory limit of each.
    "TEMPLATE_RENDER_TIMEOUT_SECONDS": 10,
    "TEMPLATE_MAX_LOOP": 100_000,
    "TEMPLATE_MAX_OUTPUT_BYTES": 20 * 1024 * 1024,
    "TEMPLATE_WORKERS": 2,
    "TEMPLATE_WORKER_MEMORY_MB": 1024,
}
ENV_PREFIX = "PARTYDOCS"
