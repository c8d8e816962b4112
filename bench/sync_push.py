"""Sync push: 10,000 mixed records over HTTP into SQLite vs insert_all of the same rows; replay."""

import http.client
import json
import logging
import random
import sqlite3
import tempfile
import threading
import time
import tracemalloc
import uuid
from collections import Counter
from contextlib import closing
from pathlib import Path

import sqlite_utils
from werkzeug.serving import make_server

from .common import BENCH_PASSWORD, Figure, ServerProcess, median_of, seeded_app, sqlite_copy

N_RECORDS = 10_000
BATCH = 500
ROUNDS = 5  # one rep each; the ratio is the median of the rounds' ratios
# store updates pick one of these: a concurrent equal value merges silently, another
# value is a conflict, so both paths are measured
HOURS = ("08:00-22:00", "07:30-21:30", "08:30-22:30")


class Server:
    """The app on an HTTP server thread in this process, so tracemalloc sees server and
    client together (the memory figures); requests over one keep-alive connection."""

    def __init__(self, app):
        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        self.conn = http.client.HTTPConnection("127.0.0.1", self.server.server_port)

    def post(self, path: str, body: dict, headers: dict | None = None) -> tuple[int, dict]:
        self.conn.request("POST", path, json.dumps(body),
                          {"Content-Type": "application/json", **(headers or {})})
        response = self.conn.getresponse()
        return response.status, json.loads(response.read())

    def close(self):
        self.conn.close()
        self.server.shutdown()


