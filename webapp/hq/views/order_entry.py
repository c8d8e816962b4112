"""订单科 takes an order by phone (issue 11 item 10; [000 准确录入客户订单]): HQ staff
pick the store, type the lines, the delivery method, the wanted date and a note; the
order goes through `services.orders.enter_phone_order` (the same rules as the owner's
own order, marked channel phone and entered by the clerk). Every refusal is shown on
its line in the rules' words. Reps, owners and market managers never reach this page:
the retailer decides its own orders, and phone entry is 订单科's (HQ staff, admins).
"""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select

from ...auth.roles import role_required
from ...extensions import db
from ...htmx import invalid_form_status
from ...models import Product, utcnow
from ...order_messages import order_problem_message
from ...request_context import service_settings
from ...rules.codes import OrderProblem
from ...rules.order_status import PHONE_ORDER_ROLES
from ...scope import get_visible_store
from ...services.orders import OrderRefused, enter_phone_order
from ...services.refusals import ActionRefused
from ..order_forms import ENTRY_ROWS, EntryForm, entry_lines
from ..queries.overview import find_stores
from .access import acting_user

STORE_MATCHES = 20


def _products() -> list[Product]:
    return list(db.session.scalars(select(Product).where(Product.active)
                                   .order_by(Product.brand, Product.name)))


def _page(form: EntryForm, store, status: int = 200, line_problems=None, problems=None,
          query: str = "", matches=None):
    return render_template(
        "hq/order_entry.html", form=form, store=store, rows=range(ENTRY_ROWS),
        typed=request.form if request.method == "POST" else {}, products=_products(),
        line_problems=line_problems or {}, problems=problems or [], q=query,
        matches=matches or []), status


@role_required(*PHONE_ORDER_ROLES)
def order_entry():
    """Pick a store (search by name or customer code), then enter its order."""
    form = EntryForm()
    store_arg = request.values.get("store_id", "")
    store = (get_visible_store(db.session, current_user, int(store_arg))
             if store_arg.isdigit() and len(store_arg) < 10 else None)
    if store is None:
        query = (request.args.get("q") or "").strip()[:100]
        matches = find_stores(db.session, current_user, query)[:STORE_MATCHES] if query else []
        status = 404 if store_arg else 200
        return _page(form, None, status, query=query, matches=matches)
    form.store_id.data = store.id
    if request.method == "GET":
        form.delivery_method.data = store.delivery_method
        return _page(form, store)
    if not form.validate_on_submit():
        return _page(form, store, invalid_form_status())
    return _enter(form, store)


def _line_message(problem, line, ids: dict) -> str:
    """A refused row's words: a code typed wrong or left out is named as such (the rules
    only see "no such product"), any other problem in the rules' words."""
    if problem.code == OrderProblem.UNKNOWN_PRODUCT and line.code not in ids:
        if not line.code:
            return _("Enter the product code.")
        return _("No product has the code %(code)s.", code=line.code)
    if problem.code == OrderProblem.DUPLICATE_PRODUCT:  # the clerk has lines, not a cart
        return _("This product is on another line too.")
    return order_problem_message(problem)


def _general_message(problem) -> str:
    """A problem of the whole entry, in the clerk's words (lines, not the owner's cart)."""
    if problem.code == OrderProblem.EMPTY_ORDER:
        return _("Enter at least one line: a product and its cartons.")
    return order_problem_message(problem)


def _product_ids(codes: set[str]) -> dict[str, int]:
    """Each typed code's product: the exact code, else the one code equal to it but for
    case (a clerk types "p0007" for P0007)."""
    if not codes:
        return {}
    found = db.session.execute(select(Product.code, Product.id).where(
        func.upper(Product.code).in_({code.upper() for code in codes}))).all()
    exact = dict(found)
    by_upper: dict[str, list[int]] = {}
    for code, product_id in found:
        by_upper.setdefault(code.upper(), []).append(product_id)
    ids = {}
    for code in codes:
        if code in exact:
            ids[code] = exact[code]
        elif len(by_upper.get(code.upper(), [])) == 1:
            ids[code] = by_upper[code.upper()][0]
    return ids


def _enter(form: EntryForm, store):
    typed = entry_lines(request.form)
    ids = _product_ids({line.code for line in typed if line.code})
    cart = [(ids.get(line.code), line.quantity) for line in typed]
    try:
        placed = enter_phone_order(db.session, acting_user(), store.id, cart,
                                   form.delivery_method.data, form.wanted_date.data,
                                   form.note.data, utcnow(), service_settings())
    except OrderRefused as refused:
        db.session.rollback()
        per_row: dict[int, list[str]] = {}
        general = []
        for problem in refused.problems:
            if problem.line is None:
                general.append(_general_message(problem))
            else:
                line = typed[problem.line]
                per_row.setdefault(line.row, []).append(_line_message(problem, line, ids))
        return _page(form, store, invalid_form_status(), per_row, general)
    except ActionRefused:
        db.session.rollback()
        return _page(form, store, invalid_form_status(),
                     problems=[_("This store cannot order now.")])
    db.session.commit()
    flash(_("Order %(number)s entered for %(store)s (by phone).", number=placed.number,
            store=store.name), "success")
    return redirect(url_for("hq.order", order_id=placed.id), code=303)
