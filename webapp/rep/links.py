"""Links to pages that may not exist yet, and code labels in the user's language."""

from flask import current_app, url_for
from flask_babel import get_locale
from werkzeug.routing import BuildError

from ..rules import labels

LABEL_TABLES = {
    "grade": labels.GRADE_LABELS,
    "visit_state": labels.VISIT_STATE_LABELS,
    "visit_flag": labels.VISIT_FLAG_LABELS,
    "purpose": labels.PURPOSE_LABELS,
    "price_flag": labels.PRICE_FLAG_LABELS,
    "price_check_state": labels.PRICE_CHECK_STATE_LABELS,
    "ticket_kind": labels.KIND_LABELS,
    "ticket_category": labels.CATEGORY_LABELS,
    "ticket_status": labels.STATUS_LABELS,
    "severity": labels.SEVERITY_LABELS,
    "deadline": labels.DEADLINE_LABELS,
    "restock_reason": labels.RESTOCK_REASON_LABELS,
    "restock_status": labels.RESTOCK_STATUS_LABELS,
}


def url_if_exists(endpoint: str, **values) -> str | None:
    """`url_for(endpoint, ...)` when the endpoint is registered, else None.

    The capture pages are built separately; the store page links to them as soon
    as they exist, and shows nothing (not a broken link) before.
    """
    if endpoint not in current_app.view_functions:
        return None
    try:
        return url_for(endpoint, **values)
    except BuildError:
        return None


def code_label(kind: str, code: str) -> str:
    """The label of a stored code (grade, visit flag, ...) in the current language.

    An unknown code shows as itself rather than breaking the page.
    """
    try:
        return labels.label(LABEL_TABLES[kind], code, str(get_locale()))
    except KeyError:
        return str(code)
