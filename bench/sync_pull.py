"""Sync pull: a new phone's first pull of a whole scope over real HTTP (changes/s, JSON size)."""

import json
import logging
import uuid
from collections import Counter

from .common import BENCH_PASSWORD, Figure, ServerProcess, median_of, seeded_app, timed

REPEATS = 25


def _first_pull(server: ServerProcess, token: str,
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


def _one_change(server: ServerProcess, token: str) -> None:
    """A first page of one change: the fixed cost of a pull request (auth, Flask, HTTP)."""
    status, raw = server.request("GET", "/sync/pull?cursor=&limit=1",
                                 headers={"Authorization": f"Bearer {token}"})
    assert status == 200, raw[:200]


def _measure(server: ServerProcess, username: str) -> tuple[float, int, int, int, Counter, float]:
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
    server = ServerProcess(seeded_app(seed=7))
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
