"""Who may open the HQ pages, and who acts when they press a button."""

from flask_login import current_user

from ...models import User

HQ_ROLES = ("hq_staff", "admin", "market_manager")


def acting_user() -> User:
    """The signed-in user as a model instance (not the proxy), for the sync actions."""
    return current_user._get_current_object()
