"""Shared benchmark plumbing: a seeded database, timing, and the figure table."""

import atexit
import gc
import http.client
import itertools
import json
import multiprocessing
import os
import socket
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from gunicorn.app.base import BaseApplication
from werkzeug.security import generate_password_hash
from werkzeug.serving import make_server

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
    """A Rounds app on a fresh copy of the seed data set (SQLite), or on `database_url`.

    Every seeded account's password is BENCH_PASSWORD. The seeded database is made
    once per size and kept pristine under the temp dir; each call gets its own working
    copy, so what one benchmark writes never slows down or skews the next run.
    """
    from flask_migrate import upgrade

    from webapp import create_app
    from webapp.extensions import db

    folder = Path(tempfile.gettempdir()) / "rounds-bench"
    folder.mkdir(exist_ok=True)
    os.environ["ROUNDS_INSTANCE_PATH"] = str(folder)
    config = {"SECRET_KEY": "bench", "LOGIN_RATE_LIMIT": "100000 per minute",
              "UPLOAD_DIR": str(folder / "uploads")}
    if database_url:
        app = create_app({**config, "SQLALCHEMY_DATABASE_URI": database_url})
        with app.app_context():
            upgrade(directory=app.extensions["migrate"].directory)
            _seed_if_empty(db.session, stores, reps, days, seed)
        return app
    # keyed by the newest migration too: a schema change never reuses an old copy
    head = max(p.name.split("_")[0] for p in (Path(__file__).parent.parent / "migrations"
                                               / "versions").glob("[0-9]*_*.py"))
    pristine = folder / f"pristine-{stores}-{reps}-{days}-{seed}-m{head}.db"
    if not pristine.exists():
        building = folder / f"building-{os.getpid()}.db"
        building.unlink(missing_ok=True)
        app = create_app({**config, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{building}"})
        with app.app_context():
            upgrade(directory=app.extensions["migrate"].directory)
            _seed_if_empty(db.session, stores, reps, days, seed)
            db.session.remove()
            db.engine.dispose()
        sqlite_copy(building, pristine)
        building.unlink()
    work = folder / f"work-{os.getpid()}-{next(_COPIES)}.db"
    sqlite_copy(pristine, work)
    atexit.register(_remove_database, work)
    return create_app({**config, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{work}"})


_COPIES = itertools.count(1)


def _remove_database(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def _seed_if_empty(session, stores: int, reps: int, days: int, seed: int) -> None:
    from sqlalchemy import func, select

    from webapp.models import Store
    from webapp.seed import SeedSpec, seed_database

    if not session.scalar(select(func.count()).select_from(Store)):
        seed_database(session, SeedSpec(
            stores=stores, reps=reps, days=days, seed=seed,
            password_hash=generate_password_hash(BENCH_PASSWORD)))


def sqlite_copy(source: Path, target: Path) -> None:
    """A consistent copy of an SQLite database (WAL included) into a new file."""
    _remove_database(target)
    partial = target.with_suffix(".partial")
    partial.unlink(missing_ok=True)
    with sqlite3.connect(source) as src, sqlite3.connect(partial) as dst:
        src.backup(dst)
    src.close()
    dst.close()
    partial.rename(target)


def _serve(app, port: int) -> None:
    """Child process: fresh database connections, then serve until terminated."""
    from webapp.extensions import db

    with app.app_context():
        db.engine.dispose()  # never share SQLite connections across fork
    gc.collect()
    gc.freeze()  # as wsgi.py does in production
    if os.environ.get("BENCH_SERVER") == "werkzeug":
        make_server("127.0.0.1", port, app, threaded=True).serve_forever()
        return

    class _Gunicorn(BaseApplication):
        """gunicorn, as README's production setup: one worker, threads, keep-alive."""

        def load_config(self):
            for key, value in {"bind": f"127.0.0.1:{port}", "workers": 1, "threads": 4,
                               "worker_class": "gthread", "keepalive": 30,
                               "loglevel": "warning"}.items():
                self.cfg.set(key, value)

        def load(self):
            return app

    _Gunicorn().run()


class ServerProcess:
    """The app served by its own process (as in production: the phone is another machine,
    so client and server must not share a GIL); requests over one keep-alive connection."""

    def __init__(self, app):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        self.process = multiprocessing.get_context("fork").Process(
            target=_serve, args=(app, port), daemon=True)
        self.process.start()
        for _ in range(200):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
                break
            except OSError:
                time.sleep(0.05)
        self.conn = http.client.HTTPConnection("127.0.0.1", port)

    def request(self, method: str, path: str, body: dict | bytes | None = None,
                headers: dict | None = None) -> tuple[int, bytes]:
        """One request; a dict body is sent as JSON, bytes as they are (pre-encoded)."""
        if isinstance(body, dict):
            body = json.dumps(body).encode()
        self.conn.request(method, path, body,
                          {"Content-Type": "application/json", **(headers or {})})
        response = self.conn.getresponse()
        return response.status, response.read()

    def cpu_seconds(self) -> float:
        """CPU seconds (user + system) used so far by the server and its children."""
        return sum(_process_cpu(pid) for pid in _process_tree(self.process.pid))

    def close(self):
        self.conn.close()
        self.process.terminate()
        self.process.join()


def _process_tree(pid: int) -> list[int]:
    """pid and all its descendants (Linux /proc)."""
    pids, todo = [], [pid]
    while todo:
        current = todo.pop()
        pids.append(current)
        for task in Path(f"/proc/{current}/task").glob("*"):
            children = (task / "children").read_text().split()
            todo += [int(child) for child in children]
    return pids


def _process_cpu(pid: int) -> float:
    """utime + stime of one process (all its threads), in seconds."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
