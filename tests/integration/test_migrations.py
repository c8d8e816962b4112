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
