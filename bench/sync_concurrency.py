"""Sync under load: 20 phones push at once to gunicorn -w 2 --threads 4; errors, exactly once.

Twenty reps' phones (one device each) push 1,000 mixed records each in batches of
200 (our PWA's batch), all starting together; each phone also sends its first batch
a second time at once, over another connection (what a phone does when a slow batch
passes its timeout). A 503 with Retry-After is retried as the phone would; any other
non-200 answer is an error. Afterwards the database must hold every record exactly
once: a receipt and one audit line per id, no quarantine row.

SQLite by default (a copy of the seed data set); `BENCH_DATABASE_URL=postgresql://…`
runs it on PostgreSQL (seeded there once).
"""

import os
import random
import tempfile
import time
from pathlib import Path

from .common import BENCH_PASSWORD, Figure, seeded_app
from .phone_fleet import register_phones, run_fleet
from .sync_push import make_records

PHONES = 20
RECORDS_PER_PHONE = 1_000
BATCH = 200  # our PWA's batch size (docs/sync-protocol.md, client behaviour)


def fleet_push(app, database_url: str, instance: Path, usernames: list[str],
               records_per_phone: int, batch: int, seed: int = 1):
    """One phone per user, each with `records_per_phone` records, pushed at once."""
    rng = random.Random(seed)
    devices = register_phones(app, usernames, BENCH_PASSWORD)
    pushes = [(device, make_records(app, rng, name, records_per_phone))
              for device, name in zip(devices, usernames, strict=True)]
    return run_fleet(app, database_url, instance, pushes, batch)


def run() -> list[Figure]:
    """20 phones at once; every answer 200 (or 503 then 200), every record exactly once."""
    database_url = os.environ.get("BENCH_DATABASE_URL")
    app = seeded_app(seed=7, database_url=database_url)
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    usernames = [f"rep{n}" for n in range(1, PHONES + 1)]
    with tempfile.TemporaryDirectory() as instance:
        started = time.perf_counter()
        fleet, stored, total = fleet_push(app, url, Path(instance), usernames,
                                          RECORDS_PER_PHONE, BATCH, seed=time.time_ns())
        wall = time.perf_counter() - started
    where = "PostgreSQL" if url.startswith("postgresql") else "SQLite"
    errors = len(fleet.errors) + fleet.unanswered
    wrong = stored["missing"] + stored["doubled"] + stored["quarantined"]
    return [
        Figure(f"{where}: answers other than 200 or 503-then-200 ({PHONES} phones)", errors,
               "answers", "0", errors == 0),
        Figure(f"records not stored exactly once (of {total})", wrong, "records", "0",
               wrong == 0),
        Figure("records answered rejected (all valid; overlapping retries)",
               fleet.statuses["rejected"], "records", "0", fleet.statuses["rejected"] == 0),
        Figure("answers 503 (busy; the phone retried after Retry-After)",
               fleet.http_codes[503], "answers", "info", True),
        Figure("batch time p95, retries included", fleet.p95(), "s", "info", True),
        Figure("records per second, all phones together", total / fleet.wall, "rec/s",
               f"info ({wall:.0f} s in all)", True),
    ]
