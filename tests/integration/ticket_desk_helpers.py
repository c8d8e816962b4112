"""Tickets for the desk's tests: rep1's phone takes one (the real push), and a service
context for any user, as the HQ pages build it."""

from sqlalchemy import select
from sync_helpers import push, record, register, rep_world

from webapp.models import Ticket, User
from webapp.services.context import build_push_context


def take_ticket(db, client, password, device=None, seq=1, **data) -> Ticket:
    """rep1's phone takes a ticket at their first store (a general price complaint)."""
    world = rep_world(db)
    device = device or register(client, "rep1", password)
    body = record("ticket", {"store_id": world["store"].id, "category": "price",
                             "description": "价格标签不对", **data}, seq=seq)
    result = push(client, device, [body]).get_json()["results"][0]
    assert result["status"] == "applied", result
    return db.session.get(Ticket, body["id"])


def ctx_for(db, username: str, app_config=None):
    """The service context of `username` (settings, calendar, the app's clock)."""
    from flask import current_app

    user = db.session.scalar(select(User).where(User.username == username))
    return build_push_context(db.session, user, None, app_config or current_app.config)


def user(db, username: str) -> User:
    return db.session.scalar(select(User).where(User.username == username))
