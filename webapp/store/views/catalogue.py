"""The catalogue: what the current store may order, searchable, with prices, quantity
rules and the allocation left; and the check of one cart line before the order goes."""

from flask import current_app, jsonify, redirect, request, url_for
from flask_login import current_user

from ... import clock
from ...auth.roles import role_required
from ...extensions import db
from ...htmx import render_page_or_fragment
from ...order_messages import problem_text
from ..catalogue_queries import catalogue_page, line_problems, window_state
from ..current_store import switcher_context
from ..recommendation_queries import catalogue_suggestions


@role_required("store_owner")
def catalogue():
    """Products on sale for the current store (search by name, brand or code; `new=1`:
    new products only; paged); an htmx search gets only the rows."""
    context = switcher_context(db.session, current_user)
    store = context["current"]
    if store is None:
        return redirect(url_for("store.home"), code=303)
    zone, now = current_app.config["TIMEZONE"], clock.now()
    found = catalogue_page(db.session, store, request.args.get("q", ""),
                           request.args.get("page", 1, type=int) or 1, now, zone,
                           new_only=request.args.get("new") == "1")
    # the rep's suggestions: a mark and a note, never a cart line (客户自主订货)
    context["suggested"] = catalogue_suggestions(db.session, current_user, store, now)
    return render_page_or_fragment("store/catalogue.html", "store/partial/catalogue_rows.html",
                                   found=found, window=window_state(db.session, store, now, zone),
                                   **context)


@role_required("store_owner")
def cart_check():
    """One cart line checked by the server's rules, in the owner's words:
    {"ok": bool, "problems": [text]} (`?product_id=&quantity=`)."""
    store = switcher_context(db.session, current_user)["current"]
    if store is None:
        return jsonify(ok=False, problems=[]), 404
    problems = line_problems(db.session, store, request.args.get("product_id", ""),
                             request.args.get("quantity", ""), clock.now(),
                             current_app.config["TIMEZONE"])
    return jsonify(ok=not problems,
                   problems=[problem_text(p.code, p.params) for p in problems])
