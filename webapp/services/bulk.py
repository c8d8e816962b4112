"""Bulk inserts and updates at driver speed for big tables (visits, price checks, receipts,
escalated tickets).

Core's `session.execute(table.insert(), rows)` rebuilds and type-processes every
parameter of every row through several layers; for thousands of rows a push, that
is a large share of the time. Here the statement is built once per column set and
each column's bind processor (the very function Core would call: UTC datetimes,
JSON, dates) is applied in one tight loop before the driver's `executemany`.

On SQLite, a `UTCDateTime` column (the most common kind in these tables) is
turned into its stored text in one step, `_sqlite_utc_text`, which gives exactly
what the two processors Core chains (ours, then SQLite's DATETIME) would give;
`tests/unit/services/test_bulk_datetime_text.py` checks the two agree.

Falls back to Core whenever a shortcut would not be exact: a missing column that
has a Python-side default, rows with different keys, or a driver parameter style
other than `?` or `%s`.
"""

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import Table, bindparam, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from ..models.base import UTCDateTime

_PLANS: dict[tuple, tuple[str, list[Callable | None]] | None] = {}
_PLACEHOLDERS = {"qmark": "?", "format": "%s", "pyformat": "%s"}
_UPSERT_DIALECTS = {"sqlite": sqlite.insert, "postgresql": postgresql.insert}


def _plan(table: Table, names: tuple[str, ...], dialect,
          skip_conflicts_on: tuple[str, ...] = ()) -> tuple[str, list] | None:
    key = (table.name, names, dialect.name, skip_conflicts_on)
    if key not in _PLANS:
        placeholder = _PLACEHOLDERS.get(dialect.paramstyle)
        missing_defaults = [c for c in table.c if c.name not in names and c.default is not None]
        if placeholder is None or missing_defaults or any(n not in table.c for n in names):
            _PLANS[key] = None
        else:
            quote = dialect.identifier_preparer.quote
            sql = (f"INSERT INTO {dialect.identifier_preparer.format_table(table)} "
                   f"({', '.join(quote(n) for n in names)}) "
                   f"VALUES ({', '.join([placeholder] * len(names))})")
            if skip_conflicts_on:  # the same words on SQLite (3.24+) and PostgreSQL
                sql += (f" ON CONFLICT ({', '.join(quote(n) for n in skip_conflicts_on)})"
                        " DO NOTHING")
            processors = [_processor(table.c[n].type, dialect) for n in names]
            _PLANS[key] = (sql, processors)
    return _PLANS[key]


@lru_cache(maxsize=4096)
def _sqlite_utc_text(value: datetime | None) -> str | None:
    """An aware datetime as SQLite stores a UTCDateTime: UTC, 'YYYY-MM-DD HH:MM:SS.ffffff'.

    Cached: a push repeats its moments (its `now`, the phones' observed times), and
    equal instants give equal text whatever their zone.
    """
    if value is None:
        return None
    if value.tzinfo is None:
        raise ValueError("naive datetime refused: store times as aware UTC")
    return value.astimezone(UTC).replace(tzinfo=None).isoformat(" ", "microseconds")


def stored_moment(dialect, moment: datetime):
    """`moment` in the form the driver returns a UTCDateTime column read without result
    processing, so the two compare as the moments do: on SQLite its stored text (fixed
    width, UTC: it sorts as time does), elsewhere the aware datetime itself."""
    return _sqlite_utc_text(moment) if dialect.name == "sqlite" else moment


def _processor(column_type, dialect) -> Callable | None:
    """The bind processor Core would apply to a column's values (or a faster equal one)."""
    if isinstance(column_type, UTCDateTime) and dialect.name == "sqlite":
        return _sqlite_utc_text
    return column_type.dialect_impl(dialect).bind_processor(dialect)


def insert_rows(session: Session, table: Table, rows: list[dict[str, Any]]) -> None:
    """INSERT every row (dicts with the same keys) into `table`, in one executemany."""
    if not rows:
        return
    names = tuple(rows[0])
    connection = session.connection()
    plan = _plan(table, names, connection.dialect)
    if plan is None or any(len(row) != len(names) or row.keys() != rows[0].keys()
                           for row in rows):
        session.execute(table.insert(), rows)
        return
    session.flush()  # as Core's execute would (autoflush): pending objects go first
    sql, processors = plan
    pairs = list(zip(names, processors, strict=True))
    params = [tuple(row[name] if process is None else process(row[name])
                    for name, process in pairs) for row in rows]
    connection.exec_driver_sql(sql, params)


def insert_values(session: Session, table: Table, names: tuple[str, ...], rows: list[tuple],
                  skip_conflicts_on: tuple[str, ...] = (), stored: bool = False) -> None:
    """INSERT every row (tuples in `names` order) into `table`, in one executemany.

    For sweeps of 100,000s of rows: no dict per row, and only the columns that have a
    bind processor are put through it. `skip_conflicts_on` names the columns of a
    unique constraint: a row that would repeat one is left out (ON CONFLICT DO NOTHING)
    rather than failing the statement. `stored`: the rows already hold what the driver
    takes (times from `stored_moment`, plain text, numbers and booleans; no JSON):
    nothing is put through a processor.
    """
    if not rows:
        return
    connection = session.connection()
    dialect = connection.dialect
    plan = _plan(table, names, dialect, skip_conflicts_on)
    if plan is None and stored:
        raise ValueError(f"stored rows need the driver's own INSERT: {table.name} {names}")
    if plan is None:
        statement = table.insert()
        if skip_conflicts_on:
            statement = _UPSERT_DIALECTS[dialect.name](table).on_conflict_do_nothing(
                index_elements=list(skip_conflicts_on))
        session.execute(statement, [dict(zip(names, row, strict=True)) for row in rows])
        return
    session.flush()  # as Core's execute would (autoflush): pending objects go first
    sql, processors = plan
    connection.exec_driver_sql(sql, rows if stored else _processed(rows, processors))


