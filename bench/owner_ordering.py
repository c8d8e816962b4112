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

from sqlalchemy import func, select

from .common import Figure, seeded_app
from .rep_pages import page_figures, signed_in_client, time_page

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
            time_page(client, kind, url, times, sizes, headers)
    return page_figures(times, sizes)



