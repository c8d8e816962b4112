"""Many phones pushing at once to gunicorn in its own process (the benchmark and its test).

A phone sends its batches one after the other over its own connection; every phone
starts at the same moment (a barrier). Like our PWA, a phone that is answered 503
waits what `Retry-After` says and sends the same batch again; any other answer but
200 (or a cut connection) is an error.
"""

import http.client
import json
import os
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Phone:
    """One device and the request bodies it sends, in order."""

    token: str
    bodies: list[bytes]


@dataclass
class FleetRun:
    """What the phones were answered."""

    http_codes: Counter = field(default_factory=Counter)  # every answer, 503s included
    statuses: Counter = field(default_factory=Counter)  # per record, from the 200 answers
    errors: list[str] = field(default_factory=list)  # answers other than 200 or 503, cuts
    unanswered: int = 0  # 503s the phone gave up on after MAX_TRIES
    seconds: list[float] = field(default_factory=list)  # per batch, retries included
    wall: float = 0.0

    def p95(self) -> float:
        ordered = sorted(self.seconds)
        return ordered[int(0.95 * (len(ordered) - 1))] if ordered else 0.0


MAX_TRIES = 30
_lock = threading.Lock()


def _send(conn: http.client.HTTPConnection, token: str, body: bytes):
    conn.request("POST", "/sync/push", body, {"Content-Type": "application/json",
                                              "Authorization": f"Bearer {token}"})
    response = conn.getresponse()
    return response.status, response.getheader("Retry-After"), response.read()


def _phone(port: int, phone: Phone, start: threading.Barrier, run: FleetRun) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    start.wait()
    for body in phone.bodies:
        began = time.perf_counter()
        for _ in range(MAX_TRIES):
            try:
                status, retry_after, raw = _send(conn, phone.token, body)
            except (OSError, http.client.HTTPException) as error:
                with _lock:
                    run.errors.append(f"connection: {error!r}")
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
                break
            with _lock:
                run.http_codes[status] += 1
            if status == 503 and retry_after and retry_after.isdigit():
                time.sleep(int(retry_after))  # what the phone is told to do
                continue
            with _lock:
                if status == 200:
                    run.statuses.update(r["status"] for r in json.loads(raw)["results"])
                else:
                    run.errors.append(f"{status}: {raw[:200]!r}")
            break
        else:
            with _lock:
                run.unanswered += 1
        with _lock:
            run.seconds.append(time.perf_counter() - began)
    conn.close()


def push_at_once(port: int, phones: list[Phone]) -> FleetRun:
    """Every phone pushes its bodies, all starting together; returns what they were told."""
    run = FleetRun()
    start = threading.Barrier(len(phones) + 1)
    threads = [threading.Thread(target=_phone, args=(port, p, start, run)) for p in phones]
    for thread in threads:
        thread.start()
    start.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    run.wall = time.perf_counter() - began
    return run


def register_phones(app, usernames: list[str], password: str) -> list[dict]:
    """One device per user, registered in-process (the server's login rate limit is real)."""
    client = app.test_client()
    devices = []
    for name in usernames:
        answer = client.post("/api/devices", json={"username": name, "password": password,
                                                   "device_name": f"fleet-{name}"})
        assert answer.status_code == 201, answer.get_data(as_text=True)
        devices.append(answer.get_json())
    return devices


def bodies_of(device: dict, records: list[dict], batch: int) -> list[bytes]:
    """The push bodies of `records`, `batch` at a time (encoded beforehand: the phone's work)."""
    return [json.dumps({"device_id": device["device_id"], "schema_version": 1,
                        "records": records[i:i + batch]}).encode()
            for i in range(0, len(records), batch)]


def stored_once(app, ids: list[str]) -> dict[str, int]:
    """How the pushed ids ended up: missing receipts, ids with other than one audit line,
    quarantine rows."""
    from sqlalchemy import func, select

    from webapp.extensions import db
    from webapp.models import AuditLog, QuarantinedRecord, SyncReceipt

    missing = doubled = quarantined = 0
    with app.app_context():
        for start in range(0, len(ids), 500):
            part = ids[start:start + 500]
            receipts = db.session.scalar(select(func.count()).select_from(SyncReceipt)
                                         .where(SyncReceipt.record_id.in_(part)))
            missing += len(part) - receipts
            audits = dict(db.session.execute(
                select(AuditLog.entity_id, func.count()).where(
                    AuditLog.entity_id.in_(part), AuditLog.action.like("sync.%"))
                .group_by(AuditLog.entity_id)).all())
            doubled += sum(1 for i in part if audits.get(i, 0) != 1)
            quarantined += db.session.scalar(
                select(func.count()).select_from(QuarantinedRecord)
                .where(QuarantinedRecord.record_id.in_(part)))
        db.session.remove()
    return {"missing": missing, "doubled": doubled, "quarantined": quarantined}


def run_fleet(app, database_url: str, instance: Path, pushes: list[tuple[dict, list[dict]]],
              batch: int, **settings: str) -> tuple[FleetRun, dict[str, int], int]:
    """Each (device, records) is a phone pushing its records `batch` at a time, and also
    sending its first batch twice at once (the overlapping retry), all together, to
    gunicorn -w 2 --threads 4 on `database_url`. Returns what the phones were told, how
    the records were stored (`stored_once`) and how many records there were."""
    phones, ids = [], []
    for device, records in pushes:
        ids += [r["id"] for r in records]
        bodies = bodies_of(device, records, batch)
        phones.append(Phone(device["token"], bodies))
        phones.append(Phone(device["token"], bodies[:1]))
    server = Gunicorn(database_url, instance, **settings)
    try:
        run = push_at_once(server.port, phones)
    finally:
        server.stop()
    return run, stored_once(app, ids), len(ids)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Gunicorn:
    """`gunicorn -w <workers> --threads <threads> wsgi:app` on a loopback port, own process."""

    def __init__(self, database_url: str, instance: Path, workers: int = 2, threads: int = 4,
                 **settings: str):
        self.port = free_port()
        env = {**os.environ, "DATABASE_URL": database_url, "SECRET_KEY": "fleet-secret",
               "ROUNDS_INSTANCE_PATH": str(instance),
               **{f"ROUNDS_{key}": value for key, value in settings.items()}}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--workers", str(workers), "--threads",
             str(threads), "--worker-class", "gthread", "--bind", f"127.0.0.1:{self.port}",
             "--log-level", "warning", "--timeout", "120", "wsgi:app"],
            cwd=ROOT, env=env)
        self._wait_until_serving()

    def _wait_until_serving(self, seconds: float = 60) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.process.returncode}")
            conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
            try:
                conn.request("GET", "/offline")
                conn.getresponse().read()
                return
            except (OSError, http.client.HTTPException):
                time.sleep(0.1)  # not listening yet: poll again
            finally:
                conn.close()
        self.stop()
        raise RuntimeError("gunicorn did not start serving")

    def stop(self) -> None:
        """SIGTERM (graceful), then wait for the process to end."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
