"""Inbox and owner ticket pages: server time (p95 ≤ 50 ms) and HTML size (≤ 30 KB).

On the full seed (500 stores, a year of history) each reader gets a long inbox (several
hundred notifications, most read) and the stores a few notices; then, signed in through
the real login form, the rep's and HQ's inbox, the owner's home (notices and survey
partials), ticket list, one ticket and the new-ticket form are fetched repeatedly.
"""

import logging
from collections import defaultdict

from .common import Figure, seeded_app
from .rep_pages import page_figures, signed_in_client, time_page

READERS = ("rep1", "rep25", "hq", "manager1")
OWNERS = ("owner1", "owner40")
NOTIFICATIONS_EACH = 400
REPEATS = 10


def _fill_inboxes(app) -> None:
    """Hundreds of notifications per reader (the newest 10 unread) and three notices."""
    from sqlalchemy import select

    from webapp import clock
    from webapp.extensions import db
    from webapp.models import Notification, User
    from webapp.rules.codes import NotificationKind
    from webapp.services.notices import Audience, publish_notice

    with app.app_context():
        users = db.session.scalars(select(User).where(
            User.username.in_(READERS + OWNERS))).all()
        if db.session.scalar(select(Notification.id).limit(1)) is not None:
            return
        now = clock.now()
        rows = []
        for user in users:
            for i in range(NOTIFICATIONS_EACH):
                rows.append({"user_id": user.id, "kind": str(NotificationKind.TICKET_STATUS),
                             "subject_type": "ticket", "subject_id": f"bench-{i}",
                             "params": {"number": f"TK{i:06d}", "status": "in_progress"},
                             "dedupe_key": f"bench:{i}", "created_at": now,
                             "read_at": None if i >= NOTIFICATIONS_EACH - 10 else now})
        db.session.execute(Notification.__table__.insert(), rows)
        hq = db.session.scalar(select(User).where(User.username == "hq"))
        for n in range(3):
            publish_notice(db.session, hq, kind="promotion", title=f"新品推广 {n}",
                           body="本周新品到货,欢迎订购。" * 5, audience=Audience())
        db.session.commit()


def _owner_urls(app, username: str) -> list[tuple[str, str]]:
    from flask import url_for
    from sqlalchemy import select

    from webapp.extensions import db
    from webapp.models import Store, Ticket, User

    with app.app_context():
        owner = db.session.scalar(select(User).where(User.username == username))
        ticket = db.session.scalar(select(Ticket).join(Store, Store.id == Ticket.store_id)
                                   .where(Store.owner_id == owner.id)
                                   .order_by(Ticket.received_at.desc()).limit(1))
        with app.test_request_context():
            urls = [("owner home (notices, survey)", url_for("store.home")),
                    ("owner tickets", url_for("store.tickets")),
                    ("owner new ticket form", url_for("store.ticket_new"))]
            if ticket is not None:
                urls.append(("owner ticket page", url_for("store.ticket", ticket_id=ticket.id)))
    return urls


def run() -> list[Figure]:
    """Measure each page kind for several readers; one p95 and size per kind."""
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    app = seeded_app()
    _fill_inboxes(app)
    plan = [(u, [("rep inbox" if u.startswith("rep") else "hq inbox",
                  "/rep/inbox" if u.startswith("rep") else "/hq/inbox")]) for u in READERS]
    plan += [(u, _owner_urls(app, u)) for u in OWNERS]
    times: dict[str, list[float]] = defaultdict(list)
    sizes: dict[str, int] = defaultdict(int)
    for username, urls in plan:
        client = signed_in_client(app, username)
        for kind, url in urls:
            time_page(client, kind, url, times, sizes, repeats=REPEATS)
    return page_figures(times, sizes)
