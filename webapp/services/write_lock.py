"""The lock a push takes before it reads what its writes depend on.

Two pushes of the same records at once (a phone resending a batch whose answer was
slow) must not both find "no receipt yet" and both store them: the second would
fail on the primary key and its records would be rejected. So a push takes its
write lock *before* it reads receipts, and reads the device's counter again once
it holds it.

- SQLite has one writer at a time. `BEGIN IMMEDIATE` takes the database's write
  lock up front, waiting up to the lock timeout, instead of upgrading a read to a
  write halfway through the push.
- PostgreSQL: the pusher's user row is locked (`FOR NO KEY UPDATE`), so the pushes
  of one user (all their phones and their pages) run one after the other while
  other users' pushes run alongside; `lock_timeout` bounds every lock wait of the
  push's transaction.

When the lock cannot be had in time the database raises; `is_lock_failure` tells
that apart from real faults, so the web layer answers 503 with Retry-After (never
500) and the phone sends the same records again.
"""

from sqlalchemy import func, select

from ..models import User
from .context import PushContext

# PostgreSQL: lock_not_available (lock_timeout), deadlock_detected, serialization_failure
_PG_LOCK_STATES = {"55P03", "40P01", "40001"}
_SQLITE_BUSY, _SQLITE_LOCKED = 5, 6


def take_write_lock(ctx: PushContext) -> None:
    """Hold the push's write lock (or raise a lock failure after `ctx.lock_timeout_ms`)."""
    session = ctx.session
    connection = session.connection()
    timeout = int(ctx.lock_timeout_ms)
    if connection.dialect.name == "sqlite":
        # pysqlite begins a transaction only before a write; a push's first statements
        # are reads, so normally none is open here. One that is open already wrote,
        # and so holds the write lock.
        if not connection.connection.dbapi_connection.in_transaction:
            (previous,) = connection.exec_driver_sql("PRAGMA busy_timeout").one()
            connection.exec_driver_sql(f"PRAGMA busy_timeout = {timeout}")
            try:
                connection.exec_driver_sql("BEGIN IMMEDIATE")
            finally:
                connection.exec_driver_sql(f"PRAGMA busy_timeout = {int(previous)}")
    elif connection.dialect.name == "postgresql":
        session.execute(select(func.set_config("lock_timeout", f"{timeout}ms", True)))
        session.execute(select(User.id).where(User.id == ctx.user.id)
                        .with_for_update(key_share=True))
    if ctx.device is not None:
        # the counter as the push before this one left it
        session.refresh(ctx.device, ["last_seq", "missing_seqs", "seq_fault"])


def is_lock_failure(error: BaseException) -> bool:
    """Whether `error` (SQLAlchemy's or the driver's) means "the lock could not be had"."""
    original = getattr(error, "orig", None) or error
    if getattr(original, "sqlstate", None) in _PG_LOCK_STATES:
        return True
    code = getattr(original, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (_SQLITE_BUSY, _SQLITE_LOCKED)
    return type(original).__name__ == "OperationalError" and "locked" in str(original)
