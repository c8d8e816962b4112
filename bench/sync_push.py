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
from pathlib import Path

import sqlite_utils
from werkzeug.serving import make_server

from .common import BENCH_PASSWORD, Figure, median_of, seeded_app

N_RECORDS = 10_000
BATCH = 500


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


def make_records(app, rng: random.Random) -> list[dict]:
    """10,000 records for rep1's stores: visits, price checks, tickets and store updates."""
    from sqlalchemy import select

    from webapp.extensions import db
    from webapp.models import Store, StoreProduct, User

    with app.app_context():
        rep = db.session.scalar(select(User).where(User.username == "rep1"))
        stores = db.session.scalars(select(Store).where(
            Store.territory_id == rep.territory_id)).all()
        assortment = {s.id: db.session.scalars(select(StoreProduct.product_id).where(
            StoreProduct.store_id == s.id)).all() for s in stores}
        versions = {s.id: s.version for s in stores}
    records, base = [], int(time.time() * 1000) - 3_600_000
    for n in range(N_RECORDS):
        store = rng.choice(stores).id
        roll = rng.random()
        if roll < 0.45:
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
    """The same records as flat rows, grouped by type (the 'equivalent tables')."""
    tables: dict[str, list[dict]] = {}
    for rec in records:
        row = {"id": rec["id"], "hlc": rec["hlc"], "seq": rec["seq"]}
        for key, value in rec["data"].items():
            row[key] = json.dumps(value, ensure_ascii=False) if isinstance(
                value, list | dict) else value
        tables.setdefault(rec["type"], []).append(row)
    return tables


def insert_all_seconds(records: list[dict]) -> float:
    """Seconds for sqlite-utils insert_all of the same rows into fresh equivalent tables."""
    with tempfile.TemporaryDirectory() as folder:
        database = sqlite_utils.Database(Path(folder) / "ref.db")
        database.enable_wal()
        rows = reference_rows(records)
        start = time.perf_counter()
        for name, table_rows in rows.items():
            database[name].insert_all(table_rows, pk="id")
        elapsed = time.perf_counter() - start
        database.close()
    return elapsed


def push_all(server: Server, device: dict, batches: list[list[dict]],
             trace_memory: bool = False) -> tuple[float, list[float], list[str]]:
    """Push every batch; returns seconds, peak traced MB per batch, last statuses."""
    headers = {"Authorization": f"Bearer {device['token']}"}
    peaks, statuses = [], []
    if trace_memory:
        tracemalloc.start()
    start = time.perf_counter()
    for batch in batches:
        status, body = server.post("/sync/push", {"device_id": device["device_id"],
                                                  "schema_version": 1, "records": batch},
                                   headers)
        assert status == 200, body
        statuses = [r["status"] for r in body["results"]]
        if trace_memory:
            peaks.append(tracemalloc.get_traced_memory()[1] / 1e6)
            tracemalloc.reset_peak()
    seconds = time.perf_counter() - start
    if trace_memory:
        tracemalloc.stop()
    return seconds, peaks, statuses


def new_device(server: Server) -> dict:
    status, device = server.post("/api/devices", {
        "username": "rep1", "password": BENCH_PASSWORD,
        "device_name": f"bench-{uuid.uuid4()}"})
    assert status == 201, device
    return device


def run() -> list[Figure]:
    """Push 10,000 records in batches of 500 over HTTP, replay them, then check memory."""
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    app = seeded_app()
    rng = random.Random(time.time_ns())
    records = make_records(app, rng)
    server = Server(app)
    device = new_device(server)
    batches = [records[i:i + BATCH] for i in range(0, len(records), BATCH)]
    push_seconds, _, statuses = push_all(server, device, batches)
    replay_seconds, _, replay_statuses = push_all(server, device, batches)
    # memory: a second, longer run of fresh records with tracemalloc on
    more = make_records(app, rng) + make_records(app, rng)
    _, peaks, _ = push_all(server, new_device(server),
                           [more[i:i + BATCH] for i in range(0, len(more), BATCH)],
                           trace_memory=True)
    server.close()
    reference = median_of([insert_all_seconds(records) for _ in range(3)])
    push_rate = N_RECORDS / push_seconds
    ref_rate = N_RECORDS / reference
    first_half = max(peaks[: len(peaks) // 2])
    second_half = max(peaks[len(peaks) // 2:])
    written_on_replay = sum(s != "duplicate" for s in replay_statuses)
    return [
        Figure("sqlite-utils insert_all of the same rows (records/s)", ref_rate, "rec/s",
               "reference", True),
        Figure("push 10,000 records over HTTP, batches of 500 (records/s)", push_rate, "rec/s",
               f">= {ref_rate / 2:.0f}", push_rate >= ref_rate / 2),
        Figure("push rate / insert_all rate", push_rate / ref_rate, "ratio", ">= 0.50",
               push_rate / ref_rate >= 0.5),
        Figure("last batch: records applied or conflict", sum(
            s in ("applied", "conflict") for s in statuses), "records", f"{BATCH}",
            all(s in ("applied", "conflict") for s in statuses)),
        Figure("replay of the last batch: records not answered duplicate", written_on_replay,
               "records", "0", written_on_replay == 0),
        Figure("replay time / first push time", replay_seconds / push_seconds, "ratio",
               "< 0.50", replay_seconds / push_seconds < 0.5),
        Figure(f"peak traced memory per batch, first {len(peaks) // 2} batches", first_half,
               "MB", "reference", True),
        Figure(f"peak traced memory per batch, last {len(peaks) - len(peaks) // 2} batches",
               second_half, "MB", f"<= {first_half * 1.2:.1f} (flat)",
               second_half <= first_half * 1.2),
    ]
