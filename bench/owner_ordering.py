"""Owner ordering pages: server time (p95 ≤ 50 ms) and HTML size (≤ 30 KB) on the full seed.

Signed in as several store owners through the real login form (Flask test client, so
the time is the server's), each page is fetched repeatedly after a warm-up: home (the
current store), the catalogue and its htmx search fragment, the cart, one line's check,
the orders list, the current store's largest order (detail) and a delivered order's
receipt form (issue 11, Performance). An owner whose store has no delivered order waiting
for its receipt gets one: HQ moves the store's newest open order to delivered first (an
owner with no open order either is measured without the receipt form).
"""

import logging
from collections import defaultdict
from functools import partial

from sqlalchemy import func, select

from .common import Figure, median_of, seeded_app, timed
from .rep_pages import P95_TARGET_MS, REPEATS, SIZE_TARGET_KB, p95, signed_in_client

OWNERS = ("owner1", "owner50", "owner120", "owner200")
PAGES = (("home", "/store/", {}),
         ("catalogue", "/store/catalogue", {}),
         ("catalogue search (htmx)", "/store/catalogue?q=P00", {"HX-Request": "true"}),
         ("cart", "/store/cart", {}),
         ("cart line check (JSON)", "/store/cart/check?product_id=1&quantity=30", {}),
         ("orders list", "/store/orders", {}))
STEPS = ("submitted", "confirmed", "picking", "out_for_delivery", "delivered")


def order_pages(app, username: str) -> list[tuple[str, str, dict]]:
    """The order detail (the current store's order with most lines) and a receipt form."""
    from webapp.extensions import db
    from webapp.models import Order, OrderLine, User
    from webapp.services.orders import move_order
    from webapp.store.queries import owner_stores

    with app.app_context():
        owner = db.session.scalar(select(User).where(User.username == username))
        store = owner_stores(db.session, owner)[0]  # the current store until switched
        biggest = db.session.scalar(
            select(Order.id).join(OrderLine).where(Order.store_id == store.id)
            .group_by(Order.id).order_by(func.count().desc(), Order.id.desc()).limit(1))
        waiting = _receipt_waiting(db.session, store.id, Order)
        if waiting is None:
            hq = db.session.scalar(select(User).where(User.username == "hq"))
            chosen = db.session.scalar(select(Order).where(
                Order.store_id == store.id, Order.status.in_(STEPS[:-1])).order_by(Order.id.desc()))
            if chosen is None:
                return [("order detail", f"/store/orders/{biggest}", {})]
            for step in STEPS[STEPS.index(chosen.status) + 1:]:
                move_order(db.session, hq, chosen.id, step, chosen.version)
            db.session.commit()
            waiting = chosen.id
    return [("order detail", f"/store/orders/{biggest}", {}),
            ("receipt form", f"/store/orders/{waiting}/receipt", {})]


def _receipt_waiting(session, store_id: int, Order) -> int | None:
    return session.scalar(select(Order.id).where(
        Order.store_id == store_id, Order.status == "delivered",
        Order.received_by_id.is_(None), Order.signed_by.is_(None)).order_by(Order.id.desc()))


def run() -> list[Figure]:
    """Measure every owner ordering page for several owners; one p95 and size per page."""
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    app = seeded_app()
    times: dict[str, list[float]] = defaultdict(list)
    sizes: dict[str, int] = defaultdict(int)
    for username in OWNERS:
        client = signed_in_client(app, username)
        for kind, url, headers in PAGES + tuple(order_pages(app, username)):
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



