"""HQ's orders queue: server time p95 ≤ 300 ms at 500 stores and ≤ 1 s at 5,000 stores,
each with a year of orders (issue 11, Performance).

Signed in through the real login form as HQ staff (every order) and as a market manager
(their region), the queue is asked the ways the desk asks it: unfiltered, each status
group, one status, an exception filter, a region, a date range, a page deep in the
history, and the htmx fragment a filter change fetches. Flask test client, so the time
is the server's (routing, scope, the count and the page's query, templates).
"""

import logging
import time
from collections import defaultdict
from datetime import timedelta
from functools import partial

from .common import Figure, median_of, seeded_app, timed
from .rep_pages import p95, signed_in_client

SIZES = ((500, 50, 0.300), (5000, 500, 1.000))  # stores, reps, p95 target in seconds
REPEATS = 6
USERS = ("hq", "manager1")


def queue_urls(app) -> list[tuple[str, str, dict]]:
    """(kind, URL, headers) of the queue as the desk uses it."""
    from sqlalchemy import select

    from webapp import clock
    from webapp.extensions import db
    from webapp.models import Region

    with app.app_context():
        region = db.session.scalar(select(Region.id).order_by(Region.id.desc()))
    today = clock.today("Asia/Shanghai")
    week = f"placed_from={today - timedelta(days=7)}&placed_to={today}"
    return [("all", "/hq/orders", {}),
            ("undelivered", "/hq/orders?status=undelivered", {}),
            ("late", "/hq/orders?status=late", {}),
            ("one status", "/hq/orders?status=delivered", {}),
            ("with an exception", "/hq/orders?exception=has", {}),
            ("without an exception", "/hq/orders?exception=none", {}),
            ("one region", f"/hq/orders?region={region}", {}),
            ("last 7 days, pick-up", f"/hq/orders?{week}&delivery_method=pickup_point", {}),
            ("page 200", "/hq/orders?page=200", {}),
            ("fragment (htmx)", "/hq/orders?status=undelivered", {"HX-Request": "true"})]


def measure(stores: int, reps: int) -> tuple[list[float], dict[str, list[float]]]:
    """Every queue view, REPEATS times after a warm-up, per user: all samples (ms)."""
    app = seeded_app(stores=stores, reps=reps)
    samples: list[float] = []
    per_kind: dict[str, list[float]] = defaultdict(list)
    urls = queue_urls(app)
    for username in USERS:
        client = signed_in_client(app, username)
        for kind, url, headers in urls:
            response = client.get(url, headers=headers)
            assert response.status_code == 200, f"{url}: {response.status_code}"
            for _ in range(REPEATS):
                seconds, _response = timed(partial(client.get, url, headers=headers))
                samples.append(seconds * 1000)
                per_kind[kind].append(seconds * 1000)
    return samples, per_kind


def run() -> list[Figure]:
    """The queue's median and p95 at each size, beside its target."""
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    figures = []
    for stores, reps, target in SIZES:
        started = time.perf_counter()
        samples, per_kind = measure(stores, reps)
        worst = max(per_kind, key=lambda k: p95(per_kind[k]))
        ms, target_ms = p95(samples), target * 1000
        figures += [
            Figure(f"{stores} stores: data set ready and measured (reference)",
                   time.perf_counter() - started, "s", "-", True),
            Figure(f"{stores} stores: orders queue median server time", median_of(samples),
                   "ms", "-", True),
            Figure(f"{stores} stores: slowest view, p95 ({worst})", p95(per_kind[worst]), "ms",
                   "-", True),
            Figure(f"{stores} stores: orders queue p95 server time ({len(samples)} requests)",
                   ms, "ms", f"<= {target_ms:.0f} ms", ms <= target_ms),
        ]
    return figures
