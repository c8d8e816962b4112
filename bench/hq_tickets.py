"""HQ ticket desk: queue and ticket page p95 (≤ 300 ms at 500 stores, ≤ 1 s at 5,000) and
`flask escalate` over 100,000 open tickets (< 10 s).

Pages: signed in as HQ staff and as a market manager through the real login form
(Flask test client: the server's time), the queue (first page, page 2, breached,
major only) and the pages of open tickets, each fetched repeatedly after a warm-up
(the warm-up's read also escalates what is overdue: evaluate on read). Escalation:
100,000 open tickets added to the 500-store data set with deadlines spread over the
last three weeks, then `escalate_overdue` timed as the command runs it (with the
commit): the first run catches up every missed deadline, the second finds nothing new.
Beside each run's time, its CPU seconds (this process: on SQLite all of the work) as a
reference, the figure that moves least on a shared machine.

`python -m bench hq_tickets:escalation` runs only the escalation; BENCH_OPEN_TICKETS sets
how many tickets (a smaller sanity run) and BENCH_DATABASE_URL runs it on another
database (an empty PostgreSQL one is migrated and seeded with 50 stores first; its
tickets stay there, so use a throwaway database).
"""

import logging
import os
import random
import time
import uuid
from collections import defaultdict
from datetime import timedelta
from functools import partial

from .common import Figure, median_of, seeded_app, timed
from .rep_pages import p95, signed_in_client

REPEATS = 8
OPEN_TICKETS = 100_000
ESCALATION_TARGET_S = 10.0
SIZES = ((500, 50, 300.0), (5000, 500, 1000.0))


def desk_urls(app, username: str) -> list[tuple[str, str]]:
    """(page kind, URL): the queue four ways and five open tickets' pages."""
    from sqlalchemy import select

    from webapp.extensions import db
    from webapp.models import Ticket, User
    from webapp.rules.ticket_status import OPEN_STATUSES
    from webapp.scope import visible_store_ids

    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == username))
        ids = db.session.scalars(select(Ticket.id).where(
            Ticket.store_id.in_(visible_store_ids(user)), Ticket.status.in_(OPEN_STATUSES))
            .order_by(Ticket.received_at.desc()).limit(5)).all()
    urls = [("queue", "/hq/tickets"), ("queue page 2", "/hq/tickets?page=2"),
            ("queue breached", "/hq/tickets?breached=yes"),
            ("queue major", "/hq/tickets?severity=major_a")]
    return urls + [("ticket page", f"/hq/tickets/{ticket_id}") for ticket_id in ids]


def page_figures(stores: int, reps: int, target_ms: float) -> list[Figure]:
    """p95 of the desk's pages on one data set size."""
    app = seeded_app(stores=stores, reps=reps)
    times: dict[str, list[float]] = defaultdict(list)
    for username in ("hq", "manager1"):
        client = signed_in_client(app, username)
        for kind, url in desk_urls(app, username):
            response = client.get(url)  # warm-up (escalates what is overdue)
            assert response.status_code == 200, f"{url}: {response.status_code}"
            for _ in range(REPEATS):
                seconds, _ = timed(partial(client.get, url))
                times[kind].append(seconds * 1000)
    figures = []
    for kind, samples in times.items():
        figures.append(Figure(f"{stores} stores, {kind}: median (reference)",
                              median_of(samples), "ms", "-", True))
        ms = p95(samples)
        figures.append(Figure(f"{stores} stores, {kind}: p95 ({len(samples)} requests)", ms,
                              "ms", f"<= {target_ms:.0f} ms", ms <= target_ms))
    return figures


def _add_open_tickets(session, count: int) -> None:
    """`count` open general and major complaints over the stores, received in the last
    three weeks, with their deadlines and their `created` event (as services.tickets
    stores them: registered up to 90 minutes after receipt, so a sixth too late)."""
    from sqlalchemy import select

    from webapp import clock
    from webapp.models import Store, Ticket, TicketEvent
    from webapp.rules.calendar import WorkCalendar
    from webapp.rules.ticket_deadlines import ticket_deadlines
    from webapp.services.bulk import insert_rows
    from webapp.services.change_feed import allocate_change_seqs

    rng = random.Random(12)
    stores = session.scalars(select(Store.id)).all()
    calendar, now = WorkCalendar(), clock.now()
    first_seq = allocate_change_seqs(session, count)
    rows, events = [], []
    for i in range(count):
        received = now - timedelta(minutes=rng.randrange(0, 21 * 24 * 60))
        severity = "major_a" if i % 10 == 0 else "general"
        due = ticket_deadlines(received, severity, "complaint", calendar)
        rows.append({
            "id": str(uuid.UUID(int=rng.getrandbits(128))), "number": f"BENCH-{i:06d}",
            "store_id": rng.choice(stores), "kind": "complaint", "category": "price",
            "description": "bench", "channel": "face_to_face", "facts": {},
            "severity": severity, "severity_auto": severity, "tier": "first_responder",
            "escalation_level": 0, "status": rng.choice(("new", "acknowledged")),
            "received_at": received, "register_due_at": due.register_by,
            "first_answer_due_at": due.first_answer_by,
            "temp_measure_due_at": due.temp_measure_by, "resolve_due_at": due.resolve_by,
            "change_seq": first_seq + i,
            "registered_at": received + timedelta(minutes=rng.randrange(0, 90))})
        events.append({"ticket_id": rows[-1]["id"], "kind": "created", "from_status": None,
                       "to_status": "new", "at": rows[-1]["registered_at"], "by_id": None,
                       "note": None, "device_id": None, "public": False})
    for start in range(0, count, 5000):
        insert_rows(session, Ticket.__table__, rows[start:start + 5000])
        insert_rows(session, TicketEvent.__table__, events[start:start + 5000])
    session.commit()


def escalation_figures() -> list[Figure]:
    """The command's time over 100,000 open tickets: catching up, then a routine run."""
    from webapp import clock
    from webapp.extensions import db
    from webapp.services.ticket_escalation import escalate_overdue

    count = int(os.environ.get("BENCH_OPEN_TICKETS", OPEN_TICKETS))
    url = os.environ.get("BENCH_DATABASE_URL")
    app = seeded_app(stores=50, reps=5, database_url=url) if url else seeded_app()
    figures = []
    with app.app_context():
        _add_open_tickets(db.session, count)

        def command() -> int:
            made = escalate_overdue(db.session, clock.now())
            db.session.commit()
            return made

        for label in ("first run (catches up every missed deadline)", "next run"):
            cpu = time.process_time()
            seconds, made = timed(command)
            cpu = time.process_time() - cpu
            figures.append(Figure(f"escalate, {count:,} open: {label}, {made:,} made",
                                  seconds, "s", f"< {ESCALATION_TARGET_S:.0f} s",
                                  seconds < ESCALATION_TARGET_S))
            figures.append(Figure(f"escalate, {count:,} open: {label}: CPU (reference)",
                                  cpu, "s", "-", True))
        db.session.remove()
    return figures


def run() -> list[Figure]:
    """Every figure: the pages at both sizes, then the escalation command."""
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    figures = []
    for stores, reps, target in SIZES:
        figures += page_figures(stores, reps, target)
    return figures + escalation_figures()
