"""The store owner's phone pages (零售客户) under /store: the blueprint and every URL rule.

The rules are written here, in one table; the view functions live beside this file, one
module per page group. Every page is about the owner's current store
(`webapp.store.current_store`), switchable from every page. Importing a module
registers nothing.
"""

from flask import Blueprint

from ..home_extras import home_extras
from . import (
    cart,
    catalogue,
    inbox,
    notices,
    orders,
    receipts,
    stores,
    surveys,
    switcher,
    ticket_actions,
    tickets,
)

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

# notices to the owner's stores, the quarterly survey
bp.add_url_rule("/notices/<int:notice_id>", view_func=notices.notice)
bp.add_url_rule("/survey", view_func=surveys.quarterly_survey, methods=GET_POST,
                endpoint="quarterly_survey")
bp.add_url_rule("/survey/skip", view_func=surveys.skip_quarterly, methods=("POST",),
                endpoint="quarterly_survey_skip")
bp.context_processor(home_extras)

# the owner's tickets for the current store
bp.add_url_rule("/tickets", view_func=tickets.tickets)
bp.add_url_rule("/tickets/new", view_func=tickets.ticket_new, methods=GET_POST)
bp.add_url_rule("/tickets/<ticket_id>", view_func=tickets.ticket)
bp.add_url_rule("/tickets/<ticket_id>/photos/<photo_id>", view_func=tickets.ticket_photo)
bp.add_url_rule("/tickets/<ticket_id>/info", view_func=ticket_actions.ticket_info,
                methods=("POST",))
bp.add_url_rule("/tickets/<ticket_id>/rate", view_func=ticket_actions.ticket_rate,
                methods=("POST",))
bp.add_url_rule("/tickets/<ticket_id>/reopen", view_func=ticket_actions.ticket_reopen,
                methods=("POST",))
bp.add_url_rule("/tickets/<ticket_id>/survey", view_func=ticket_actions.ticket_survey,
                methods=("POST",))
