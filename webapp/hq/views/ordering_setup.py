"""Ordering windows and allocations (issue 11 item 12): HQ keeps each order domain's
windows and each product's minimum, multiple and allocations through
`services.ordering_setup`; overlapping or impossible values are refused with the rules'
words beside the row, and nothing is half-stored. HQ staff and admins edit; market
managers read (the service allows only the former; the spec gives the allocation plan
to HQ's 采供科 [000 货源投放方案]).
"""

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from ... import clock
from ...auth.roles import role_required
from ...extensions import db
from ...htmx import invalid_form_status
from ...i18n import code_label
from ...models import Product, ProductOrderLimit, Region
from ...rules.new_products import is_new, latest_new_until
from ...rules.ordering import whole_number
from ...rules.roles import ALL_STORES_ROLES, HQ_ROLES
from ...services.ordering_setup import (
    SetupRefused,
    set_allocation,
    set_quantity_rules,
    set_region_windows,
)
from ...services.refusals import ActionRefused
from ..order_forms import (
    SPARE_WINDOW_ROWS,
    WEEKDAYS,
    AllocationForm,
    NewUntilForm,
    QuantityRulesForm,
    WindowsForm,
    window_rows,
)
from ..queries.ordering_setup import (
    may_edit,
    order_domains,
    products_setup,
    store_allocations,
    store_by_code,
)
from .access import acting_user

MAX_WINDOW_ROWS = 40  # rows a domain's form may send (a week holds at most a few a day)


def _row_messages() -> dict[str, str]:
    return {"bad_weekday": code_label("window_problem", "bad_weekday"),
            "bad_time": _("Enter the times as HH:MM, e.g. 08:30."),
            "closes_before_opens": _("It closes before it opens. Tick \"runs past "
                                     "midnight\" if it is meant to.")}


def _domain_rows(domain, typed) -> list[dict]:
    """The rows a domain's form shows: what was typed (sent back with errors), else the
    stored windows; then a few empty rows to add more."""
    key = str(domain.region.id) if domain.region else "all"
    if typed and typed["key"] == key:
        rows = [{"weekday": r.weekday, "opens": r.opens, "closes": r.closes,
                 "overnight": r.overnight, "row": r.row} for r in typed["rows"]]
    else:
        rows = [{"weekday": str(w.weekday), "opens": w.opens_at.strftime("%H:%M"),
                 "closes": w.closes_at.strftime("%H:%M"),
                 "overnight": w.closes_at < w.opens_at, "row": i}
                for i, w in enumerate(domain.windows)]
    first = max((r["row"] for r in rows), default=-1) + 1
    rows += [{"weekday": "", "opens": "", "closes": "", "overnight": False, "row": first + i}
             for i in range(SPARE_WINDOW_ROWS)]
    return rows


def _setup_page(status: int = 200, errors=None, typed=None):
    domains = order_domains(db.session, current_user)
    return render_template(
        "hq/ordering_setup.html", domains=[(d, _domain_rows(d, typed)) for d in domains],
        products=products_setup(db.session, current_user), can_edit=may_edit(current_user),
        weekdays=WEEKDAYS, errors=errors or {}, form=WindowsForm()), status


@role_required(*HQ_ROLES)
def ordering_setup():
    """Every order domain's windows and every product's rules and allocations."""
    return _setup_page()


@role_required(*ALL_STORES_ROLES)
def ordering_windows():
    """Replace one order domain's windows (rows left empty are dropped)."""
    form = WindowsForm()
    region_arg = form.region.data or ""
    region_id = int(region_arg) if region_arg.isdigit() and len(region_arg) < 10 else None
    if region_arg and (region_id is None or db.session.get(Region, region_id) is None):
        abort(404)
    key = region_arg or "all"
    if not form.validate_on_submit():
        return _setup_page(invalid_form_status(), {key: {"form": _("The form expired; try "
                                                                     "again.")}})
    rows = window_rows(request.form, MAX_WINDOW_ROWS, _row_messages())
    problems = {row.row: row.problem for row in rows if row.problem}
    if not problems:
        good = [row for row in rows if row.parsed]
        try:
            set_region_windows(db.session, acting_user(), region_id, [r.parsed for r in good])
        except SetupRefused as refused:
            db.session.rollback()
            for code, index in refused.problems:
                problems[good[index].row] = code_label("window_problem", code)
    if problems:
        return _setup_page(invalid_form_status(), {key: problems},
                           {"key": key, "rows": rows})
    db.session.commit()
    flash(_("Ordering windows saved."), "success")
    return redirect(url_for("hq.ordering_setup", _anchor=f"domain-{key}"), code=303)


