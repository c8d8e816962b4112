"""The rep's capture forms: choices, checks a person can fix, and what to tell them after.

The checks read the raw records built from the form (the same records the offline
client queues) and answer `{"r<i>.<data path>": message}` in the user's language,
before anything is written. The sync parser checks everything again afterwards.
"""

import re
from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from webapp.i18n import code_label, lazy_code_labels
from webapp.rules import ticket_taxonomy
from webapp.rules.codes import STORE_REQUIRED_FIELDS
from webapp.rules.phones import PHONE_INPUT_PATTERN, validate_phone
from webapp.rules.prices import parse_yuan
from webapp.rules.settings import DEFAULT_SETTINGS, ServiceSettings

PHONE_PATTERN = PHONE_INPUT_PATTERN
FINDING_LABELS = lazy_code_labels("finding_area")
DELIVERY_LABELS = lazy_code_labels("delivery_method")
STORE_FIELD_LABELS = lazy_code_labels("store_field")
TICKET_FACT_LABELS = {
    "safety_incident": _l("Fire, accident or injury"),
    "product_harm": _l("Counterfeit or harmful goods"),
    "compensation_demand": _l("Demands replacement or damages"),
    "written_reply_demand": _l("Demands a written reply"),
    "regulator_involved": _l("Police, regulator or consumer association involved"),
    "media": _l("Taken to the media"),
    "repeated_failed_fix": _l("Same problem raised before and not fixed"),
    "customer_insists": _l("Customer insists on a manager"),
}


def is_amount(typed: object) -> bool:
    """Whether a typed price is an amount in yuan by the one money rule (rules.prices)."""
    try:
        parse_yuan(str(typed))
    except ValueError:
        return False
    return True


def is_phone(typed: object) -> bool:
    """Whether a typed phone is a number by the one phone rule (rules.phones)."""
    try:
        validate_phone(str(typed))
    except ValueError:
        return False
    return True


def flag_names(flags: list[str]) -> str:
    """Trust flags as words in the user's language (data for HQ, never a verdict)."""
    return ", ".join(code_label("visit_flag", flag) for flag in flags)


def ticket_category_groups() -> list[tuple[str, list[str]]]:
    """(group code, category codes) for the ticket form's grouped select."""
    return [(str(group), [str(c) for c in cats])
            for group, cats in ticket_taxonomy.CATEGORY_GROUPS.items()]


def visit_problems(record: dict) -> dict[str, str]:
    """What the rep must fix on a visit form."""
    data, problems = record.get("data", {}), {}
    if not data.get("purposes"):
        problems["r0.purposes"] = _("Choose at least one purpose.")
    if not data.get("notes"):
        problems["r0.notes"] = _("Write a short note about the visit.")
    for area, finding in (data.get("findings") or {}).items():
        if isinstance(finding, dict) and "ok" not in finding:
            problems[f"r0.findings.{area}.ok"] = _("Mark it as OK or a problem.")
    for index, follow_up in enumerate(data.get("follow_ups") or []):
        if not follow_up.get("text"):
            problems[f"r0.follow_ups.{index}.text"] = _("Say what is to be done.")
        if not follow_up.get("due"):
            problems[f"r0.follow_ups.{index}.due"] = _("Give a due date.")
    return problems


def price_problems(records: list[dict], row_of: dict[str, int]) -> dict[str, str]:
    """Per filled price-check row: price written like 23.50, stock on hand given."""
    problems = {}
    for record in records:
        data, row = record.get("data", {}), row_of.get(record.get("id", ""), 0)
        price = data.get("shelf_price")
        if price is None:
            problems[f"r{row}.shelf_price"] = _("Enter the shelf price.")
        elif not is_amount(price):
            problems[f"r{row}.shelf_price"] = _("Write the price in yuan, like 23.50.")
        if data.get("stock_units") is None:
            problems[f"r{row}.stock_units"] = _("Enter the stock on hand (0 if none).")
    return problems


