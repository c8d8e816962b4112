"""Owner ordering pages: server time (p95 ≤ 50 ms) and HTML size (≤ 30 KB) on the full seed.

Signed in as several store owners through the real login form (Flask test client, so
the time is the server's), each page is fetched repeatedly after a warm-up: home (the
current store), the catalogue and its htmx search fragment, the cart, one line's check.
"""

import logging
from collections import defaultdict
from functools import partial

from .common import Figure, median_of, seeded_app, timed
from .rep_pages import P95_TARGET_MS, REPEATS, SIZE_TARGET_KB, p95, signed_in_client

OWNERS = ("owner1", "owner50", "owner120", "owner200")
PAGES = (("home", "/store/", {}),
         ("catalogue", "/store/catalogue", {}),
         ("catalogue search (htmx)", "/store/catalogue?q=P00", {"HX-Request": "true"}),
         ("cart", "/store/cart", {}),
         ("cart line check (JSON)", "/store/cart/check?product_id=1&quantity=30", {}))


def run() -> list[Figure]:
    """Measure every owner ordering page for several owners; one p95 and size per page."""
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    app = seeded_app()
    times: dict[str, list[float]] = defaultdict(list)
    sizes: dict[str, int] = defaultdict(int)
    for username in OWNERS:
        client = signed_in_client(app, username)
        for kind, url, headers in PAGES:
            response = client.get(url, headers=headers)  # warm-up
            assert response.status_code == 200, f"{username} {url}: {response.status_code}"
            sizes[kind] = max(sizes[kind], len(response.data))
            for _ in range(REPEATS):
                seconds, _response = timed(partial(client.get, url, headers=headers))
                times[kind].append(seconds * 1000)
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



