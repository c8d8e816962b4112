"""A product's new mark (新品) in the owners' catalogue (issue 11, point 2): HQ staff and
admins set the day it stays new through, or clear it, on the product's ordering-setup
page; a day that does not exist, has passed or lies implausibly far ahead is refused
beside the field in the rules' words (`rules.new_products`), and nothing is stored.
"""

from flask import current_app, flash, redirect, url_for
from flask_babel import gettext as _

from ... import clock
from ...auth.roles import role_required
from ...extensions import db
from ...htmx import invalid_form_status
from ...rules.new_products import (
    NEW_UNTIL_MAX_DAYS,
    NewUntilProblem,
    latest_new_until,
    read_new_until,
)
from ...rules.roles import ALL_STORES_ROLES
from ...services.ordering_setup import SetupRefused, set_new_until
from ..order_forms import AllocationForm, NewUntilForm, QuantityRulesForm
from .access import acting_user
from .ordering_setup import product_or_404, product_page


def problem_text(problem: str, today) -> str:
    """The refusal in the reader's language, with the rule it breaks."""
    if problem == NewUntilProblem.PAST:
        return _("That day has passed: a product is marked new through the day entered, "
                 "so enter today or a later day. Leave the field empty to remove the mark.")
    if problem == NewUntilProblem.TOO_FAR:
        return _("A product is marked new for at most %(days)d days, so the latest day "
                 "is %(latest)s; a later day is most likely a typo.",
                 days=NEW_UNTIL_MAX_DAYS, latest=latest_new_until(today).isoformat())
    return _("That is not a calendar day: enter it as YYYY-MM-DD, e.g. %(example)s.",
             example=today.isoformat())


def _refused(product, form, text: str):
    form.new_until.errors = [text]
    rules_form = QuantityRulesForm(formdata=None, minimum=str(product.order_minimum),
                                   multiple=str(product.order_multiple))
    return product_page(product, rules_form, AllocationForm(formdata=None),
                        invalid_form_status(), new_until_form=form)


@role_required(*ALL_STORES_ROLES)
def product_new_until(product_id: int):
    """Set (or, left empty, clear) the last day the product is marked new."""
    product = product_or_404(product_id)
    form = NewUntilForm()
    if not form.validate_on_submit():
        return _refused(product, form, _("The form expired; try again."))
    today = clock.today(current_app.config["TIMEZONE"])
    day = read_new_until(form.new_until.data)
    if isinstance(day, NewUntilProblem):
        return _refused(product, form, problem_text(day, today))
    try:
        set_new_until(db.session, acting_user(), product.id, day, today)
    except SetupRefused as refused:
        db.session.rollback()
        return _refused(product, form, problem_text(refused.problems[0], today))
    db.session.commit()
    flash(_("Marked new through %(day)s.", day=day.isoformat()) if day
          else _("The new mark is removed."), "success")
    return redirect(url_for("hq.ordering_product", product_id=product.id,
                            _anchor="new-mark"), code=303)
