"""HQ and market-manager desktop pages under /hq: the blueprint and every URL rule it serves.

The rules are written here, in one table; the view functions live beside this file,
one module per page group: `overview` (dashboard, stores, the tiles' lists), `stores`
(reported changes, HQ's store edit), `restock`, `sync` (conflicts, quarantine),
`devices` (phones, per-rep freshness), `tickets` (the ticket desk), `inbox`, `notices`,
`surveys`, and the order desk: `orders` (queue, order page, moves), `order_entry`
(orders taken by phone), `order_exceptions` (delivery exceptions and their photos),
`ordering_setup` (windows, quantity rules, allocations), `new_products` (a product's
new mark in the owners' catalogue). Importing a module registers
nothing.
"""

from flask import Blueprint

from ..forms import FIELD_LABELS
from . import (
    devices,
    inbox,
    new_products,
    notices,
    order_entry,
    order_exceptions,
    ordering_setup,
    orders,
    overview,
    restock,
    stores,
    surveys,
    sync,
    tickets,
)
from .filters import FILTERS

bp = Blueprint("hq", __name__, url_prefix="/hq")
POST = ("POST",)

bp.add_url_rule("/", view_func=overview.dashboard)
bp.add_url_rule("/stores", view_func=overview.stores)
bp.add_url_rule("/visits", view_func=overview.visits)
bp.add_url_rule("/tickets", endpoint="tickets", view_func=tickets.queue)
bp.add_url_rule("/tickets/<ticket_id>", view_func=tickets.ticket_page)
bp.add_url_rule("/tickets/<ticket_id>/<action>", view_func=tickets.ticket_action,
                methods=POST)
bp.add_url_rule("/photos/<photo_id>", view_func=tickets.ticket_photo)

bp.add_url_rule("/stores/<int:store_id>/edit", view_func=stores.edit_store,
                methods=("GET", "POST"))
bp.add_url_rule("/store-changes", view_func=stores.store_changes)
bp.add_url_rule("/store-changes/<change_id>/approve", view_func=stores.approve_change,
                methods=POST)
bp.add_url_rule("/store-changes/<change_id>/reject", view_func=stores.reject_change,
                methods=POST)

bp.add_url_rule("/restock", view_func=restock.restock)
bp.add_url_rule("/restock/<request_id>/approve", view_func=restock.approve_restock,
                methods=POST)
bp.add_url_rule("/restock/<request_id>/refuse", view_func=restock.refuse_restock,
                methods=POST)
bp.add_url_rule("/restock/<request_id>/supply", view_func=restock.supply_restock,
                methods=POST)

bp.add_url_rule("/sync/conflicts", view_func=sync.conflicts)
bp.add_url_rule("/sync/conflicts/<int:conflict_id>", view_func=sync.resolve_conflict,
                methods=POST)
bp.add_url_rule("/sync/quarantine", view_func=sync.quarantine)
bp.add_url_rule("/sync/quarantine/<int:item_id>", view_func=sync.quarantine_item)
bp.add_url_rule("/sync/quarantine/<int:item_id>/reapply", view_func=sync.reapply_item,
                methods=POST)
bp.add_url_rule("/sync/quarantine/<int:item_id>/discard", view_func=sync.discard_item,
                methods=POST)

bp.add_url_rule("/notices", view_func=notices.notices)
bp.add_url_rule("/notices/new", view_func=notices.notice_new, methods=("GET", "POST"))
bp.add_url_rule("/notices/<int:notice_id>", view_func=notices.notice)
bp.add_url_rule("/surveys", view_func=surveys.surveys)
bp.add_url_rule("/inbox", view_func=inbox.inbox)
bp.add_url_rule("/inbox/read", view_func=inbox.inbox_read, methods=POST)
# the order desk (issue 11 items 9-12)
bp.add_url_rule("/orders", view_func=orders.orders)
bp.add_url_rule("/orders/<int:order_id>", view_func=orders.order)
bp.add_url_rule("/orders/<int:order_id>/move", view_func=orders.order_move, methods=POST)
bp.add_url_rule("/orders/new", view_func=order_entry.order_entry, methods=("GET", "POST"))
bp.add_url_rule("/order-exceptions", view_func=order_exceptions.order_exceptions)
bp.add_url_rule("/order-photos/<photo_id>", view_func=order_exceptions.order_photo)
bp.add_url_rule("/ordering-setup", view_func=ordering_setup.ordering_setup)
bp.add_url_rule("/ordering-setup/windows", view_func=ordering_setup.ordering_windows,
                methods=POST)
bp.add_url_rule("/ordering-setup/products/<int:product_id>",
                view_func=ordering_setup.ordering_product, methods=("GET", "POST"))
bp.add_url_rule("/ordering-setup/products/<int:product_id>/allocation",
                view_func=ordering_setup.ordering_allocation, methods=POST)
bp.add_url_rule("/ordering-setup/products/<int:product_id>/new-until",
                view_func=new_products.product_new_until, methods=POST)

bp.add_url_rule("/sync/devices", view_func=devices.devices)
bp.add_url_rule("/sync/devices/<device_id>/revoke", view_func=devices.revoke, methods=POST)
bp.add_url_rule("/sync/freshness", view_func=devices.freshness)

for name, template_filter in FILTERS.items():
    bp.add_app_template_filter(template_filter, name)


@bp.context_processor
def sync_labels() -> dict:
    """Field labels every HQ page may show (codes go through the `code_label` global)."""
    return {"field_labels": FIELD_LABELS}
