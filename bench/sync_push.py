"""Sync push: 10,000 mixed records over HTTP into SQLite vs sqlite-utils insert_all; replay."""

import http.client
import json
import logging
import random
import tempfile
import threading
import time
import tracemalloc
import uuid
from collections import Counter
from pathlib import Path

import sqlite_utils
from werkzeug.serving import make_server

from .common import BENCH_PASSWORD, Figure, median_of, seeded_app

N_RECORDS = 10_000
BATCH = 500
ROUNDS = 3


class Server:
    """The app on a real HTTP server thread; requests over one keep-alive connection."""

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


def make_records(app, rng: random.Random, username: str = "rep1") -> list[dict]:
    """10,000 records for one rep's stores, in realistic proportions.

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
    restock_at = {N_RECORDS * (k + 1) // (len(stores) + 1): s.id for k, s in enumerate(stores)}
    for n in range(N_RECORDS):
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
                                          "changes": {"opening_hours": "08:00-22:00"}}
        records.append({"id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                        "type": kind, "hlc": f"{base + n}:0:bench-phone", "seq": n + 1,
                        "data": data})
    return records


def reference_rows(records: list[dict]) -> dict[str, list[dict]]:
    """The same records as flat rows, grouped by type (the 'equivalent tables').

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


def insert_all_seconds(records: list[dict]) -> tuple[float, float]:
    """Wall and CPU seconds of sqlite-utils insert_all of the same rows (fresh tables)."""
    with tempfile.TemporaryDirectory() as folder:
        database = sqlite_utils.Database(Path(folder) / "ref.db")
        database.enable_wal()
        database.execute("PRAGMA synchronous=NORMAL")
        rows = reference_rows(records)
        start, cpu = time.perf_counter(), time.process_time()
        for name, table_rows in rows.items():
            database[name].insert_all(table_rows, pk="id")
        elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
        database.close()
    return elapsed, cpu


def push_all(server: Server, device: dict, batches: list[list[dict]],
             trace_memory: bool = False) -> tuple[float, float, list[float], Counter]:
    """Push every batch; returns wall and CPU seconds, peak traced MB per batch, statuses."""
    headers = {"Authorization": f"Bearer {device['token']}"}
    peaks, statuses = [], Counter()
    if trace_memory:
        tracemalloc.start()
    start, cpu = time.perf_counter(), time.process_time()
    for batch in batches:
        status, body = server.post("/sync/push", {"device_id": device["device_id"],
                                                  "schema_version": 1, "records": batch},
                                   headers)
        assert status == 200, body
        statuses.update(r["status"] for r in body["results"])
        if trace_memory:
            peaks.append(tracemalloc.get_traced_memory()[1] / 1e6)
            tracemalloc.reset_peak()
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    if trace_memory:
        tracemalloc.stop()
    return seconds, cpu, peaks, statuses


def new_device(server: Server, username: str = "rep1") -> dict:
    status, device = server.post("/api/devices", {
        "username": username, "password": BENCH_PASSWORD,
        "device_name": f"bench-{uuid.uuid4()}"})
    assert status == 201, device
    return device


WRITTEN_TABLES = ("visit", "visit_follow_up", "price_check", "ticket", "ticket_event",
                  "restock_request", "restock_line", "store_change", "sync_conflict",
                  "store_field_clock", "sync_receipt", "audit_log", "quarantined_record")


def row_counts(app) -> dict[str, int]:
    """Rows in every table a push writes (to prove a replay writes nothing)."""
    from sqlalchemy import text

    from webapp.extensions import db

    with app.app_context():
        counts = {name: db.session.execute(text(f"SELECT count(*) FROM {name}")).scalar()
                  for name in WRITTEN_TABLES}
        db.session.remove()
    return counts


def batches_of(records: list[dict]) -> list[list[dict]]:
    return [records[i:i + BATCH] for i in range(0, len(records), BATCH)]


def run() -> list[Figure]:
    """Three rounds (one rep each) of: push 10,000 records, replay them, insert_all them."""
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    app = seeded_app(seed=7)
    rng = random.Random(time.time_ns())
    server = Server(app)
    push, push_cpu, replay, ref, ref_cpu, ratios = [], [], [], [], [], []
    statuses, written_on_replay = Counter(), 0
    for round_no in range(ROUNDS):
        username = f"rep{round_no + 1}"
        records = make_records(app, rng, username)
        device = new_device(server, username)
        seconds, cpu, _, counted = push_all(server, device, batches_of(records))
        statuses.update(counted)
        before = row_counts(app)
        replay_seconds, _, _, replayed = push_all(server, device, batches_of(records))
        written_on_replay += sum(row_counts(app).values()) - sum(before.values())
        written_on_replay += sum(n for status, n in replayed.items() if status != "duplicate")
        ref_seconds, ref_cpu_seconds = insert_all_seconds(records)
        push.append(seconds)
        push_cpu.append(cpu)
        replay.append(replay_seconds / seconds)
        ref.append(ref_seconds)
        ref_cpu.append(ref_cpu_seconds)
        ratios.append(ref_seconds / seconds)
    # memory: one more rep pushes 40 batches with tracemalloc on; peak per batch count
    more = []
    while len(more) < 40 * BATCH:
        more += make_records(app, rng, "rep4")
    _, _, peaks, _ = push_all(server, new_device(server, "rep4"), batches_of(more[:40 * BATCH]),
                              trace_memory=True)
    server.close()
    push_rate, ref_rate = N_RECORDS / median_of(push), N_RECORDS / median_of(ref)
    ratio = median_of(ratios)
    figures = [
        Figure("insert_all, same entity rows only (one flat row per record)", ref_rate,
               "rec/s", "reference", True),
        Figure(f"push 10,000 records over HTTP, batches of {BATCH} (median of {ROUNDS})",
               push_rate, "rec/s", f">= {ref_rate / 2:.0f}", push_rate >= ref_rate / 2),
        Figure("push rate / insert_all rate (median of per-round ratios)", ratio, "ratio",
               ">= 0.50", ratio >= 0.5),
        Figure("same, in CPU seconds (push: client + server; informative)",
               median_of(ref_cpu) / median_of(push_cpu), "ratio", "reference", True),
        Figure("pushed records rejected (all are valid)", statuses["rejected"], "records", "0",
               statuses["rejected"] == 0),
        Figure(f"pushed records answered conflict (of {ROUNDS * N_RECORDS})",
               statuses["conflict"], "records", "reference", True),
        Figure("replay: rows written + records not answered duplicate", written_on_replay,
               "rows", "0", written_on_replay == 0),
        Figure("replay time / first push time (median)", median_of(replay), "ratio", "< 0.50",
               median_of(replay) < 0.5),
    ]
    reference_peak = max(peaks[:5])
    for count in (5, 10, 20, 40):
        peak = max(peaks[:count])
        figures.append(Figure(f"server+client peak traced memory, {count} batches", peak, "MB",
                              f"<= {reference_peak * 1.2:.1f} (flat)",
                              peak <= reference_peak * 1.2))
    return figures
