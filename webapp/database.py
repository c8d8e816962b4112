"""Per-connection database settings."""

import sqlite3

from sqlalchemy import event
from sqlalchemy.engine import Engine

_installed = {"busy_ms": 5000, "done": False}


def install_sqlite_pragmas(busy_timeout_ms: int) -> None:
    """On every SQLite connection: WAL journal, foreign keys on, a busy timeout.

    WAL lets a page read while a sync push writes; foreign keys are off by
    default in SQLite; the busy timeout makes a second writer wait, not fail.
    """
    _installed["busy_ms"] = int(busy_timeout_ms)
    if _installed["done"]:
        return
    _installed["done"] = True

    @event.listens_for(Engine, "connect")
    def _sqlite_pragmas(dbapi_connection, _record):
        if not isinstance(dbapi_connection, sqlite3.Connection):
            return
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={_installed['busy_ms']}")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()


def render_migration_type(kind: str, obj, autogen_context):
    """Write our UTC timestamp type into migrations as plain `sa.DateTime(timezone=True)`.

    Migrations then never import application code, which may change later.
    """
    from .models.base import UTCDateTime

    if kind == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False
