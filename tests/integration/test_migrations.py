"""The Alembic migrations build exactly the schema the models describe."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from webapp.database import render_migration_type
from webapp.models import Base


def test_migrated_schema_matches_the_models(app, db):
    with db.engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"compare_type": True, "render_item": render_migration_type}
        )
        differences = compare_metadata(context, Base.metadata)
    assert differences == []


def test_every_model_table_exists_after_upgrade(app, db):
    from sqlalchemy import inspect

    existing = set(inspect(db.engine).get_table_names())
    assert set(Base.metadata.tables) <= existing
    assert "alembic_version" in existing


def _sqlite_app(tmp_path):
    from webapp import create_app

    return create_app({"TESTING": True, "SECRET_KEY": "test-secret",
                       "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'fresh.db'}",
                       "UPLOAD_DIR": str(tmp_path / "uploads")})


def test_migrations_go_down_to_nothing_and_up_again(app, tmp_path):
    from flask_migrate import downgrade, upgrade
    from sqlalchemy import inspect

    from webapp.extensions import db as fresh_db

    fresh = _sqlite_app(tmp_path)
    with fresh.app_context():
        upgrade()
        assert set(Base.metadata.tables) <= set(inspect(fresh_db.engine).get_table_names())
        downgrade(revision="base")
        assert set(inspect(fresh_db.engine).get_table_names()) <= {"alembic_version"}
        upgrade()
        assert set(Base.metadata.tables) <= set(inspect(fresh_db.engine).get_table_names())
        fresh_db.engine.dispose()


def test_every_sqlite_connection_has_wal_foreign_keys_and_a_busy_timeout(app, tmp_path):
    from sqlalchemy import text

    from webapp.extensions import db as fresh_db

    fresh = _sqlite_app(tmp_path)
    with fresh.app_context(), fresh_db.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() == (
            fresh.config["SQLITE_BUSY_TIMEOUT_MS"])
        fresh_db.engine.dispose()
