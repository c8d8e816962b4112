"""Migration 0008 (the service loop) keeps every survey, ticket, order and photo, lets a
survey be skipped, and on downgrade drops only what the old schema cannot hold."""

from flask_migrate import downgrade, upgrade
from sqlalchemy import text
from test_migration_0007 import _insert_world

from webapp import create_app
from webapp.extensions import db


def _app(tmp_path):
    return create_app({"TESTING": True, "SECRET_KEY": "t", "UPLOAD_DIR": str(tmp_path / "up"),
                       "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'old.db'}"})


def _insert_feedback(conn):
    conn.execute(text("INSERT INTO user_account (id, username, password_hash, role, "
                      "display_name, active, locale, session_version, created_at) VALUES "
                      "(1, 'o', 'x', 'store_owner', 'O', 1, 'zh', 1, '2026-01-01 00:00:00')"))
    conn.execute(text("INSERT INTO survey_answer (store_id, user_id, period, attitude, effect, "
                      "overall, comment, answered_at) VALUES (1, 1, '2026-Q4', 5, 4, 5, '', "
                      "'2026-11-01 00:00:00')"))
    conn.execute(text("INSERT INTO photo (id, owner_type, owner_id, store_id, uploaded_by_id, "
                      "mime_type, size_bytes, sha256, storage_path, kind, flags, created_at) "
                      "VALUES ('p1', 'delivery_exception', '1', 1, 1, 'image/jpeg', 10, 'h', "
                      "'a.jpg', 'shelf', '', '2026-11-01 00:00:00')"))


def test_upgrade_keeps_surveys_and_photos_and_downgrade_drops_only_the_new_kinds(tmp_path):
    app = _app(tmp_path)
    with app.app_context():
        directory = app.extensions["migrate"].directory
        upgrade(directory=directory, revision="0007")  # a database from before 0008
        with db.engine.begin() as conn:
            _insert_world(conn)
            _insert_feedback(conn)
        upgrade(directory=directory)
        with db.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.execute(text("SELECT period, overall, skipped FROM survey_answer")
                                ).one() == ("2026-Q4", 5, 0)
        with db.engine.begin() as conn:  # new: a skipped order survey, a signature photo
            conn.execute(text("INSERT INTO survey_answer (store_id, user_id, period, order_id, "
                              "skipped, comment, answered_at) VALUES (1, 1, 'order:1', 1, 1, "
                              "'', '2026-11-02 00:00:00')"))
            conn.execute(text("INSERT INTO photo (id, owner_type, owner_id, store_id, "
                              "uploaded_by_id, mime_type, size_bytes, sha256, storage_path, "
                              "kind, flags, created_at) VALUES ('p2', 'order_signature', '1', "
                              "1, 1, 'image/png', 10, 'h2', 'b.png', 'signature', '', "
                              "'2026-11-02 00:00:00')"))
        downgrade(directory=directory, revision="0007")
        with db.engine.connect() as conn:
            assert conn.execute(text("SELECT period FROM survey_answer")).scalars().all() == [
                "2026-Q4"]
            assert conn.execute(text("SELECT id FROM photo")).scalars().all() == ["p1"]
        db.engine.dispose()


def test_a_survey_is_answered_or_skipped_and_once_per_store_and_period(tmp_path):
    app = _app(tmp_path)
    with app.app_context():
        upgrade(directory=app.extensions["migrate"].directory)
        with db.engine.begin() as conn:
            _insert_world(conn)
            _insert_feedback(conn)
        refused = {
            "neither answered nor skipped": "INSERT INTO survey_answer (store_id, period, "
            "skipped, comment, answered_at) VALUES (1, 'order:9', 0, '', '2026-11-02')",
            "the same quarter twice": "INSERT INTO survey_answer (store_id, period, skipped, "
            "comment, answered_at) VALUES (1, '2026-Q4', 1, '', '2026-11-02')",
            "a score of 6": "INSERT INTO survey_answer (store_id, period, skipped, overall, "
            "comment, answered_at) VALUES (1, '2027-Q1', 0, 6, '', '2026-11-02')",
        }
        for why, statement in refused.items():
            try:
                with db.engine.begin() as conn:
                    conn.execute(text(statement))
            except Exception as error:  # noqa: BLE001 - the driver's IntegrityError
                assert "constraint" in str(error).lower(), why
            else:
                raise AssertionError(f"{why} was accepted")
        db.engine.dispose()
