"""Sync pull: a new phone's first pull of a whole scope over real HTTP (changes/s, JSON size)."""

import http.client
import json
import logging
import multiprocessing
import os
import socket
import time
import uuid
from collections import Counter

from gunicorn.app.base import BaseApplication
from werkzeug.serving import make_server

from .common import BENCH_PASSWORD, Figure, median_of, seeded_app, timed

REPEATS = 25


def _serve(app, port: int) -> None:
    """Child process: fresh database connections, then serve until terminated."""
    from webapp.extensions import db

    with app.app_context():
        db.engine.dispose()  # never share SQLite connections across fork
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


class _Server:
    """The app served by its own process (as in production: the phone is another machine,
    so client and server must not share a GIL); GETs over one keep-alive connection."""

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

    def request(self, method: str, path: str, body: dict | None = None,
                headers: dict | None = None) -> tuple[int, bytes]:
        self.conn.request(method, path, json.dumps(body) if body is not None else None,
                          {"Content-Type": "application/json", **(headers or {})})
        response = self.conn.getresponse()
        return response.status, response.read()

    def close(self):
        self.conn.close()
        self.process.terminate()
        self.process.join()


def _first_pull(server: _Server, token: str,
                types: Counter | None = None) -> tuple[int, int, int]:
    """Pull from an empty cursor until has_more is false: (changes, JSON bytes, pages)."""
    cursor, count, size, pages = "", 0, 0, 0
    while True:
        status, raw = server.request("GET", f"/sync/pull?cursor={cursor}",
                                     headers={"Authorization": f"Bearer {token}"})
        assert status == 200, raw[:200]
        body = json.loads(raw)
        count += len(body["changes"])
        size += len(raw)
        pages += 1
        cursor = body["cursor"]
        if types is not None:
            types.update(change["type"] for change in body["changes"])
        if not body["has_more"]:
            return count, size, pages


def _one_change(server: _Server, token: str) -> None:
    """A first page of one change: the fixed cost of a pull request (auth, Flask, HTTP)."""
    status, raw = server.request("GET", "/sync/pull?cursor=&limit=1",
                                 headers={"Authorization": f"Bearer {token}"})
    assert status == 200, raw[:200]


def _measure(server: _Server, username: str) -> tuple[float, int, int, int, Counter, float]:
    status, raw = server.request("POST", "/api/devices", {
        "username": username, "password": BENCH_PASSWORD,
        "device_name": f"bench-{uuid.uuid4()}"})
    assert status == 201, raw
    token = json.loads(raw)["token"]
    types: Counter = Counter()
    _first_pull(server, token, types)  # warm-up (caches, compiled statements)
    samples, fixed = [], []
    for _ in range(REPEATS):
        seconds, (count, size, pages) = timed(lambda: _first_pull(server, token))
        samples.append(seconds)
        fixed.append(timed(lambda: _one_change(server, token))[0])
    return median_of(samples), count, size, pages, types, median_of(fixed)


def run() -> list[Figure]:
    """Pull rep1's and HQ's whole scope from an empty cursor; median rate and JSON size."""
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    server = _Server(seeded_app(seed=7))
    figures = []
    for username, who in (("rep1", "rep"), ("hq", "HQ (all 500 stores)")):
        seconds, count, size, pages, types, fixed = _measure(server, username)
        rate = count / seconds
        print(f"     {who}: " + ", ".join(f"{n} {t}" for t, n in sorted(types.items())))
        figures += [
            Figure(f"{who} first pull: {count} changes, {pages} page(s), "
                   f"{seconds * 1000:.1f} ms (median of {REPEATS})", rate, "changes/s",
                   ">= 20000", rate >= 20_000),
            Figure(f"{who} first pull: JSON size", size / 1e6, "MB", "<= 5 MB", size <= 5e6),
            Figure(f"{who}: one-change page (fixed cost of a request)", fixed * 1000, "ms",
                   "reference", True),
        ]
    server.close()
    return figures
