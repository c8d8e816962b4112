"""Seeding 500 stores, 50 reps and 365 days must take under a minute."""

import tempfile
from pathlib import Path

from .common import Figure


def run() -> list[Figure]:
    """Seed a fresh SQLite database and time it."""
    from flask_migrate import upgrade

    from webapp import create_app
    from webapp.extensions import db
    from webapp.seed import SeedSpec, seed_database

    with tempfile.TemporaryDirectory() as folder:
        app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{Path(folder) / 's.db'}",
                          "SECRET_KEY": "bench"})
        with app.app_context():
            upgrade(directory=app.extensions["migrate"].directory)
            result = seed_database(db.session, SeedSpec(stores=500, reps=50, days=365, seed=1))
            db.session.remove()
            db.engine.dispose()
    return [Figure("seed 500 stores / 50 reps / 365 days", result["seconds"], "s", "< 60 s",
                   result["seconds"] < 60)]
