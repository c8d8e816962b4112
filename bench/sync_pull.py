"""Sync pull: a new phone's first pull of a rep's whole scope (changes/s and JSON size)."""

import logging
import uuid

from .common import BENCH_PASSWORD, Figure, median_of, seeded_app, timed


def run() -> list[Figure]:
    """Pull rep1's scope from an empty cursor, five times; report the median rate and size."""
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    app = seeded_app(seed=7)
    client = app.test_client()
    device = client.post("/api/devices", json={"username": "rep1", "password": BENCH_PASSWORD,
                                               "device_name": f"bench-{uuid.uuid4()}"}).get_json()
    headers = {"Authorization": f"Bearer {device['token']}"}

    def first_pull() -> tuple[int, int]:
        cursor, count, size = "", 0, 0
        while True:
            response = client.get(f"/sync/pull?cursor={cursor}", headers=headers)
            body = response.get_json()
            count += len(body["changes"])
            size += len(response.data)
            cursor = body["cursor"]
            if not body["has_more"]:
                return count, size

    samples = []
    for _ in range(5):
        seconds, (count, size) = timed(first_pull)
        samples.append(seconds)
    seconds = median_of(samples)
    rate = count / seconds
    hq = client.post("/api/devices", json={"username": "hq", "password": BENCH_PASSWORD,
                                           "device_name": f"bench-{uuid.uuid4()}"}).get_json()
    hq_headers = {"Authorization": f"Bearer {hq['token']}"}

    def hq_pull() -> tuple[int, int]:
        cursor, count, size = "", 0, 0
        while True:
            response = client.get(f"/sync/pull?cursor={cursor}", headers=hq_headers)
            body = response.get_json()
            count += len(body["changes"])
            size += len(response.data)
            cursor = body["cursor"]
            if not body["has_more"]:
                return count, size

    hq_seconds, (hq_count, hq_size) = timed(hq_pull)
    return [
        Figure(f"rep first pull: {count} changes (median of 5)", rate, "changes/s",
               ">= 20000", rate >= 20_000),
        Figure("rep first pull: JSON size", size / 1e6, "MB", "<= 5 MB", size <= 5e6),
        Figure(f"HQ first pull (all stores): {hq_count} changes", hq_count / hq_seconds,
               "changes/s", ">= 20000", hq_count / hq_seconds >= 20_000),
        Figure("HQ first pull: JSON size", hq_size / 1e6, "MB", "<= 5 MB", hq_size <= 5e6),
    ]
