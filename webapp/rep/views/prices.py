"""The rep's capture page for prices: shelf price, stock and out-of-stock days per product.

One record per product row; untouched rows are dropped (`r<i>.optional`). A price far
from the guide price is flagged inline while typing (a tiny htmx endpoint) and again
after saving, by the same rule (webapp/rules/prices.py).
"""


from flask import abort, flash, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from ... import clock
from ...auth.roles import role_required
from ...extensions import db
from ...models import PriceCheck, Product
from ...request_context import service_settings
from ...rules.cadence import iso_week_of
from ...rules.prices import format_yuan, parse_yuan, price_deviation
from .. import forms
from ..queries.capture import latest_price_checks, price_products, products_checked
from .answers import back_to_store, form_again, now_iso, visible_store_or_404
from .capture import GENERAL, check_and_apply, new_record_id, read_records, save_photos


def _price_page(store, values, errors, status=None):
    products = price_products(db.session, store)
    settings = service_settings()
    week = iso_week_of(clock.now(), settings.timezone)
    context = {"store": store, "products": products,
               "latest": latest_price_checks(db.session, store, products),
               "done": products_checked(db.session, store, products, week),
               "week": week, "values": values, "errors": errors, "observed_at": now_iso(),
               "new_id": new_record_id, "warnings": _warnings(products, values, settings),
               "settings": settings, "back_url": url_for("rep.store", store_id=store.id)}
    if status is None:
        return render_template("rep/price_check.html", **context)
    return form_again("rep/price_check.html", **context)


def _warnings(products, values, settings) -> dict[int, str]:
    found = {}
    for row, product in enumerate(products):
        text = price_warning_text(product, values.get(f"r{row}.data.shelf_price", ""), settings)
        if text:
            found[row] = text
    return found


def price_warning_text(product: Product, typed: str, settings) -> str:
    """The inline warning for a typed shelf price ('' when fine or not a price yet)."""
    if not typed or not product.guide_price_fen:
        return ""
    try:
        shelf_fen = parse_yuan(typed)
    except ValueError:
        return ""
    deviation = price_deviation(shelf_fen, product.guide_price_fen, settings)
    if deviation.flag == "ok":
        return ""
    percent = round(abs(deviation.ratio) * 100)
    guide = format_yuan(product.guide_price_fen)
    if deviation.flag == "above":
        return _("%(pct)d%% above the guide price ¥%(guide)s", pct=percent, guide=guide)
    return _("%(pct)d%% below the guide price ¥%(guide)s", pct=percent, guide=guide)


@role_required("rep")
def price_check_form(store_id: int):
    """Shelf price, stock and out-of-stock days per product; untouched rows are skipped."""
    store = visible_store_or_404(store_id)
    if request.method == "GET":
        return _price_page(store, MultiDict(), {})
    capture = read_records(request.form.items(multi=True), store.id, "price_check")
    if not capture.errors:
        capture.errors = forms.price_problems(capture.records, capture.rows)
        if not capture.records:
            capture.errors[GENERAL] = _("Nothing to save: fill in at least one product.")
    capture = check_and_apply(capture, current_user)
    if not capture.saved:
        return _price_page(store, request.form, capture.errors, status="again")
    applied = [r for r in capture.results if r["status"] == "applied"]
    if not applied:
        return back_to_store(store, _("These prices were already saved; nothing changed."), "info")
    owner = applied[0]["id"]
    problems = save_photos(current_user, request.files.getlist("photos"),
                           request.form.getlist("photo_kind"), "price_check", owner)
    settings = service_settings()
    saved = db.session.scalars(select(PriceCheck).where(
        PriceCheck.id.in_([r["id"] for r in applied]))).all()
    flagged = sum(1 for c in saved if c.guide_price_fen and price_deviation(
        c.shelf_price_fen, c.guide_price_fen, settings).flag != "ok")
    message = _("Saved %(n)d prices.", n=len(applied))
    if flagged:
        message += " " + _("%(n)d off the guide price.", n=flagged)
    for problem in problems:
        flash(_("Photo not saved: %(problem)s", problem=problem), "error")
    return back_to_store(store, message)


@role_required("rep")
def price_warning(product_id: int):
    """Inline check of one typed shelf price: only the warning text (htmx swaps it in)."""
    product = db.session.get(Product, product_id)
    if product is None or not product.active:
        abort(404)
    typed = next((v for k, v in request.args.items() if k.endswith("shelf_price")), "")
    text = price_warning_text(product, typed, service_settings())
    return render_template("rep/partial/price_warning.html", text=text)