def product_or_404(product_id: int) -> Product:
    """The product, or a 404 page."""
    product = db.session.get(Product, product_id)
    if product is None:
        abort(404)
    return product


def product_page(product, rules_form, allocation_form, status=200, problems=None,
                 new_until_form=None):
    """The product's page: its rules, allocations and new mark (forms as given, with
    their problems; `new_until_form` None: the stored day)."""
    if new_until_form is None:
        new_until_form = NewUntilForm(formdata=None, new_until=(
            product.new_until.isoformat() if product.new_until else ""))
    today = clock.today(current_app.config["TIMEZONE"])
    return render_template(
        "hq/ordering_product.html", product=product, rules_form=rules_form,
        allocation_form=allocation_form, can_edit=may_edit(current_user),
        new_until_form=new_until_form, today=today, latest_new_until=latest_new_until(today),
        is_new=is_new(product.new_until, today),
        every_store=next((lim for lim in product_limits(product) if lim.store_id is None),
                         None),
        stores=store_allocations(db.session, current_user, product.id),
        problems=problems or {}), status


def product_limits(product: Product):
    """The product's every-store allocation row (stores' rows come through the scope)."""
    return db.session.scalars(select(ProductOrderLimit).where(
        ProductOrderLimit.product_id == product.id, ProductOrderLimit.store_id.is_(None)))


@role_required(*HQ_ROLES)
def ordering_product(product_id: int):
    """A product's minimum and multiple (POST: HQ staff and admins change them)."""
    product = product_or_404(product_id)
    rules_form, allocation_form = QuantityRulesForm(), AllocationForm()
    if request.method == "GET":
        rules_form.minimum.data = str(product.order_minimum)
        rules_form.multiple.data = str(product.order_multiple)
        return product_page(product, rules_form, allocation_form)
    if not may_edit(current_user):
        abort(403)
    if not rules_form.validate_on_submit():
        return product_page(product, rules_form, allocation_form, invalid_form_status())
    minimum, multiple = (whole_number(rules_form.minimum.data),
                         whole_number(rules_form.multiple.data))
    try:
        set_quantity_rules(db.session, acting_user(), product.id,
                           minimum if minimum is not None else rules_form.minimum.data,
                           multiple if multiple is not None else rules_form.multiple.data)
    except SetupRefused as refused:
        db.session.rollback()
        return product_page(product, rules_form, allocation_form, invalid_form_status(),
                             {"rules": [code_label("quantity_rule_problem", p)
                                        for p in refused.problems]})
    db.session.commit()
    flash(_("Minimum and multiple saved."), "success")
    return redirect(url_for("hq.ordering_product", product_id=product.id), code=303)


@role_required(*ALL_STORES_ROLES)
def ordering_allocation(product_id: int):
    """Set or remove the product's allocation for every store or one store."""
    product = product_or_404(product_id)
    rules_form, form = QuantityRulesForm(), AllocationForm()
    rules_form.minimum.data = str(product.order_minimum)
    rules_form.multiple.data = str(product.order_multiple)
    if not form.validate_on_submit():
        return product_page(product, rules_form, form, invalid_form_status())
    code = (form.store_code.data or "").strip()
    store = store_by_code(db.session, current_user, code) if code else None
    if code and store is None:
        return product_page(product, rules_form, form, invalid_form_status(),
                             {"allocation": [_("No store has the customer code %(code)s.",
                                               code=code)]})
    remove = form.remove.data == "1"
    raw = (form.max_quantity.data or "").strip()
    quantity = None if remove else (whole_number(raw) if whole_number(raw) is not None
                                    else raw or "")
    try:
        set_allocation(db.session, acting_user(), product.id, store.id if store else None,
                       quantity, form.period.data)
    except SetupRefused as refused:
        db.session.rollback()
        return product_page(product, rules_form, form, invalid_form_status(),
                             {"allocation": [code_label("quantity_rule_problem", p)
                                             for p in refused.problems]})
    except ActionRefused:
        db.session.rollback()
        abort(404)
    db.session.commit()
    flash(_("Allocation removed.") if remove else _("Allocation saved."), "success")
    return redirect(url_for("hq.ordering_product", product_id=product.id), code=303)
