"""THE scoping helper: which stores a user may see. Every store query goes through it.

- a store owner sees only the stores they own;
- a rep sees the stores of their territory;
- a market manager sees the stores of their region;
- HQ staff and admins see every store.
Anyone else (or an inactive user) sees nothing. Plain SQLAlchemy, no Flask, so
the sync module authorises pushed records with the very same rule.

Photos follow their owner record: a user may attach a photo to a record of a
store in their scope, except that a store owner attaches only to the tickets
they filed and to their stores' orders (delivery exceptions), never to a rep's
visit or price check. A photo is visible to its uploader and to whoever may
attach to its owner record.
"""

from sqlalchemy import Select, false, select, true
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from .models import Order, Photo, PriceCheck, Store, Territory, Ticket, User, Visit

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


PHOTO_OWNER_MODELS = {"visit": Visit, "price_check": PriceCheck, "ticket": Ticket,
                      "delivery_exception": Order}
# What each role may attach photos to; roles not listed may attach to every owner type.
PHOTO_OWNER_TYPES_BY_ROLE = {"store_owner": ("ticket", "delivery_exception")}


def may_attach_photo_to(user: User, owner_type: str) -> bool:
    """Whether `user`'s role may attach photos to records of `owner_type` at all."""
    allowed = PHOTO_OWNER_TYPES_BY_ROLE.get(getattr(user, "role", None), tuple(PHOTO_OWNER_MODELS))
    return owner_type in PHOTO_OWNER_MODELS and owner_type in allowed


def photo_owner_store(session: Session, user: User, owner_type: str, owner_id: str) -> int | None:
    """The store of the record a photo would attach to, if `user` may attach to it, else None.

    None also when the record does not exist (yet): callers cannot tell the two apart,
    so nothing outside the user's scope is revealed.
    """
    if not may_attach_photo_to(user, owner_type):
        return None
    model = PHOTO_OWNER_MODELS[owner_type]
    if model is Order:
        if not owner_id.isdigit() or len(owner_id) > 18:
            return None
        key: int | str = int(owner_id)
    else:
        key = owner_id
    query = select(model.store_id).where(model.id == key,
                                         model.store_id.in_(visible_store_ids(user)))
    if model is Ticket and user.role == "store_owner":
        query = query.where(Ticket.created_by_id == user.id)
    return session.scalar(query)


def photo_visible(session: Session, user: User, photo: Photo) -> bool:
    """Whether `user` may learn that `photo` exists (its size, its flags)."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.active:
        return False
    if photo.uploaded_by_id == user.id:
        return True
    return photo_owner_store(session, user, photo.owner_type, photo.owner_id) is not None
