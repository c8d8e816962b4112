"""The order desk's test world: the ordering world of `order_helpers`, an order of a
store in another region (no seeded manager's), and HTTP helpers for the HQ pages."""

import re

from order_helpers import make_world, order, other_region_store
from sqlalchemy import select

from webapp import clock
from webapp.models import Order, OrderLine, OrderStatusChange, Product


def foreign_order(db, status: str = "submitted") -> Order:
    """An order of a store in a region of its own, stored as the seed stores orders."""
    store = other_region_store(db)
    product = db.session.scalar(select(Product).order_by(Product.id))
    placed = Order(number="SO-FOREIGN-1", store_id=store.id, channel="app", status=status,
                   total_fen=product.wholesale_price_fen, placed_at=clock.now(),
                   delivery_method="home_delivery", version=1)
    db.session.add(placed)
    db.session.flush()
    db.session.add_all([OrderLine(order_id=placed.id, product_id=product.id, quantity=1,
                                  unit_price_fen=product.wholesale_price_fen),
                        OrderStatusChange(order_id=placed.id, status=status, at=clock.now())])
    db.session.commit()
    return placed


def desk_world(db):
    """The ordering world, one fresh order of owner1's store, one of another region."""
    world = make_world(db)
    return world, order(db, world), foreign_order(db)


def move(web, placed: Order, to_status: str, version: int | None = None, **fields):
    """Press a move button of the order's page (without JavaScript)."""
    url = f"/hq/orders/{placed.id}"
    data = {"to_status": to_status,
            "version": str(placed.version if version is None else version), **fields}
    return web.post_form(f"{url}/move", data, page=url)


def flashed(web, url: str) -> str:
    """The page at `url` after a redirect, with its flash."""
    return web.client.get(url).get_data(as_text=True)


def queue_numbers(html: str) -> list[str]:
    """The order numbers the queue lists."""
    return re.findall(r'<a href="/hq/orders/\d+">([^<]+)</a>', html)


def home_csrf(web) -> str:
    """A CSRF token from the signed-in user's own home page."""
    html = web.client.get("/", follow_redirects=True).get_data(as_text=True)
    return re.search(r'name="csrf-token" content="([^"]+)"', html).group(1)
