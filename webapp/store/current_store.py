"""The owner's current store: picked once, remembered in the signed session, switchable
from every page. Always re-checked through the scoping helper, so a remembered id of a
store the owner no longer owns (or a forged cookie) falls back to their first store."""

from __future__ import annotations

from flask import session as browser_session
from sqlalchemy.orm import Session

from ..models import Store, User
from ..scope import get_visible_store
from .queries import owner_stores

SESSION_KEY = "current_store_id"


def current_store(session: Session, user: User) -> Store | None:
    """The store the owner is working on: the remembered one if still theirs, else their
    first store by name (remembered from now on); None when they own no store."""
    remembered = browser_session.get(SESSION_KEY)
    if isinstance(remembered, int) and not isinstance(remembered, bool):
        store = get_visible_store(session, user, remembered)
        if store is not None:
            return store
    stores = owner_stores(session, user)
    if not stores:
        return None
    browser_session[SESSION_KEY] = stores[0].id
    return stores[0]


def choose_store(session: Session, user: User, store_id: int) -> Store | None:
    """Remember `store_id` as current if the owner may see it; None (nothing remembered)
    otherwise."""
    store = get_visible_store(session, user, store_id)
    if store is not None:
        browser_session[SESSION_KEY] = store.id
    return store


def follow_store(store_id: int) -> None:
    """An order or ticket of another of the owner's stores was opened (the caller found it
    in scope): that store becomes the current one, so the switcher, the nav and the next
    pages are about the store whose page this is."""
    if browser_session.get(SESSION_KEY) != store_id:
        browser_session[SESSION_KEY] = store_id


def switcher_context(session: Session, user: User) -> dict:
    """What every owner page needs for its store switcher: `current` and `stores`."""
    return {"current": current_store(session, user), "stores": owner_stores(session, user)}
