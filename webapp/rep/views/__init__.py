"""The rep's phone pages (客户经理) under /rep: the blueprint and every URL rule it serves.

The rules are written here, in one table; the view functions live beside this file,
one module per page: `sections` (today, the store list, a store, the outbox) and the
capture pages `visit`, `prices`, `store_info`, `tickets`, `restock`, which share
`capture`. Importing a module registers nothing.
"""

from flask import Blueprint

from . import (
    inbox,
    loop,
    my_tickets,
    notices,
    prices,
    recommend,
    restock,
    sections,
    store_info,
    tickets,
    visit,
)

bp = Blueprint("rep", __name__, url_prefix="/rep")
GET_POST = ("GET", "POST")

bp.add_url_rule("/today", view_func=sections.today)
bp.add_url_rule("/stores", view_func=sections.stores)
bp.add_url_rule("/outbox", view_func=sections.outbox)
bp.add_url_rule("/stores/<int:store_id>", view_func=sections.store)
bp.add_url_rule("/stores/<int:store_id>/visit", view_func=visit.visit_form, methods=GET_POST)
bp.add_url_rule("/stores/<int:store_id>/visit/done", view_func=visit.visit_done)
bp.add_url_rule("/stores/<int:store_id>/prices", view_func=prices.price_check_form,
                methods=GET_POST)
bp.add_url_rule("/check/price/<int:product_id>", view_func=prices.price_warning)
bp.add_url_rule("/stores/<int:store_id>/info", view_func=store_info.store_update_form,
                methods=GET_POST)
bp.add_url_rule("/stores/<int:store_id>/ticket", view_func=tickets.ticket_form,
                methods=GET_POST)
bp.add_url_rule("/stores/<int:store_id>/ticket/<uuid:ticket_id>",
                view_func=tickets.ticket_saved)
bp.add_url_rule("/stores/<int:store_id>/restock", view_func=restock.restock_form,
                methods=GET_POST)
bp.add_url_rule("/stores/<int:store_id>/recommend", view_func=recommend.recommend,
                methods=("POST",))
bp.add_url_rule("/follow-ups/<int:follow_up_id>/done", view_func=loop.follow_up_done,
                methods=("POST",))
bp.add_url_rule("/restock/<request_id>/follow-up", view_func=loop.restock_followup,
                methods=GET_POST)
bp.add_url_rule("/tickets", view_func=my_tickets.tickets)
bp.add_url_rule("/tickets/<uuid:ticket_id>", view_func=my_tickets.ticket_view,
                methods=GET_POST)
bp.add_url_rule("/inbox", view_func=inbox.inbox)
bp.add_url_rule("/notices/<int:notice_id>", view_func=notices.notice)
bp.add_url_rule("/inbox/read", view_func=inbox.inbox_read, methods=("POST",))
