"""Links to pages that may not exist yet, and code labels in the user's language."""

from flask import current_app, url_for
from werkzeug.routing import BuildError

from .. import i18n


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
    return i18n.code_label(kind, code)
