"""Migration 0011 puts on each ticket its registration moment (its `created` event) and
the deadlines it was escalated for (its escalation events' notes), keeping every ticket;
its downgrade gives the table back as 0010 had it."""

from flask_migrate import downgrade, upgrade
from sqlalchemy import text
from test_migration_0007 import _insert_world
from test_migration_0008 import _app
from test_migration_0010 import _insert_ticket_and_visit

from webapp.extensions import db


def test_upgrade_reads_the_created_event_and_downgrade_gives_0010_back(tmp_path):
    app = _app(tmp_path)
    with app.app_context():
        directory = app.extensions["migrate"].directory
        upgrade(directory=directory, revision="0010")  # a database from before 0011
        with db.engine.begin() as conn:
            _insert_world(conn)
            _insert_ticket_and_visit(conn)  # t1, received 02:30, written down at 03:45
            conn.execute(text("INSERT INTO ticket (id, number, store_id, kind, category, "
                              "description, channel, facts, severity, severity_auto, tier, "
                              "escalation_level, status, received_at) VALUES ('t2', 'TK2', 1, "
                              "'complaint', 'price', '贵', 'app', '{}', 'general', 'general', "
                              "'first_responder', 0, 'new', '2026-11-02 02:30:00')"))
            for kind, at, note in (
                    ("status", "2026-11-01 03:00:00.000000", None),
                    ("created", "2026-11-01 03:45:00.000000", None),
                    ("created", "2026-11-01 04:00:00.000000", None),
                    ("escalation", "2026-11-02 03:00:00.000000", "register → market_manager"),
                    ("escalation", "2026-11-03 03:00:00.000000", "resolve → head_of_unit"),
                    ("status", "2026-11-03 04:00:00.000000", "temp_measure → nothing")):
                conn.execute(text("INSERT INTO ticket_event (ticket_id, kind, at, note, public) "
                                  "VALUES ('t1', :kind, :at, :note, 0)"),
                             {"kind": kind, "at": at, "note": note})
        upgrade(directory=directory)
        with db.engine.begin() as conn:
            rows = conn.execute(text("SELECT id, registered_at, escalated_deadlines FROM ticket "
                                     "ORDER BY id")).all()
            # the first `created` event; a ticket without one: NULL (measured by receipt);
            # register (1) and resolve (8) escalated, a status note is no escalation
            assert rows == [("t1", "2026-11-01 03:45:00.000000", 9), ("t2", None, 0)]
        downgrade(directory=directory, revision="0010")
        with db.engine.begin() as conn:
            assert conn.execute(text("SELECT id FROM ticket ORDER BY id")).scalars().all() == [
                "t1", "t2"]
            columns = [row[1] for row in conn.exec_driver_sql("PRAGMA table_info(ticket)")]
            assert "registered_at" not in columns and "visit_id" in columns
            assert "escalated_deadlines" not in columns
        db.engine.dispose()
