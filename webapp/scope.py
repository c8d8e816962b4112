"""THE scoping helper: which stores, users, devices, tombstones and photos a user may
see. Every visibility question goes through it.

- a store owner sees only the stores they own;
- a rep sees the stores of their territory;
- a market manager sees the stores of their region;
- HQ staff and admins see every store (and rows tied to no store at all).
Anyone else (or an inactive user) sees nothing. Plain SQLAlchemy, no Flask, so
the push authorises records with the very same rule.

Users and devices follow the stores: a user is visible when their territory holds a
store in scope (a market manager sees the reps of their region), a device when its
user is. A store's tombstone follows the store: it goes to those whose scope held the
store (by its territory, or for its owner by the store's id).

Orders follow their store for reading (a rep reads the orders of their territory's
stores); only the order desk and the stores' owners write them, never a rep
(`order_filter(user, for_write=True)`): the retailer orders for itself.

Photos follow their owner record: a user may attach a photo to a record of a
store in their scope, except that a store owner attaches only to the tickets
they filed and to their stores' orders (delivery exceptions), never to a rep's
visit or price check. A photo is visible to its uploader and to whoever may
attach to its owner record.
"""

from sqlalchemy import Select, String, cast, false, or_, select, true
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from .models import (
    Device,
    Order,
    Photo,
    PriceCheck,
    Store,
    Territory,
    Ticket,
    Tombstone,
    User,
    Visit,
)
from .rules import roles


def _signed_in(user: User | None) -> bool:
    return user is not None and getattr(user, "is_authenticated", False) and user.active


def sees_everything(user: User) -> bool:
    """HQ staff and admins: every store, user and device, and rows tied to no store."""
    return _signed_in(user) and user.role in roles.ALL_STORES_ROLES


def store_filter(user: User) -> ColumnElement[bool]:
    """A WHERE condition on `Store` that keeps exactly the stores `user` may see."""
    if not _signed_in(user):
        return false()
    if user.role in roles.ALL_STORES_ROLES:
        return true()
    if user.role in roles.OWNER_ROLES:
        return Store.owner_id == user.id
    territory = _territory_filter(user, Store.territory_id)
    return territory if territory is not None else false()


def _territory_filter(user: User, column) -> ColumnElement[bool] | None:
    """`column` (a territory id) within a rep's territory or a market manager's region;
    None for roles whose scope is not a set of territories."""
    if user.role in roles.FIELD_ROLES and user.territory_id is not None:
        return column == user.territory_id
    if user.role == roles.MARKET_MANAGER and user.region_id is not None:
        territories = select(Territory.id).where(Territory.region_id == user.region_id)
        return column.in_(territories.scalar_subquery())
    return None


def tombstone_filter(user: User) -> ColumnElement[bool]:
    """A WHERE condition on `Tombstone`: what `user` may learn was deleted.

    Products are everyone's; a store's tombstone goes only to those whose scope held
    the store: its territory for reps and market managers, its id for its owner, and
    every one to HQ staff and admins. A store tombstone of no known territory goes to
    HQ only.
    """
    if not _signed_in(user):
        return false()
    if user.role in roles.ALL_STORES_ROLES:
        return true()
    if user.role in roles.OWNER_ROLES:
        owned = select(cast(Store.id, String)).where(Store.owner_id == user.id)
        held = Tombstone.entity_id.in_(owned.scalar_subquery())
    else:
        held = _territory_filter(user, Tombstone.territory_id)
    not_a_store = Tombstone.entity_type != "store"
    return not_a_store if held is None else or_(not_a_store, held)


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


def order_filter(user: User, *, for_write: bool = False) -> ColumnElement[bool]:
    """A WHERE condition on `Order`: the orders of the stores in scope; for writes,
    nothing for a rep (they may never place nor move an order)."""
    if not _signed_in(user) or (for_write and user.role in roles.FIELD_ROLES):
        return false()
    if user.role in roles.ALL_STORES_ROLES:
        return true()
    return Order.store_id.in_(visible_store_ids(user).scalar_subquery())


def get_visible_order(session: Session, user: User, order_id: int, *,
                      for_write: bool = False) -> Order | None:
    """The order if it exists and `user` may read it (or write it), else None (404)."""
    if not isinstance(order_id, int) or isinstance(order_id, bool):
        return None
    return session.scalars(select(Order).where(
        Order.id == order_id, order_filter(user, for_write=for_write))).first()


def visible_user_ids(user: User) -> Select:
    """`SELECT user.id ...` of the users in scope: those whose territory holds a store
    `user` may see (a market manager's reps), or everyone for HQ staff and admins."""
    if sees_everything(user):
        return select(User.id)
    territories = select(Store.territory_id).where(store_filter(user))
    return select(User.id).where(User.territory_id.in_(territories.scalar_subquery()))


def device_filter(user: User) -> ColumnElement[bool]:
    """A WHERE condition on `Device`: the phones of the users in scope."""
    if sees_everything(user):
        return true()
    return Device.user_id.in_(visible_user_ids(user).scalar_subquery())


PHOTO_OWNER_MODELS = {"visit": Visit, "price_check": PriceCheck, "ticket": Ticket,
                      "delivery_exception": Order, "order_signature": Order}
# What each role may attach photos to; roles not listed may attach to every owner type.
PHOTO_OWNER_TYPES_BY_ROLE = {roles.STORE_OWNER: ("ticket", "delivery_exception",
                                                 "order_signature")}


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
    if model is Ticket and user.role in roles.OWNER_ROLES:
        query = query.where(Ticket.created_by_id == user.id)
    return session.scalar(query)


def photo_visible(session: Session, user: User, photo: Photo) -> bool:
    """Whether `user` may learn that `photo` exists (its size, its flags)."""
    if not _signed_in(user):
        return False
    if photo.uploaded_by_id == user.id:
        return True
    return photo_owner_store(session, user, photo.owner_type, photo.owner_id) is not None
