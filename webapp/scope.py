"""THE scoping helper: which stores a user may see. Every store query goes through it.

- a store owner sees only the stores they own;
- a rep sees the stores of their territory;
- a market manager sees the stores of their region;
- HQ staff and admins see every store.
Anyone else (or an inactive user) sees nothing. Plain SQLAlchemy, no Flask, so
the sync module authorises pushed records with the very same rule.
"""

from sqlalchemy import Select, false, select, true
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from .models import Store, Territory, User

ALL_STORES_ROLES = ("hq_staff", "admin")


def store_filter(user: User) -> ColumnElement[bool]:
    """A WHERE condition on `Store` that keeps exactly the stores `user` may see."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.active:
        return false()
    if user.role in ALL_STORES_ROLES:
        return true()
    if user.role == "store_owner":
        return Store.owner_id == user.id
    if user.role == "rep" and user.territory_id is not None:
        return Store.territory_id == user.territory_id
    if user.role == "market_manager" and user.region_id is not None:
        territories = select(Territory.id).where(Territory.region_id == user.region_id)
        return Store.territory_id.in_(territories.scalar_subquery())
    return false()


def visible_stores(user: User) -> Select:
    """`SELECT store ...` limited to the user's scope; add your own filters and order."""
    return select(Store).where(store_filter(user))


def visible_store_ids(user: User) -> Select:
    """`SELECT store.id ...` in the user's scope, for `IN (...)` filters on other tables."""
    return select(Store.id).where(store_filter(user))


def get_visible_store(session: Session, user: User, store_id: int) -> Store | None:
    """The store if it exists and is in the user's scope, else None (callers answer 404)."""
    if not isinstance(store_id, int) or isinstance(store_id, bool):
        return None
    return session.scalars(visible_stores(user).where(Store.id == store_id)).first()
