"""Migration 0010 (new products, the rep's recommendations, a ticket's visit) keeps every
product and ticket, and its downgrade gives the tables back as 0009 had them."""

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from test_migration_0007 import _insert_world
from test_migration_0008 import _app

from webapp.extensions import db


def _insert_ticket_and_visit(conn):
    conn.execute(text("INSERT INTO user_account (id, username, password_hash, role, "
                      "display_name, active, locale, session_version, created_at) VALUES "
                      "(7, 'r', 'x', 'rep', 'R', 1, 'zh', 1, '2026-01-01 00:00:00')"))
    conn.execute(text("INSERT INTO visit (id, store_id, rep_id, started_at, purposes, notes, "
                      "findings, flags, created_at) VALUES ('v1', 1, 7, '2026-11-01 02:00:00', "
                      "'[]', '', '{}', '', '2026-11-01 02:00:00')"))
    conn.execute(text("INSERT INTO ticket (id, number, store_id, kind, category, description, "
                      "channel, facts, severity, severity_auto, tier, escalation_level, status, "
                      "received_at) VALUES ('t1', 'TK1', 1, 'complaint', 'quality', '破损', "
                      "'face_to_face', '{}', 'general', 'general', 'first_responder', 0, 'new', "
                      "'2026-11-01 02:30:00')"))


def test_upgrade_keeps_products_and_tickets_and_downgrade_gives_0009_back(tmp_path):
    app = _app(tmp_path)
    with app.app_context():
        directory = app.extensions["migrate"].directory
        upgrade(directory=directory, revision="0009")  # a database from before 0010
        with db.engine.begin() as conn:
            _insert_world(conn)
            _insert_ticket_and_visit(conn)
        upgrade(directory=directory)
        with db.engine.begin() as conn:
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.execute(text("SELECT id, visit_id FROM ticket")).all() == [("t1", None)]
            assert set(conn.execute(text("SELECT new_until FROM product")).scalars()) == {None}
            conn.execute(text("UPDATE ticket SET visit_id = 'v1'"))
            conn.execute(text("UPDATE product SET new_until = '2026-12-31' WHERE id = 1"))
            conn.execute(text("INSERT INTO product_recommendation (id, store_id, product_id, "
                              "rep_id, note, recommended_at) VALUES ('r1', 1, 1, 7, '好卖', "
                              "'2026-11-02 00:00:00')"))
        with pytest.raises(IntegrityError), db.engine.begin() as conn:  # one per store+product
            conn.execute(text("INSERT INTO product_recommendation (id, store_id, product_id, "
                              "rep_id, note, recommended_at) VALUES ('r2', 1, 1, 7, '', "
                              "'2026-11-03 00:00:00')"))
        downgrade(directory=directory, revision="0009")
        with db.engine.begin() as conn:
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.execute(text("SELECT id FROM ticket")).scalars().all() == ["t1"]
            tables = conn.execute(text("SELECT name FROM sqlite_master WHERE type='table'")
                                  ).scalars().all()
            assert "product_recommendation" not in tables
            columns = [row[1] for row in conn.exec_driver_sql("PRAGMA table_info(ticket)")]
            assert "visit_id" not in columns and "order_id" in columns
        db.engine.dispose()

