"""The cart and its submission. The cart lives on the phone (static/js/owner-cart.js);
submitting makes one `order` sync record, online or offline, which comes here and goes
through `apply_batch` like every phone capture (style habit 4)."""

import re
from datetime import timedelta
from zoneinfo import ZoneInfo

from flask import current_app, jsonify, redirect, render_template, request, url_for
from flask_login import current_user

from sync.form_records import stamp_missing_clocks
from sync.refusals import refusal_code

from ... import clock
from ...auth.roles import role_required
from ...extensions import db
from ...i18n import code_label
from ...order_messages import problem_text
from ...request_context import push_context
from ...rules.codes import DeliveryMethod, OrderProblem
from ...rules.ordering import WANTED_DATE_HORIZON_DAYS
from ...services.push import apply_batch
from ..catalogue_queries import window_state
from ..current_store import switcher_context
from ..queries import applied_order_number

_LINE_PATH = re.compile(r"^order\.lines\[(\d+)\]\.(\w+)")
_OUT_OF_RANGE = re.compile(r"(-?\d+) is outside -?\d+\.\.(\d+)")


@role_required("store_owner")
def cart():
    """The cart page of the current store: its lines come from the phone, the window,
    delivery method (the store's by default), wanted date and note from here."""
    context = switcher_context(db.session, current_user)
    store = context["current"]
    if store is None:
        return redirect(url_for("store.home"), code=303)
    now = clock.now()
    zone = current_app.config["TIMEZONE"]
    today = now.astimezone(ZoneInfo(zone)).date()
    return render_template("store/cart.html", window=window_state(db.session, store, now, zone),
                           methods=[str(m) for m in DeliveryMethod], today=today,
                           latest=today + timedelta(days=WANTED_DATE_HORIZON_DAYS), **context)


def _problems(result: dict) -> list[dict]:
    """A refused order's problems as [{line, text}] in the owner's words."""
    if result.get("problems"):
        return [{"line": p.get("line"), "text": problem_text(p.get("code"), p.get("params"))}
                for p in result["problems"]]
    error = result.get("error") or ""
    if match := _LINE_PATH.match(error):
        text = (problem_text(OrderProblem.BAD_QUANTITY, _too_many(error))
                if match[2] == "quantity" else problem_text(OrderProblem.UNKNOWN_PRODUCT))
        return [{"line": int(match[1]), "text": text}]
    return [{"line": None, "text": code_label("refusal", refusal_code(error))}]


def _too_many(error: str) -> dict:
    """{"max": n} when the parser refused a quantity above its range (else {})."""
    found = _OUT_OF_RANGE.search(error)
    return {"max": int(found[2])} if found and int(found[1]) > int(found[2]) else {}


@role_required("store_owner")
def cart_submit():
    """Apply one `order` record sent by the phone (JSON `{"record": {...}}`): applied or
    duplicate (the order's number), or refused with every problem on its line."""
    body = request.get_json(silent=True)
    record = body.get("record") if isinstance(body, dict) else None
    if not isinstance(record, dict) or record.get("type") != "order":
        return jsonify(status="bad_request"), 400
    ctx = push_context(current_user)
    stamp_missing_clocks([record], ctx.clock)
    [result] = apply_batch(ctx, [record], keep_refused=False)
    db.session.commit()
    status = result.get("status")
    if status in ("applied", "duplicate"):
        number = result.get("number") or applied_order_number(db.session, current_user,
                                                              result.get("id"))
        return jsonify(status=status, number=number, orders_url=_orders_url())
    return jsonify(status="rejected", problems=_problems(result)), 422


def _orders_url() -> str:
    """Where the owner follows their orders (the order list when it exists)."""
    if "store.orders" in current_app.view_functions:
        return url_for("store.orders")
    return url_for("store.home")
