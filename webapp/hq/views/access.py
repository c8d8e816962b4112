"""Who acts when an HQ page's button is pressed (who may open the pages: `rules.roles.HQ_ROLES`)."""

from flask_login import current_user

from ...models import User


def acting_user() -> User:
    """The signed-in user as a model instance (not the proxy), for the sync actions."""
    return current_user._get_current_object()