def store_update_problems(record: dict) -> dict[str, str]:
    """Something changed; the phone is a number; required fields are not blanked."""
    changes = record.get("data", {}).get("changes") or {}
    problems = {}
    if not changes:
        problems["r0._"] = _("Nothing changed: type the new value of what changed.")
    phone = changes.get("phone")
    if phone is not None and not is_phone(phone):
        problems["r0.changes.phone"] = _(
            "Write a mobile number (11 digits, starting with 1) or a landline like 0871-1234567.")
    for name in STORE_REQUIRED_FIELDS:
        if name in changes and not str(changes[name]).strip():
            problems[f"r0.changes.{name}"] = _("This cannot be empty.")
    return problems


def ticket_problems(record: dict) -> dict[str, str]:
    """Description given, category fits the kind, goods value in yuan."""
    data, problems = record.get("data", {}), {}
    if not data.get("description"):
        problems["r0.description"] = _("Describe what happened.")
    if not data.get("category"):
        problems["r0.category"] = _("Choose a category.")
    else:
        try:
            ticket_taxonomy.check_category(data.get("kind", "complaint"), data["category"])
        except ValueError:
            problems["r0.category"] = _("This category does not fit the kind of ticket.")
    value = data.get("goods_value")
    if value is not None and not is_amount(value):
        problems["r0.goods_value"] = _("Write the value in yuan, like 120.50.")
    return problems


def restock_problems(record: dict, today: date,
                     settings: ServiceSettings = DEFAULT_SETTINGS) -> dict[str, str]:
    """A reason, product lines each listed once within the carton limits (the settings the
    push checks again), a wanted-by date not past."""
    data, problems = record.get("data", {}), {}
    if not data.get("reason"):
        problems["r0.reason"] = _("Choose the reason.")
    lines = data.get("lines") or []
    if not lines:
        problems["r0.lines"] = _("Add at least one product with a quantity.")
    for index, line in enumerate(lines):
        if not line.get("product_id"):
            problems[f"r0.lines.{index}.product_id"] = _("Choose the product.")
        quantity = line.get("quantity")
        if not isinstance(quantity, int) or quantity < 1:
            problems[f"r0.lines.{index}.quantity"] = _("Enter a whole number of 1 or more.")
        elif quantity > settings.restock_max_units_per_product:
            problems[f"r0.lines.{index}.quantity"] = _(
                "At most %(n)s cartons per product.", n=settings.restock_max_units_per_product)
        if line.get("product_id") and any(other.get("product_id") == line["product_id"]
                                          for other in lines[:index]):
            problems[f"r0.lines.{index}.product_id"] = _(
                "This product is on another line already: put its cartons on one line.")
    total = sum(line["quantity"] for line in lines
                if isinstance(line.get("quantity"), int) and line["quantity"] > 0)
    if total > settings.restock_max_units_per_request:
        problems["r0.lines"] = _("%(total)s cartons in all: at most %(n)s per request.",
                                 total=total, n=settings.restock_max_units_per_request)
    wanted = data.get("wanted_by")
    if not wanted:
        problems["r0.wanted_by"] = _("Give the date the goods are needed by.")
    else:
        try:
            if date.fromisoformat(wanted) < today:
                problems["r0.wanted_by"] = _("This date is in the past.")
        except ValueError:
            problems["r0.wanted_by"] = _("Give the date the goods are needed by.")
    return problems


def on_form_lines(problems: dict[str, str], form) -> dict[str, str]:
    """Problems of the record's i-th line moved to the form line it came from.

    Empty lines of the form are left out of the record, so line 0 of the record may be
    line 2 of the form: the message belongs next to what the rep filled in.
    """
    filled = sorted({int(m[1]) for name, value in form.items(multi=True) if value.strip()
                     and (m := re.fullmatch(r"r0\.data\.lines\.(\d+)\.[a-z_]+(?::\w+)?", name))})

    def moved(key: str) -> str:
        match = re.fullmatch(r"r0\.lines\.(\d+)\.(.+)", key)
        if not match or int(match[1]) >= len(filled):
            return key
        return f"r0.lines.{filled[int(match[1])]}.{match[2]}"

    return {moved(key): text for key, text in problems.items()}