def _processed(rows: list[tuple], processors: list[Callable | None]) -> list[tuple]:
    """`rows` with each value put through its column's processor (None: as it is)."""
    steps = [(index, process) for index, process in enumerate(processors) if process]
    if not steps:
        return rows
    if len(steps) == 1:
        (index, process), = steps
        return [(*row[:index], process(row[index]), *row[index + 1:]) for row in rows]
    done = []
    for row in rows:
        values = list(row)
        for index, process in steps:
            values[index] = process(values[index])
        done.append(tuple(values))
    return done


@contextmanager
def roomy_page_cache(session: Session, megabytes: int = 256) -> Iterator[None]:
    """On SQLite, let this connection's page cache grow to `megabytes` while a sweep
    writes 100,000s of rows (then set it back).

    With the default cache (2 MB) a write that touches more pages than that spills
    dirty pages to the WAL over and over and reads them back; with room, each page is
    read once and written once, at commit. Other databases: nothing to do.
    """
    connection = session.connection()
    if connection.dialect.name != "sqlite":
        yield
        return
    (previous,) = connection.exec_driver_sql("PRAGMA cache_size").one()
    connection.exec_driver_sql(f"PRAGMA cache_size = {-1024 * int(megabytes)}")
    try:
        yield
    finally:
        connection.exec_driver_sql(f"PRAGMA cache_size = {int(previous)}")


@contextmanager
def cyclic_gc_paused() -> Iterator[None]:
    """Hold off Python's cyclic garbage collector during a sweep (then let it run again).

    A sweep over 100,000s of rows builds millions of tuples, each one counted towards
    the next collection, and every full collection walks the whole heap; none of it
    forms a cycle (reference counting frees it all), so the collections find nothing
    and cost a fifth of the escalation catch-up. Process-wide while it lasts: for a
    command or a job, not for a request among threads.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def select_where_in(session: Session, table: Table, columns: tuple[str, ...], key: str,
                    values: list, chunk: int = 500) -> list[tuple]:
    """`SELECT columns FROM table WHERE key IN values`, one statement per `chunk` values.

    Core renders an `IN` of hundreds of values parameter by parameter on every call;
    here the statement is plain text with one placeholder per value, run at driver
    speed. Only for columns whose values the driver returns as they are (text,
    integers): anything that needs converting goes through Core.
    """
    connection = session.connection()
    dialect = connection.dialect
    placeholder = _PLACEHOLDERS.get(dialect.paramstyle)
    needs_processing = any(
        table.c[name].type.dialect_impl(dialect).result_processor(dialect, None) is not None
        for name in columns) or table.c[key].type.dialect_impl(dialect).bind_processor(
            dialect) is not None
    rows: list[tuple] = []
    for start in range(0, len(values), chunk):
        part = values[start:start + chunk]
        if placeholder is None or needs_processing:
            rows += [tuple(row) for row in session.execute(
                select(*(table.c[name] for name in columns)).where(table.c[key].in_(part)))]
            continue
        quote = dialect.identifier_preparer.quote
        sql = (f"SELECT {', '.join(quote(name) for name in columns)} "
               f"FROM {dialect.identifier_preparer.format_table(table)} "
               f"WHERE {quote(key)} IN ({', '.join([placeholder] * len(part))})")
        rows += [tuple(row) for row in connection.exec_driver_sql(sql, tuple(part))]
    return rows


def update_rows(session: Session, table: Table, where: tuple[str, ...],
                values: tuple[str, ...], rows: list[tuple]) -> None:
    """`UPDATE table SET values... WHERE where...` once per row, in one executemany.

    Each row is a tuple: the new values (in `values` order), then the conditions (in
    `where` order), each put through its column's bind processor as Core would.
    """
    if not rows:
        return
    connection = session.connection()
    dialect = connection.dialect
    placeholder = _PLACEHOLDERS.get(dialect.paramstyle)
    names = values + where
    if placeholder is None:
        statement = table.update().where(*(table.c[n] == bindparam(f"w_{n}") for n in where))
        session.execute(statement.values({n: bindparam(f"v_{n}") for n in values}),
                        [{**{f"v_{n}": v for n, v in zip(values, row[:len(values)],
                                                          strict=True)},
                          **{f"w_{n}": v for n, v in zip(where, row[len(values):],
                                                         strict=True)}} for row in rows])
        return
    session.flush()
    quote = dialect.identifier_preparer.quote
    sql = (f"UPDATE {dialect.identifier_preparer.format_table(table)} "
           f"SET {', '.join(f'{quote(n)} = {placeholder}' for n in values)} "
           f"WHERE {' AND '.join(f'{quote(n)} = {placeholder}' for n in where)}")
    processors = [_processor(table.c[n].type, dialect) for n in names]
    if any(processors):
        rows = [tuple(v if p is None else p(v) for v, p in zip(row, processors, strict=True))
                for row in rows]
    connection.exec_driver_sql(sql, rows)
