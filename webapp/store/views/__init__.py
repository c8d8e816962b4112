"""The store owner's phone pages (零售客户) under /store: the blueprint and every URL rule.

The rules are written here, in one table; the view functions live beside this file, one
module per page group. Every page is about the owner's current store
(`webapp.store.current_store`), switchable from every page. Importing a module
registers nothing.
"""

from flask import Blueprint

from . import cart, catalogue, inbox, orders, receipts, stores, switcher

bp = Blueprint("store", __name__, url_prefix="/store")
GET_POST = ("GET", "POST")
# every owner page: the store switcher and the owner's sections (templates/_macros/store.html)
bp.context_processor(switcher.owner_page_context)


# my stores and the current one
bp.add_url_rule("/", view_func=stores.home)
bp.add_url_rule("/<int:store_id>", view_func=stores.detail)
bp.add_url_rule("/current", view_func=stores.switch_store, methods=("POST",))

# orders: the current store's list, one order, cancelling, its photos (issue 11 item 5)
bp.add_url_rule("/orders", view_func=orders.order_list, endpoint="orders")
bp.add_url_rule("/orders/<int:order_id>", view_func=orders.order_page, endpoint="order")
bp.add_url_rule("/orders/<int:order_id>/cancel", view_func=orders.cancel,
                endpoint="cancel_order", methods=("POST",))
bp.add_url_rule("/orders/<int:order_id>/photos/<photo_id>", view_func=orders.photo,
                endpoint="order_photo")
# signing for a delivered order, and the survey after it (items 6, 7)
bp.add_url_rule("/orders/<int:order_id>/receipt", view_func=receipts.receipt_form,
                endpoint="receipt")
bp.add_url_rule("/orders/<int:order_id>/receipt", view_func=receipts.receive,
                endpoint="receive", methods=("POST",))
bp.add_url_rule("/orders/<int:order_id>/survey", view_func=receipts.survey,
                endpoint="survey", methods=("POST",))
# the inbox: arrival notices with a badge in the nav (item 7)
bp.add_url_rule("/inbox", view_func=inbox.inbox, endpoint="inbox")
bp.add_url_rule("/inbox/read", view_func=inbox.read, endpoint="inbox_read", methods=("POST",))
# the inbox badge and the waiting survey, for every owner page
bp.context_processor(inbox.owner_page_globals)
# ordering: the catalogue, the cart, one line's check, and the cart sent as an `order` record
bp.add_url_rule("/catalogue", view_func=catalogue.catalogue)
bp.add_url_rule("/cart", view_func=cart.cart)
bp.add_url_rule("/cart/check", view_func=catalogue.cart_check)
bp.add_url_rule("/cart/submit", view_func=cart.cart_submit, methods=("POST",))
