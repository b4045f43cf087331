"""`python -m benchmarks stats`: the đảng bộ's figures and page for 60 chi bộ × 12 months.

    python -m benchmarks stats [--cells 60] [--rounds 7] [--postgres URL]

Builds a đảng bộ of CELLS chi bộ with a year of archived documents each: 12 monthly minutes and their
resolutions, 4 thematic sittings and the yearly plan (60 cells: 720 minutes, 1 740 documents). One document of
each kind is issued through the archive; the others are its record with the date, attendance, duration and guests
changed (the figures read the records, not the files, and issuing 1 740 documents would time the renderer).
Then it times, warm (median of ROUNDS after one cold run), on SQLite and — with --postgres URL or
TEST_DATABASE_URL — on PostgreSQL in a schema of its own, dropped after:

- the figures of the year (service/store/statistics.py; target ≤ 200 ms);
- the page /statistics/<id> for the year (target ≤ 500 ms), its two charts (no ratings are recorded), the XLSX, and the
  quarterly report's DOCX.

Figures are printed, never asserted; the machine is shared, so the load average is printed too.
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import os
import random
import statistics as stats_module
import sys
import tempfile
import time
import uuid
from pathlib import Path
from urllib.parse import quote

from sqlalchemy import select, text

FIGURES_TARGET_MS, PAGE_TARGET_MS = 200, 500
YEAR = 2026


def build(database, storage, cells: int) -> int:
    """The đảng bộ and its year of documents; returns the đảng bộ's id."""
    from service.stats import demo
    from service import issuing
    from service.store import organizations
    from service.store.models import ArchivedDocument

    rng = random.Random(cells)
    top = organizations.create_organization(
        database,
        {
            "level": "dang_bo",
            "name": "Đảng bộ xã Thử Nghiệm",
            "abbreviation": "ĐU",
            "place": "An Phú",
            "created_on": "2020-01-01",
        },
    )
    ids = [
        organizations.create_organization(
            database,
            {
                "level": "chi_bo",
                "parent_id": top["id"],
                "name": f"Chi bộ số {number}",
                "abbreviation": "CB",
                "place": "An Phú",
                "created_on": "2020-01-01",
            },
        )["id"]
        for number in range(1, cells + 1)
    ]
    originals = {}
    for kind, sample in (
        ("bien-ban-thuong-ky", "monthly-meeting.json"),
        ("nghi-quyet-thang", "monthly-meeting.json"),
        ("bien-ban-chuyen-de", "thematic-meeting.json"),
        ("ke-hoach-chuyen-de-nam", "thematic-plan.json"),
    ):
        originals[kind] = issuing.into_archive(
            database, storage, kind, demo.sample_input(sample), creator="benchmark", organization_id=ids[0]
        ).record
    with database.write() as session:
        for cell_id in ids:
            official = rng.randint(8, 30)
            for month in range(1, 13):
                day = dt.date(YEAR, month, rng.randint(3, 12))
                changes = _sitting(day, official, rng)
                for kind in ("bien-ban-thuong-ky", "nghi-quyet-thang"):
                    session.add(_copy(originals[kind], cell_id, day, changes, ArchivedDocument))
                if month % 3 == 0:
                    session.add(
                        _copy(
                            originals["bien-ban-chuyen-de"],
                            cell_id,
                            day + dt.timedelta(days=10),
                            {
                                **changes,
                                "thematic": {
                                    **originals["bien-ban-chuyen-de"].input["thematic"],
                                    "quarter": month // 3,
                                    "year": YEAR,
                                },
                            },
                            ArchivedDocument,
                        )
                    )
            session.add(_copy(originals["ke-hoach-chuyen-de-nam"], cell_id, dt.date(YEAR, 1, 5), {}, ArchivedDocument))
        # The issued originals belong to the first cell's year now: drop them, their copies stand for them.
        for record in originals.values():
            session.delete(session.get(ArchivedDocument, record.id))
    return top["id"]


def _sitting(day: dt.date, official: int, rng: random.Random) -> dict:
    away = rng.choice((0, 0, 1, 1, 2, 3))
    minutes = rng.choice((80, 95, 110, 120, 135))
    end = (dt.datetime.combine(day, dt.time(14)) + dt.timedelta(minutes=minutes)).time()
    return {
        "meeting": {
            "date": day.isoformat(),
            "start": "14:00:00",
            "end": end.isoformat(),
            "location": "Hội trường",
            "form": "in_person",
            "platform": None,
            "online": [],
        },
        "attendance": {
            "total": official,
            "official": official,
            "probationary": 0,
            "exempt": 0,
            "transferred_out": 0,
            "suspended": 0,
            "hosted": 0,
            "present": official - away,
            "present_official": official - away,
            "absent": [
                {"name": f"Đảng viên {n}", "excused": True, "reason": None, "status": None, "approved": False}
                for n in range(away)
            ],
            "summoned_official": None,
            "composition": None,
        },
        "guests": [{"name": "Trần Minh Hải", "position": "Đảng ủy viên", "honorific": "comrade"}]
        if rng.random() < 0.4
        else [],
    }


