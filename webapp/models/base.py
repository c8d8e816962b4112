"""Declarative base, naming convention and column helpers shared by all models.

Plain SQLAlchemy 2.0: no Flask import here, so the `sync` package and scripts
can use the models with an ordinary `Session`.
"""

import uuid
from datetime import UTC, datetime

from sqlalchemy import DateTime, MetaData, TypeDecorator
from sqlalchemy.orm import DeclarativeBase

from .. import clock

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def one_of(column: str, codes: tuple[str, ...]) -> str:
    """The CHECK text allowing exactly `codes` in `column`: "grade IN ('A','B')".

    The code lists are the rules' (`webapp.rules.codes`); the generated text is the
    one the migrations wrote, so the schema does not change (tests/integration/test_models.py).
    """
    quoted = ",".join(f"'{code}'" for code in codes)
    return f"{column} IN ({quoted})"


class UTCDateTime(TypeDecorator):
    """A timestamp stored in UTC and always returned timezone-aware (UTC).

    SQLite has no time zones; PostgreSQL `timestamptz` does. Both come back
    as aware UTC datetimes, and naive datetimes are refused on the way in.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime refused: store times as aware UTC")
        value = value.astimezone(UTC)
        if dialect.name == "sqlite":
            return value.replace(tzinfo=None)
        return value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def utcnow() -> datetime:
    """The current moment as an aware UTC datetime: the app's clock (`webapp.clock`)."""
    return clock.now()


def new_uuid() -> str:
    """A new random UUID in canonical lowercase text form."""
    return str(uuid.uuid4())


class Base(DeclarativeBase):
    """Base class of every Rounds model."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {datetime: UTCDateTime()}
