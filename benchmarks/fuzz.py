"""python -m benchmarks fuzz [--requests N] [--seconds S] [--seed N]: schemathesis against the API, on loopback.

Starts `python -m service serve` on 127.0.0.1 (a free port) with a throwaway instance folder (database,
storage, batches) and no LibreOffice, records a đảng bộ and a chi bộ below it, each with a write key, a term,
a member and an issued document (so that ids in paths name something), then sends the requests schemathesis
generates from /api/v1/openapi.json — requests the schema allows and requests it forbids, for every
operation, round after round with new seeds — alternating the two keys, until N requests are made or S
seconds have passed. Every answer is checked: no server error (5xx), and what the schema says — the status is
documented, the content type and headers are declared, the body matches, and a request the schema forbids is
refused with a 4xx. Prints the requests made, the server errors and the schema violations (each distinct one
once, with the request that showed it), and exits 1 if there was any.

Not checked: that every request the schema allows is accepted (`positive_data_acceptance`). The schema can
say the shape of a meeting, not its arithmetic (present ≤ total, votes ≤ voters): such requests answer 422.
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis.errors import HypothesisException

HOST = "127.0.0.1"
USAGE = "usage: python -m benchmarks fuzz [--requests N] [--seconds S] [--seed N]"
SAMPLES = Path(__file__).resolve().parents[1] / "samples"
# One request's own limit: a PDF is never asked for (no LibreOffice), so anything slower is a hang.
REQUEST_TIMEOUT = 60
# How much of a reproducing command is printed: generated bodies can be megabytes.
SHOWN = 600


@dataclass
class Tally:
    """What the run found; each distinct problem is kept once with the first request that showed it."""

    limit: int
    deadline: float
    requests: int = 0
    statuses: Counter = field(default_factory=Counter)
    server_errors: dict[tuple, str] = field(default_factory=dict)
    violations: dict[tuple, str] = field(default_factory=dict)
    seconds: Counter = field(default_factory=Counter)  # per operation: generating, sending and checking

    @property
    def done(self) -> bool:
        return self.requests >= self.limit or time.monotonic() >= self.deadline


def _option(argv: list[str], name: str, default: int) -> int:
    return int(argv[argv.index(name) + 1]) if name in argv else default


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def _environment(folder: Path) -> dict[str, str]:
    return {
        **os.environ,
        "PARTYDOCS_INSTANCE_DIR": str(folder),
        "PARTYDOCS_RATE_LIMIT_PER_MINUTE": "0",
        "PARTYDOCS_SOFFICE_PATH": "",
        "PARTYDOCS_BATCH_WORKERS": "1",
    }


def _seed_data(environment: dict[str, str]) -> tuple[list[str], dict[str, int]]:
    """Two organizations with what their routes name: the keys' tokens, and the chi bộ's ids by path parameter
    (both keys reach the chi bộ)."""
    saved = dict(os.environ)
    os.environ.update(environment)
    try:
        from service import create_app, issuing
        from service.store import keys, organizations

        app = create_app()
        database, storage = app.extensions["database"], app.extensions["storage"]
        meeting = json.loads((SAMPLES / "monthly-meeting.json").read_text(encoding="utf-8"))
        tokens, parent, ids = [], None, {}
        for name, level in (("Đảng bộ xã An Phú", "dang_bo"), ("Chi bộ Thôn Đông", "chi_bo")):
            org = organizations.create_organization(
                database,
                {
                    "parent_id": parent,
                    "level": level,
                    "name": name,
                    "place": "An Phú",
                    "created_on": "2020-01-01",
                    "abbreviation": "ĐU" if level == "dang_bo" else "CB",
                    "upper_name": None if parent else "Đảng bộ huyện An Phú",
                },
            )["id"]
            term = organizations.add_term(database, org, {"name": "Nhiệm kỳ 2025 - 2030", "start_on": "2025-10-01"})
            member = organizations.create_member(database, org, {"full_name": "Nguyễn Văn An"})
            data = {**{k: v for k, v in meeting.items() if k != "organization"}, "organization_id": org}
            record = issuing.into_archive(database, storage, "nghi-quyet-thang", data, creator="fuzz").record
            ids = {
                "org_id": org,
                "term_id": term["id"],
                "member_id": member["id"],
                "document_id": record.id,
                "entry_id": record.register_entry_id,
            }
            tokens.append(keys.create_key(database, org, "write").token)
            parent = org
        database.dispose()
        return tokens, ids
    finally:
        os.environ.clear()
        os.environ.update(saved)


def _start_server(environment: dict[str, str], port: int, log: Path) -> subprocess.Popen:
    server = subprocess.Popen(
        [sys.executable, "-m", "service", "serve", "--host", HOST, "--port", str(port)],
        env=environment,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
        cwd=Path(__file__).resolve().parents[1],
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://{HOST}:{port}/healthz", timeout=2):
                return server
        except OSError:
            if server.poll() is not None:
                break
            time.sleep(0.2)
    server.kill()
    raise RuntimeError(f"the service did not start; see {log}")


def _checks():
    from schemathesis.checks import not_a_server_error
    from schemathesis.specs.openapi.checks import (
        content_type_conformance,
        negative_data_rejection,
        response_headers_conformance,
        response_schema_conformance,
        status_code_conformance,
    )

    return [
        not_a_server_error,
        status_code_conformance,
        content_type_conformance,
        response_headers_conformance,
        response_schema_conformance,
        negative_data_rejection,
    ]


def _mutates_key(case) -> bool:
    data = case.meta.phase.data if case.meta is not None else None
    return any(getattr(mutation, "parameter", None) == "Authorization" for mutation in getattr(data, "mutations", ()))


def _shown(case, headers: dict[str, str]) -> str:
    command = case.as_curl_command(headers)
    return command if len(command) <= SHOWN else command[:SHOWN] + f"… ({len(command)} characters)"


def _exercise(
    operation,
    mode,
    examples: int,
    run_seed: int,
    base: str,
    tokens: list[str],
    tally: Tally,
    ids: dict[str, int] | None = None,
) -> None:
    """Up to `examples` requests of one generation mode to one operation, each checked; `ids` fixes the path's
    ids to records that exist, so that requests get past the lookup into the work."""
    from schemathesis.core.failures import Failure, FailureGroup

    checks = _checks()

    names = set(re.findall(r"{(\w+)}", operation.path))
    fixed = {name: value for name, value in (ids or {}).items() if name in names}
    strategy = (
        operation.as_strategy(generation_mode=mode, path_parameters=fixed)
        if fixed
        else operation.as_strategy(generation_mode=mode)
    )

    @seed(run_seed)
    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
        report_multiple_bugs=False,
    )
    @given(case=strategy)
    def send(case) -> None:
        if tally.done:
            return
        # A request schemathesis meant without a valid key goes without one (and must get 401).
        headers = {} if _mutates_key(case) else {"Authorization": f"Bearer {tokens[tally.requests % len(tokens)]}"}
        response = case.call(base_url=base, headers=headers, timeout=REQUEST_TIMEOUT)
        tally.requests += 1
        tally.statuses[response.status_code] += 1
        if response.status_code >= 500:
            tally.server_errors.setdefault((operation.label, response.status_code), _shown(case, headers))
        try:
            case.validate_response(response, checks=checks, headers=headers)
        except (Failure, FailureGroup) as found:
            for failure in getattr(found, "exceptions", [found]):
                if failure.title != "Server error":
                    key = (operation.label, failure.title, failure.message.splitlines()[0] if failure.message else "")
                    tally.violations.setdefault(key, f"{failure.message}\n    {_shown(case, headers)}")

    started = time.monotonic()
    try:
        send()
    except HypothesisException:
        pass  # nothing (more) to generate in this mode, e.g. no way to break a GET without parameters
    finally:
        tally.seconds[operation.label] += time.monotonic() - started


def run(requests: int, seconds: int, run_seed: int) -> Tally:
    import schemathesis
    from schemathesis.config import SchemathesisConfig
    from schemathesis.generation import GenerationMode

    tally = Tally(limit=requests, deadline=time.monotonic() + seconds)
    with tempfile.TemporaryDirectory(prefix="partydocs-fuzz-") as folder:
        environment, port = _environment(Path(folder)), _free_port()
        tokens, ids = _seed_data(environment)
        server = _start_server(environment, port, Path(folder) / "server.log")
        try:
            base = f"http://{HOST}:{port}"
            # A body too large (over the server's limits) is refused with 413, which schemathesis does not count
            # as a refusal by default.
            config = SchemathesisConfig.from_dict(
                {
                    "checks": {
                        "negative_data_rejection": {
                            "expected-statuses": [400, 401, 403, 404, 405, 406, 409, 413, 415, 422, 428, 429]
                        }
                    }
                }
            )
            schema = schemathesis.openapi.from_url(f"{base}/api/v1/openapi.json", config=config)
            operations = [result.ok() for result in schema.get_all_operations()]
            per_round = max(2, requests // (3 * len(operations)))
            # Schema-valid requests on the records that exist and on any id, and requests the schema forbids.
            plans = ((GenerationMode.POSITIVE, ids), (GenerationMode.POSITIVE, None), (GenerationMode.NEGATIVE, None))
            round_number = 0
            while not tally.done:
                for operation in operations:
                    for mode, fixed in plans:
                        if not tally.done:
                            _exercise(operation, mode, per_round, run_seed + round_number, base, tokens, tally, fixed)
                round_number += 1
        finally:
            server.terminate()
            server.wait(timeout=30)
    return tally


def report(tally: Tally, elapsed: float, operations_seconds: int) -> None:
    print(f"requests made: {tally.requests} in {elapsed:.0f} s (limit {tally.limit} requests, {operations_seconds} s)")
    print("statuses: " + ", ".join(f"{status}×{count}" for status, count in sorted(tally.statuses.items())))
    print(
        f"server errors: {sum(tally.statuses[s] for s in tally.statuses if s >= 500)} ({len(tally.server_errors)} distinct)"
    )
    for (label, status), curl in tally.server_errors.items():
        print(f"  {status} {label}\n    {curl}")
    print("slowest operations: " + ", ".join(f"{label} {seconds:.0f} s" for label, seconds in tally.seconds.most_common(3)))
    print(f"schema violations: {len(tally.violations)} distinct")
    for (label, title, _), detail in tally.violations.items():
        print(f"  {label}: {title}\n    {detail}")


def main(argv: list[str]) -> int:
    if any(arg not in ("--requests", "--seconds", "--seed") and not arg.isdigit() for arg in argv):
        print(USAGE, file=sys.stderr)
        return 2
    requests, seconds = _option(argv, "--requests", 5000), _option(argv, "--seconds", 1800)
    started = time.monotonic()
    tally = run(requests, seconds, _option(argv, "--seed", 1))
    report(tally, time.monotonic() - started, seconds)
    return 1 if tally.server_errors or tally.violations else 0
