"""Migration 0006 turns the devices' stored seq gaps into ranges, and back on downgrade."""

from flask_migrate import downgrade, upgrade
from sqlalchemy import text

from webapp import create_app
from webapp.extensions import db

GAPS = text("SELECT id, missing_seqs FROM device ORDER BY id")


def test_stored_gap_numbers_become_ranges_and_come_back(tmp_path):
    app = create_app({"TESTING": True, "SECRET_KEY": "t", "UPLOAD_DIR": str(tmp_path / "up"),
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'old.db'}"})
    with app.app_context():
        directory = app.extensions["migrate"].directory
        upgrade(directory=directory, revision="0005")  # a database from before 0006
        with db.engine.begin() as conn:
            conn.execute(text(
                "INSERT INTO user_account (username, display_name, role, locale, active, "
                "password_hash, created_at) VALUES ('r', 'R', 'rep', 'zh', 1, '', "
                "'2026-01-01 00:00:00')"))
            for device_id, gaps in (("a", "[3, 4, 9]"), ("b", "[]")):
                conn.execute(text(
                    "INSERT INTO device (id, user_id, name, token_hash, created_at, last_seq, "
                    "missing_seqs) VALUES (:id, 1, 'p', :id, '2026-01-01 00:00:00', 10, :gaps)"),
                    {"id": device_id, "gaps": gaps})
        upgrade(directory=directory)
        with db.engine.connect() as conn:
            assert [tuple(row) for row in conn.execute(GAPS)] == [("a", "[[3, 4], [9, 9]]"),
                                                                   ("b", "[]")]
        downgrade(directory=directory, revision="0005")
        with db.engine.connect() as conn:
            assert [tuple(row) for row in conn.execute(GAPS)] == [("a", "[3, 4, 9]"), ("b", "[]")]
        db.engine.dispose()
