"""Shared benchmark plumbing: a seeded database, timing, and the figure table."""

import os
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from werkzeug.security import generate_password_hash

BENCH_PASSWORD = "bench-pass-1"


@dataclass
class Figure:
    """One measured figure and its target."""

    name: str
    value: float
    unit: str
    target: str
    ok: bool

    def line(self) -> str:
        mark = "OK  " if self.ok else "MISS"
        return f"{mark} {self.name:<58} {self.value:>12.2f} {self.unit:<10} target {self.target}"


def median_of(samples: list[float]) -> float:
    """The median (the machine is shared and noisy: never the mean)."""
    return statistics.median(samples)


def timed(fn: Callable[[], object]) -> tuple[float, object]:
    """Seconds taken by fn() and its result."""
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def seeded_app(stores: int = 500, reps: int = 50, days: int = 365, seed: int = 1,
               database_url: str | None = None):
    """A Rounds app on a fresh SQLite file (or `database_url`) holding the seed data set.

    Every seeded account's password is BENCH_PASSWORD. The seeded file is cached
    per size under the temp dir, so several benchmarks share one seeding.
    """
    from flask_migrate import upgrade

    from webapp import create_app
    from webapp.extensions import db
    from webapp.seed import SeedSpec, seed_database

    folder = Path(tempfile.gettempdir()) / "rounds-bench"
    folder.mkdir(exist_ok=True)
    os.environ["ROUNDS_INSTANCE_PATH"] = str(folder)
    url = database_url or f"sqlite:///{folder}/seed-{stores}-{reps}-{days}-{seed}.db"
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench",
                      "LOGIN_RATE_LIMIT": "100000 per minute",
                      "UPLOAD_DIR": str(folder / "uploads")})
    with app.app_context():
        upgrade(directory=app.extensions["migrate"].directory)
        from sqlalchemy import func, select

        from webapp.models import Store

        if not db.session.scalar(select(func.count()).select_from(Store)):
            seed_database(db.session, SeedSpec(
                stores=stores, reps=reps, days=days, seed=seed,
                password_hash=generate_password_hash(BENCH_PASSWORD)))
    return app