def _copy(record, cell_id: int, day: dt.date, changes: dict, model):
    data = {**copy.deepcopy(record.input), **changes}
    return model(
        kind=record.kind,
        organization_id=cell_id,
        number=None,
        document_date=day,
        profile_id=record.profile_id,
        ruleset_id=record.ruleset_id,
        template_sha256=record.template_sha256,
        output_sha256=record.output_sha256,
        size=record.size,
        filename=record.filename,
        input=data,
        creator="benchmark",
    )


def _median_ms(action, rounds: int) -> tuple[float, float]:
    """(cold, warm median) in milliseconds."""
    times = []
    for _ in range(rounds + 1):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return times[0], stats_module.median(times[1:])


def measure(url: str, folder: Path, cells: int, rounds: int) -> None:
    from service import create_app
    from service.store import statistics
    from service.store.models import ArchivedDocument
    from service.store.statistics import Period

    app = create_app(
        {
            "TESTING": True,
            "INSTANCE_DIR": str(folder),
            "DATABASE_URL": url,
            "LOGIN_REQUIRED": False,
            "STORAGE_DIR": str(folder / "storage"),
            "SOFFICE_PATH": "",
        }
    )
    database = app.extensions["database"]
    database.upgrade()
    started = time.perf_counter()
    top = build(database, app.extensions["storage"], cells)
    with database.read() as session:
        documents = len(session.scalars(select(ArchivedDocument.id)).all())
    print(f"  built {cells} chi bộ, {documents} archived documents in {time.perf_counter() - started:.1f} s")
    year = Period.checked(dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31))
    client = app.test_client()
    query = f"?from={YEAR}-01&to={YEAR}-12"

    def get(path: str):
        def fetch():
            answer = client.get(path)
            assert answer.status_code == 200, (path, answer.status_code)

        return fetch

    rows = [
        ("figures of the year", lambda: statistics.compute(database, top, year), FIGURES_TARGET_MS),
        ("page /statistics", get(f"/statistics/{top}{query}"), PAGE_TARGET_MS),
    ]
    rows += [(f"chart {name}.svg", get(f"/statistics/{top}/{name}.svg{query}"), None) for name in ("attendance", "thematic")]
    rows += [
        ("figures.xlsx", get(f"/statistics/{top}/figures.xlsx{query}"), None),
        ("report.docx (quarter IV)", get(f"/statistics/{top}/report.docx?from={YEAR}-Q4&to={YEAR}-Q4"), None),
    ]
    counted = statistics.compute(database, top, year, today=dt.date(YEAR + 1, 1, 15))
    print(f"  {len(counted.cells)} cells, {counted.total.sittings} regular sittings, {len(counted.alerts)} alerts")
    for label, action, target in rows:
        cold, warm = _median_ms(action, rounds)
        verdict = "" if target is None else f"  (target ≤ {target} ms: {'met' if warm <= target else 'MISSED'})"
        print(f"  {label:<28} cold {cold:7.1f} ms   warm median {warm:7.1f} ms{verdict}")
    database.dispose()


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks stats")
    parser.add_argument("--cells", type=int, default=60)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument(
        "--postgres",
        default=os.environ.get("TEST_DATABASE_URL"),
        help="A PostgreSQL server URL (default: TEST_DATABASE_URL); the benchmark uses a schema of its own and drops it.",
    )
    args = parser.parse_args(argv)
    print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory() as folder:
        print("SQLite:")
        measure(f"sqlite:///{folder}/stats.sqlite3", Path(folder), args.cells, args.rounds)
    if args.postgres:
        from service.store.db import Database

        schema = f"bench_{uuid.uuid4().hex[:12]}"
        server = Database(args.postgres)
        with server.engine.begin() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
        separator = "&" if "?" in args.postgres else "?"
        try:
            with tempfile.TemporaryDirectory() as folder:
                print("PostgreSQL:")
                measure(
                    f"{args.postgres}{separator}options={quote(f'-csearch_path={schema}')}",
                    Path(folder),
                    args.cells,
                    args.rounds,
                )
        finally:
            with server.engine.begin() as connection:
                connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
            server.dispose()
    else:
        print("PostgreSQL: skipped (give --postgres URL or set TEST_DATABASE_URL)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
