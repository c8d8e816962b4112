"""Rep phone pages: server time (p95 ≤ 50 ms) and HTML size (≤ 30 KB) on the full seed.

Signed in as several reps through the real login form (Flask test client, so the
time is the server's: routing, queries, templates), each page is fetched repeatedly
after a warm-up: today (territory order and from a position), the htmx fragment of
the route list, store pages, and the capture forms.
"""

import logging
import math
import re
import time
from collections import defaultdict
from functools import partial

from .common import BENCH_PASSWORD, Figure, median_of, seeded_app, timed

REPS = ("rep1", "rep12", "rep25", "rep38", "rep50")
STORES_PER_REP = 3
REPEATS = 8
P95_TARGET_MS = 50.0
SIZE_TARGET_KB = 30.0
CAPTURE_ENDPOINTS = ("rep.visit_form", "rep.price_check_form", "rep.store_update_form",
                     "rep.ticket_form", "rep.restock_form")


def p95(samples: list[float]) -> float:
    """The 95th percentile (nearest rank)."""
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def time_page(client, kind: str, url: str, times: dict, sizes: dict,
              headers: dict | None = None, repeats: int | None = None) -> None:
    """One warm-up GET of `url` (it must answer 200), then `repeats` (default REPEATS)
    timed ones: the server
    times (ms) go to `times[kind]`, the largest answer's size to `sizes[kind]`."""
    response = client.get(url, headers=headers)
    assert response.status_code == 200, f"{url}: {response.status_code}"
    sizes[kind] = max(sizes[kind], len(response.data))
    for _ in range(REPEATS if repeats is None else repeats):
        seconds, _response = timed(partial(client.get, url, headers=headers))
        times[kind].append(seconds * 1000)


def page_figures(times: dict, sizes: dict) -> list[Figure]:
    """Each page kind's median (reference), p95 server time and largest HTML against the
    phone pages' targets."""
    figures = []
    for kind, samples in times.items():
        ms, kb = p95(samples), sizes[kind] / 1024
        figures.append(Figure(f"{kind}: median server time (reference)", median_of(samples),
                              "ms", "-", True))
        figures.append(Figure(f"{kind}: p95 server time ({len(samples)} requests)", ms, "ms",
                              f"<= {P95_TARGET_MS:.0f} ms", ms <= P95_TARGET_MS))
        figures.append(Figure(f"{kind}: largest HTML", kb, "KB", f"<= {SIZE_TARGET_KB:.0f} KB",
                              kb <= SIZE_TARGET_KB))
    return figures


def signed_in_client(app, username: str):
    """A test client signed in as `username` through the login form."""
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    response = client.post("/login", data={"username": username, "password": BENCH_PASSWORD,
                                           "csrf_token": token})
    assert response.status_code in (302, 303), f"{username} could not sign in"
    return client


def rep_urls(app, username: str) -> list[tuple[str, str, dict]]:
    """(page kind, URL, headers) for one rep: today, the fragment, stores, capture forms."""
    from flask import url_for
    from sqlalchemy import select

    from webapp.extensions import db
    from webapp.models import Store, User

    with app.app_context():
        rep = db.session.scalar(select(User).where(User.username == username))
        stores = db.session.scalars(select(Store).where(Store.territory_id == rep.territory_id)
                                    .order_by(Store.customer_code)).all()
        located = next((s for s in stores if s.lat is not None), None)
        where = f"?lat={located.lat + 0.003:.6f}&lng={located.lng - 0.002:.6f}" if located else ""
        urls = [("today", "/rep/today", {}),
                ("today ?lat&lng", f"/rep/today{where}", {}),
                ("today fragment (htmx)", f"/rep/today{where}", {"HX-Request": "true"})]
        picked = stores[:: max(1, len(stores) // STORES_PER_REP)][:STORES_PER_REP]
        with app.test_request_context():
            for store in picked:
                urls.append(("store page", url_for("rep.store", store_id=store.id), {}))
                for endpoint in CAPTURE_ENDPOINTS:
                    urls.append((f"form {endpoint}", url_for(endpoint, store_id=store.id), {}))
    return urls


def run() -> list[Figure]:
    """Measure every rep page for several reps and stores; one p95 and size per page kind."""
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    app = seeded_app()
    times: dict[str, list[float]] = defaultdict(list)
    cpu: dict[str, list[float]] = defaultdict(list)
    sizes: dict[str, int] = defaultdict(int)
    for username in REPS:
        client = signed_in_client(app, username)
        for kind, url, headers in rep_urls(app, username):
            response = client.get(url, headers=headers)  # warm-up
            assert response.status_code == 200, f"{url}: {response.status_code}"
            sizes[kind] = max(sizes[kind], len(response.data))
            for _ in range(REPEATS):
                started = time.process_time()
                seconds, _response = timed(partial(client.get, url, headers=headers))
                cpu[kind].append((time.process_time() - started) * 1000)
                times[kind].append(seconds * 1000)
    figures = []
    for kind, samples in times.items():
        ms, kb = p95(samples), sizes[kind] / 1024
        # for reference on a shared machine: the median, and the CPU time this process spent
        figures.append(Figure(f"{kind}: median server time (reference)", median_of(samples),
                              "ms", "-", True))
        figures.append(Figure(f"{kind}: p95 CPU time (reference)", p95(cpu[kind]), "ms", "-",
                              True))
        figures.append(Figure(f"{kind}: p95 server time ({len(samples)} requests)", ms, "ms",
                              f"<= {P95_TARGET_MS:.0f} ms", ms <= P95_TARGET_MS))
        figures.append(Figure(f"{kind}: largest HTML", kb, "KB", f"<= {SIZE_TARGET_KB:.0f} KB",
                              kb <= SIZE_TARGET_KB))
    return figures
