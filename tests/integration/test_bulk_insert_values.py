"""services.bulk.insert_values: tuples in column order, each value through its column's
processor (JSON, UTC times), and with `skip_conflicts_on` a row repeating a unique key
left out while the others go in (escalation's notices rely on it: one per user and key)."""

from datetime import UTC, datetime

from sqlalchemy import select

from webapp.models import Notification, User
from webapp.services.bulk import insert_values
from webapp.services.notifications import notify

COLUMNS = ("user_id", "kind", "store_id", "subject_type", "subject_id", "params",
           "dedupe_key", "created_at", "read_at")


def test_a_repeated_key_is_skipped_and_the_rest_go_in(seeded, db):
    someone = db.session.scalars(select(User).order_by(User.id)).first()
    notify(db.session, [someone.id], "ticket_escalated", "ticket", "t-1", "bulk:k1",
           params={"number": "TK1"})
    at = datetime(2026, 11, 20, 2, 0, tzinfo=UTC)
    insert_values(db.session, Notification.__table__, COLUMNS, [
        (someone.id, "ticket_escalated", None, "ticket", "t-1", {"number": "again"},
         "bulk:k1", at, None),
        (someone.id, "ticket_escalated", None, "ticket", "t-2", {"number": "TK2"},
         "bulk:k2", at, None)], skip_conflicts_on=("user_id", "dedupe_key"))
    db.session.commit()
    rows = {n.dedupe_key: n for n in db.session.scalars(select(Notification).where(
        Notification.user_id == someone.id, Notification.dedupe_key.like("bulk:%")))}
    assert sorted(rows) == ["bulk:k1", "bulk:k2"]
    assert rows["bulk:k1"].params == {"number": "TK1"}  # the first one stays as it was
    assert rows["bulk:k2"].params == {"number": "TK2"} and rows["bulk:k2"].created_at == at
    assert rows["bulk:k2"].read_at is None and rows["bulk:k2"].subject_id == "t-2"


def test_stored_rows_hold_the_drivers_values_and_read_back_as_the_same_moment(seeded, db):
    """`stored=True`: the caller converted the moment once (`stored_moment`, as the
    escalation sweep does for 100,000s of events); the ORM reads it back as that aware
    UTC moment and the flag as a boolean, on SQLite and PostgreSQL alike."""
    from webapp.models import Ticket, TicketEvent
    from webapp.services.bulk import stored_moment

    ticket_id = db.session.scalars(select(Ticket.id)).first()
    at = datetime(2026, 11, 20, 10, 30, 0, 250, tzinfo=UTC)
    stored = stored_moment(db.session.connection().dialect, at)
    insert_values(db.session, TicketEvent.__table__,
                  ("ticket_id", "kind", "from_status", "to_status", "at", "by_id", "note",
                   "device_id", "public"),
                  [(ticket_id, "escalation", None, None, stored, None, "bulk-stored", None,
                    False)], stored=True)
    db.session.commit()
    event = db.session.scalar(select(TicketEvent).where(TicketEvent.note == "bulk-stored"))
    assert event.at == at and event.at.tzinfo is not None and event.public is False
    assert db.session.scalar(select(TicketEvent.id).where(
        TicketEvent.note == "bulk-stored", TicketEvent.at < at)) is None  # compares as time
