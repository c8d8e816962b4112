"""What the layout needs on every owner page: the store switcher and the owner's sections."""

from flask import current_app
from flask_login import current_user

from ...extensions import db
from ..current_store import switcher_context


def owner_page_context() -> dict:
    """`owner_switcher()` for the layout (every owner page shows the store switcher) and
    whether the order list exists yet (`owner_has_orders`, for the owner's sections)."""
    return {"owner_switcher": lambda: switcher_context(db.session, current_user),
            "owner_has_orders": "store.orders" in current_app.view_functions}