def make_records(app, rng: random.Random, username: str = "rep1",
                 count: int = N_RECORDS) -> list[dict]:
    """`count` (10,000) records for one rep's stores, in realistic proportions.

    45 % visits, 48 % price checks, 4 % tickets, 3 % store updates (some meet a
    concurrent change: conflicts) and one restock request per store (the limit is two
    per store and month, and the seed data already holds some).
    """
    from sqlalchemy import select

    from webapp.extensions import db
    from webapp.models import Store, StoreProduct, User

    with app.app_context():
        rep = db.session.scalar(select(User).where(User.username == username))
        stores = db.session.scalars(select(Store).where(
            Store.territory_id == rep.territory_id).order_by(Store.id)).all()
        assortment = {s.id: db.session.scalars(select(StoreProduct.product_id).where(
            StoreProduct.store_id == s.id)).all() for s in stores}
        versions = {s.id: s.version for s in stores}
    records, base = [], int(time.time() * 1000) - 3_600_000
    restock_at = {count * (k + 1) // (len(stores) + 1): s.id for k, s in enumerate(stores)}
    for n in range(count):
        store = rng.choice(stores).id
        roll = rng.random()
        if n in restock_at:
            store = restock_at[n]
            kind, data = "restock_request", {
                "store_id": store, "reason": rng.choice(["wedding", "funeral", "reception"]),
                "lines": [{"product_id": p, "quantity": rng.randrange(5, 20)}
                          for p in rng.sample(assortment[store], 2)],
                "wanted_by": "2026-12-20", "note": "喜宴备货"}
        elif roll < 0.45:
            kind, data = "visit", {
                "store_id": store, "started_at": "2026-11-20T10:00:00+08:00",
                "ended_at": "2026-11-20T10:25:00+08:00", "lat": 23.37 + rng.random() / 100,
                "lng": 104.24 + rng.random() / 100, "accuracy_m": 12.0,
                "purposes": ["routine"], "notes": "陈列良好"}
        elif roll < 0.93:
            kind, data = "price_check", {
                "store_id": store, "product_id": rng.choice(assortment[store]),
                "observed_at": "2026-11-20T10:05:00+08:00",
                "shelf_price": f"{rng.randrange(50, 700)}.00",
                "stock_units": rng.randrange(0, 40), "out_of_stock_days": 0}
        elif roll < 0.97:
            kind, data = "ticket", {"store_id": store, "category": "out_of_stock",
                                    "description": "热销规格断货"}
        else:
            kind, data = "store_update", {"store_id": store, "base_version": versions[store],
                                          "changes": {"opening_hours": rng.choice(HOURS)}}
        records.append({"id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                        "type": kind, "hlc": f"{base + n}:0:bench-phone", "seq": n + 1,
                        "data": data})
    return records


def flat_rows(records: list[dict]) -> dict[str, list[dict]]:
    """The records as flat rows, grouped by type (the earlier, informative reference).

    One row per record: id, hlc, seq and the data fields (lists and objects as JSON
    text). It leaves out what the push writes besides the entity rows (receipts, audit
    log, ticket events, restock lines) and all validation, merging and HTTP.
    """
    tables: dict[str, list[dict]] = {}
    for rec in records:
        row = {"id": rec["id"], "hlc": rec["hlc"], "seq": rec["seq"]}
        for key, value in rec["data"].items():
            row[key] = json.dumps(value, ensure_ascii=False) if isinstance(
                value, list | dict) else value
        tables.setdefault(rec["type"], []).append(row)
    return tables


def flat_insert_seconds(records: list[dict]) -> float:
    """Wall seconds of sqlite-utils insert_all of flat rows into new, empty tables."""
    with tempfile.TemporaryDirectory() as folder:
        database = sqlite_utils.Database(Path(folder) / "ref.db")
        database.enable_wal()
        database.execute("PRAGMA synchronous=NORMAL")
        rows = flat_rows(records)
        start = time.perf_counter()
        for name, table_rows in rows.items():
            database[name].insert_all(table_rows, pk="id")
        elapsed = time.perf_counter() - start
        database.close()
    return elapsed


def table_marks(path: Path) -> dict[str, int]:
    """The highest rowid of every table: rows above it were written afterwards."""
    with closing(sqlite3.connect(path)) as conn:
        names = [name for (name,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
        return {name: conn.execute(f'SELECT coalesce(max(rowid), 0) FROM "{name}"').fetchone()[0]
                for name in names}


def rows_written(path: Path, marks: dict[str, int]) -> dict[str, list[dict]]:
    """Every row inserted since `marks`, as stored (raw column values), by table."""
    written = {}
    with closing(sqlite3.connect(path)) as conn:
        conn.row_factory = sqlite3.Row
        for name, mark in marks.items():
            rows = [dict(row) for row in conn.execute(
                f'SELECT * FROM "{name}" WHERE rowid > ? ORDER BY rowid', (mark,))]
            if rows:
                written[name] = rows
    return written


def insert_all_seconds(before: Path, rows: dict[str, list[dict]]) -> tuple[float, float]:
    """Wall and CPU seconds of sqlite-utils insert_all of `rows` into the same tables of
    a fresh copy of the database as the push found it (same schema, indexes and data)."""
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder) / "reference.db"
        sqlite_copy(before, work)
        database = sqlite_utils.Database(work)
        database.execute("PRAGMA synchronous=NORMAL")
        start, cpu = time.perf_counter(), time.process_time()
        for name, table_rows in rows.items():
            database[name].insert_all(table_rows)
        database.conn.commit()
        elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
        database.close()
    return elapsed, cpu


def encoded_batches(device: dict, records: list[dict]) -> list[bytes]:
    """The request bodies, encoded beforehand (a phone's work, not the server's)."""
    return [json.dumps({"device_id": device["device_id"], "schema_version": 1,
                        "records": records[i:i + BATCH]}).encode()
            for i in range(0, len(records), BATCH)]


def push_bodies(server: ServerProcess, token: str,
                bodies: list[bytes]) -> tuple[float, float, Counter]:
    """Send every body over one keep-alive connection: wall and server CPU seconds, statuses."""
    headers = {"Authorization": f"Bearer {token}"}
    answers = []
    start, cpu = time.perf_counter(), server.cpu_seconds()
    for body in bodies:
        answers.append(server.request("POST", "/sync/push", body, headers))
    seconds, cpu = time.perf_counter() - start, server.cpu_seconds() - cpu
    statuses: Counter = Counter()
    for status, raw in answers:
        assert status == 200, raw[:300]
        statuses.update(r["status"] for r in json.loads(raw)["results"])
    return seconds, cpu, statuses


def push_all(server: Server, device: dict, batches: list[list[dict]],
             trace_memory: bool = False) -> list[float]:
    """Push every batch through the in-process server; peak traced MB after each batch."""
    headers = {"Authorization": f"Bearer {device['token']}"}
    peaks = []
    if trace_memory:
        tracemalloc.start()
    for batch in batches:
        status, body = server.post("/sync/push", {"device_id": device["device_id"],
                                                  "schema_version": 1, "records": batch},
                                   headers)
        assert status == 200, body
        if trace_memory:
            peaks.append(tracemalloc.get_traced_memory()[1] / 1e6)
            tracemalloc.reset_peak()
    if trace_memory:
        tracemalloc.stop()
    return peaks


def new_device(server: Server | ServerProcess, username: str = "rep1") -> dict:
    body = {"username": username, "password": BENCH_PASSWORD,
            "device_name": f"bench-{uuid.uuid4()}"}
    if isinstance(server, ServerProcess):
        status, raw = server.request("POST", "/api/devices", body)
        device = json.loads(raw)
    else:
        status, device = server.post("/api/devices", body)
    assert status == 201, device
    return device


RECEIPT_TABLES = ("sync_receipt", "audit_log")


def batches_of(records: list[dict]) -> list[list[dict]]:
    return [records[i:i + BATCH] for i in range(0, len(records), BATCH)]


def _push_round(server: ServerProcess, database: Path, records: list[dict], username: str,
                folder: Path) -> dict:
    """Push, replay and the references for one rep's 10,000 records."""
    device = new_device(server, username)
    bodies = encoded_batches(device, records)
    marks = table_marks(database)
    before = folder / "before.db"
    sqlite_copy(database, before)  # the database exactly as the push finds it
    seconds, cpu, statuses = push_bodies(server, device["token"], bodies)
    written = rows_written(database, marks)
    after = table_marks(database)
    replay_seconds, _, replayed = push_bodies(server, device["token"], bodies)
    new_on_replay = sum(len(rows) for rows in rows_written(database, after).values())
    new_on_replay += sum(n for status, n in replayed.items() if status != "duplicate")
    every, every_cpu = insert_all_seconds(before, written)
    entities, _ = insert_all_seconds(
        before, {name: rows for name, rows in written.items() if name not in RECEIPT_TABLES})
    return {"push": seconds, "push_cpu": cpu, "statuses": statuses, "replay": replay_seconds,
            "new_on_replay": new_on_replay, "rows": sum(len(r) for r in written.values()),
            "every": every, "every_cpu": every_cpu, "entities": entities,
            "flat": flat_insert_seconds(records)}


def run() -> list[Figure]:
    """Five rounds (one rep each) of: push 10,000 records, replay them, insert_all the rows."""
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    app = seeded_app(seed=7)
    database = Path(app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///"))
    rng = random.Random(time.time_ns())
    rounds = []
    server = ServerProcess(app)
    with tempfile.TemporaryDirectory() as folder:
        for round_no in range(ROUNDS):
            username = f"rep{round_no + 1}"
            rounds.append(_push_round(server, database, make_records(app, rng, username),
                                      username, Path(folder)))
    server.close()
    # memory: one more rep pushes 40 batches to an in-process server with tracemalloc on
    more = []
    while len(more) < 40 * BATCH:
        more += make_records(app, rng, "rep9")
    memory_server = Server(app)
    peaks = push_all(memory_server, new_device(memory_server, "rep9"),
                     batches_of(more[:40 * BATCH]), trace_memory=True)
    memory_server.close()

    def median(key: str) -> float:
        return median_of([r[key] for r in rounds])

    def ratio(key: str) -> float:
        return median_of([r[key] / r["push"] for r in rounds])

    statuses = sum((r["statuses"] for r in rounds), Counter())
    push_rate, every_rate = N_RECORDS / median("push"), N_RECORDS / median("every")
    replay_ratio = median_of([r["replay"] / r["push"] for r in rounds])
    written_on_replay = sum(r["new_on_replay"] for r in rounds)
    figures = [
        # every row the push stored (entity rows, receipts, audit lines), into the same
        # tables of a copy of the database as the push found it
        Figure(f"insert_all of the same {median('rows'):.0f} rows into the same tables",
               every_rate, "rec/s", "reference", True),
        Figure(f"push 10,000 records over HTTP, batches of {BATCH} (median of {ROUNDS})",
               push_rate, "rec/s", "see the ratio", True),
        Figure("push rate / insert_all rate (median of per-round ratios)", ratio("every"),
               "ratio", ">= 0.50", ratio("every") >= 0.5),
        Figure("same, in CPU seconds (server process; informative)",
               median_of([r["every_cpu"] / r["push_cpu"] for r in rounds]), "ratio",
               "reference", True),
        Figure("push rate / insert_all of the entity rows only (info)",
               ratio("entities"), "ratio", "reference", True),
        Figure("push rate / insert_all, flat rows in new tables (info)",
               ratio("flat"), "ratio", "reference", True),
        Figure("pushed records rejected (all are valid)", statuses["rejected"], "records", "0",
               statuses["rejected"] == 0),
        Figure(f"pushed records answered conflict (of {ROUNDS * N_RECORDS})",
               statuses["conflict"], "records", "reference", True),
        Figure("replay: rows written + records not answered duplicate", written_on_replay,
               "rows", "0", written_on_replay == 0),
        Figure("replay time / first push time (median)", replay_ratio, "ratio", "< 0.50",
               replay_ratio < 0.5),
    ]
    reference_peak = max(peaks[:5])
    for count in (5, 10, 20, 40):
        peak = max(peaks[:count])
        figures.append(Figure(f"server+client peak traced memory, {count} batches", peak, "MB",
                              f"<= {reference_peak * 1.2:.1f} (flat)",
                              peak <= reference_peak * 1.2))
    return figures
