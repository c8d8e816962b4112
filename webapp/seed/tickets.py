"""Tickets over the history, with deadlines computed by the service rules."""

import random
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import insert
from sqlalchemy.orm import Session

from ..models import Ticket, TicketEvent, TicketNumberCounter
from ..rules.calendar import WorkCalendar
from ..rules.settings import ServiceSettings
from ..rules.tickets import authority_tier, ticket_deadlines
from ..services.tickets import format_ticket_number
from . import vocabulary as V
from .history import local_moment, rng_uuid
from .people import World

CATEGORY_KIND = {"suggestion": "suggestion", "praise": "praise", "inquiry": "inquiry"}
PATH = ["new", "acknowledged", "in_progress", "resolved", "callback_done", "closed"]


LINKED_VISITS = 2  # the first rep's latest tickets taken during a visit (issue 12 item 2)
LINK_WITHIN = timedelta(days=3)


def seed_tickets(session: Session, rng: random.Random, world: World, days: list[date],
                 tz: ZoneInfo, next_seq: int, visits: Sequence[dict] = ()) -> int:
    """About one ticket per store every two months; older ones are closed.

    Open tickets take change numbers from `next_seq` on (closed ones never reach a
    phone); returns the next free number. Ticket numbers are the live ones
    (`_number_tickets`). Of the seeded `visits`, a few of the first rep's were where
    their latest tickets were taken (`_taken_in_visits`).
    """
    settings = ServiceSettings()
    calendar = WorkCalendar(tz=str(tz))
    tickets, events = [], []
    categories = list(V.TICKET_TEXTS)
    for store in world.stores:
        rep = world.rep_ids[world.territory_ids.index(store["territory_id"])]
        for _ in range(max(0, int(rng.gauss(len(days) / 60, 1)))):
            day = rng.choice(days)
            received = local_moment(day, rng.uniform(9, 17.5), tz)
            category = rng.choice(categories)
            kind = CATEGORY_KIND.get(category, "complaint")
            severity = "major_a" if category == "quality" and rng.random() < 0.3 else "general"
            goods = rng.choice((None, 5000, 20000, 80000, 250000)) if kind == "complaint" else None
            age = (days[-1] - day).days
            reached = 5 if age > 10 else min(5, age // 2)
            tid = rng_uuid(rng)
            row = {
                "id": tid, "number": None,  # numbered below, once the set is known
                "store_id": store["id"], "kind": kind, "category": category,
                "description": V.TICKET_TEXTS[category], "severity": severity,
                "severity_auto": severity, "goods_value_fen": goods,
                "tier": authority_tier(goods or 0, severity, category, False, settings).value,
                "status": PATH[reached], "first_responder_id": rep, "created_by_id": rep,
                "satisfaction": rng.choice((3, 4, 5, 5)) if reached >= 4 else None,
                "change_seq": None, "visit_id": None,
            }
            _set_times(row, received, reached, calendar, settings)
            tickets.append(row)
            events.append({"ticket_id": tid, "kind": "created", "from_status": None,
                           "to_status": "new", "by_id": rep, "at": received})
            for step in range(1, reached + 1):
                events.append({"ticket_id": tid, "kind": "status", "from_status": PATH[step - 1],
                               "to_status": PATH[step], "by_id": rep,
                               "at": received + timedelta(hours=12 * step)})
    tickets = [row for row in tickets if world.happened(row["received_at"])]
    kept = {row["id"] for row in tickets}
    events = [row for row in events if row["ticket_id"] in kept]
    _taken_in_visits(tickets, events, visits, world.rep_ids[0], calendar, settings)
    _number_tickets(session, tickets, tz)
    for row in tickets:  # closed tickets never reach a phone
        if row["status"] != "closed":
            row["change_seq"], next_seq = next_seq, next_seq + 1
    if tickets:
        session.execute(insert(Ticket), tickets)
    if events:
        session.execute(insert(TicketEvent), events)
    return next_seq


def _set_times(row: dict, received: datetime, reached: int, calendar: WorkCalendar,
               settings: ServiceSettings) -> None:
    """The ticket's receipt, deadlines and the times of the steps it `reached`."""
    due = ticket_deadlines(received, row["severity"], row["kind"], calendar, settings)
    row.update({
        "received_at": received, "registered_at": received,  # its `created` event's moment
        "register_due_at": due.register_by,
        "first_answer_due_at": due.first_answer_by,
        "temp_measure_due_at": due.temp_measure_by, "resolve_due_at": due.resolve_by,
        "first_answered_at": received + timedelta(hours=2) if reached >= 1 else None,
        "resolved_at": received + timedelta(days=2) if reached >= 3 else None,
        "closed_at": received + timedelta(days=4) if reached >= 5 else None,
    })


def _taken_in_visits(tickets: list[dict], events: list[dict], visits: Sequence[dict],
                     rep_id: int, calendar: WorkCalendar, settings: ServiceSettings) -> None:
    """The rep's latest tickets that a visit of theirs to the store preceded by at most
    `LINK_WITHIN` (at most `LINKED_VISITS` of them) were taken during that visit: each is
    linked and received ten minutes into it (earlier, so nothing moves past the end of
    the history; the status it reached and the draws of the generator stay)."""
    by_store: dict[int, list[dict]] = {}
    for visit in visits:
        if visit["rep_id"] == rep_id:
            by_store.setdefault(visit["store_id"], []).append(visit)
    linked = 0
    for row in sorted(tickets, key=lambda r: (r["received_at"], r["id"]), reverse=True):
        if linked == LINKED_VISITS:
            break
        if row["created_by_id"] != rep_id:
            continue
        received = row["received_at"]
        before = [v for v in by_store.get(row["store_id"], ())
                  if received - LINK_WITHIN <= v["started_at"] <= received]
        if not before:
            continue
        visit = max(before, key=lambda v: (v["started_at"], v["id"]))
        moved = min(visit["started_at"] + timedelta(minutes=10), visit["ended_at"])
        reached = PATH.index(row["status"])
        _set_times(row, moved, reached, calendar, settings)
        row["visit_id"] = visit["id"]
        for event in events:
            if event["ticket_id"] == row["id"]:
                event["at"] = moved + timedelta(hours=12 * PATH.index(event["to_status"]))
        linked += 1


def _number_tickets(session: Session, tickets: list[dict], tz: ZoneInfo) -> None:
    """Number the tickets as the service does (TK<local day>-<that day's serial>, in
    order of receipt) and leave each day's counter at its last number, so a ticket
    raised later that day gets the next one, never a seeded number."""
    last: dict[date, int] = {}
    for row in sorted(tickets, key=lambda row: (row["received_at"], row["id"])):
        day = row["received_at"].astimezone(tz).date()
        last[day] = last.get(day, 0) + 1
        row["number"] = format_ticket_number(day, last[day])
    if last:
        session.execute(insert(TicketNumberCounter),
                        [{"day": day, "last": serial} for day, serial in sorted(last.items())])
