"""apply_batch: the one write path for everything a phone (or a page) captures.

Each record succeeds or fails alone. Already-applied ids answer `duplicate` and
change nothing. Rejected records go to the quarantine with their raw payload.
Every applied record gets a receipt and an audit-log line with both clocks.
"""

from collections.abc import Callable
from typing import Any

from sqlalchemy import select

from sync.devices import still_waiting
from sync.fingerprint import content_hash
from sync.hlc import clamp_remote
from sync.json_input import clean_text, readable_id
from sync.outcome import Outcome
from sync.records import SCHEMA_VERSION, Record, RecordError, parse_record

from ..models import AuditLog, QuarantinedRecord, SyncReceipt
from ..rules.record_vocabulary import RECORD_VOCABULARY
from ..rules.roles import RECORD_TYPES_BY_ROLE
from .bulk import insert_rows, select_where_in
from .context import PushContext
from .devices import record_seqs
from .lookups import Lookups, load_lookups
from .order_records import apply_orders
from .prices import apply_price_checks
from .recommendations import apply_recommendations
from .rep_loop_records import apply_follow_ups_done, apply_restock_followups
from .restock import apply_restock_requests
from .stores import apply_store_updates
from .ticket_rep_updates import apply_ticket_updates
from .tickets import apply_tickets
from .visits import apply_visits
from .write_lock import is_lock_failure, take_write_lock

BatchApplier = Callable[[PushContext, list[Record], Lookups], list[Outcome]]
BATCH_APPLIERS: dict[str, BatchApplier] = {
    "visit": apply_visits,
    "follow_up_done": apply_follow_ups_done,  # after "visit": a visit and its to-do done
    "price_check": apply_price_checks,
    "ticket": apply_tickets,
    "ticket_update": apply_ticket_updates,  # after "ticket": a ticket and its update in one push
    "restock_request": apply_restock_requests,
    "restock_followup": apply_restock_followups,
    "order": apply_orders,
    "recommendation": apply_recommendations,
    "store_update": apply_store_updates,  # last: after the records of the other types
}


def _raw_id(raw: Any) -> str | None:
    found = readable_id(raw.get("id")) if isinstance(raw, dict) else None
    return found.lower() if found else None


def _raw_seq(raw: Any) -> int | None:
    """The seq of a record that failed to parse, when it is itself readable."""
    seq = raw.get("seq") if isinstance(raw, dict) else None
    return seq if type(seq) is int and seq >= 1 else None


def quarantine(ctx: PushContext, raw: Any, record_id: str | None, error: str) -> Outcome:
    """Keep a rejected record with its raw payload (once per id and payload) for HQ."""
    kind = readable_id(raw.get("type"), 20) if isinstance(raw, dict) else None
    error = clean_text(error, 2000)  # the raw text stays in the payload
    already_kept = False
    if record_id:
        already_kept = any(payload == raw for payload in ctx.session.scalars(
            select(QuarantinedRecord.payload).where(
                QuarantinedRecord.record_id == record_id, QuarantinedRecord.status == "open")))
    if not already_kept:
        ctx.session.add(QuarantinedRecord(
            record_id=record_id, record_type=kind,
            device_id=ctx.device_id, user_id=ctx.user.id, payload=raw, error=error,
            received_at=ctx.now))
    return Outcome(record_id, "rejected", error)


def _known_receipts(ctx: PushContext, ids: list[str]) -> dict[str, str | None]:
    """Record id -> content hash of every id already received."""
    return dict(select_where_in(ctx.session, SyncReceipt.__table__,
                                ("record_id", "content_hash"), "record_id", ids))


def _apply_group(ctx: PushContext, kind: str, group: list[Record],
                 lookups: Lookups) -> list[Outcome]:
    """Apply a group in one savepoint; on a database error retry one by one.

    A lock failure is no fault of a record: it ends the push (503, the phone retries).
    """
    try:
        with ctx.session.begin_nested():
            return BATCH_APPLIERS[kind](ctx, group, lookups)
    except Exception as error:  # noqa: BLE001 - isolate the failing record, never sink the batch
        if is_lock_failure(error):
            raise
        outcomes = []
        for record in group:
            try:
                with ctx.session.begin_nested():
                    outcomes += BATCH_APPLIERS[kind](ctx, [record], lookups)
            except Exception as error:  # noqa: BLE001
                if is_lock_failure(error):
                    raise
                outcomes.append(Outcome(record.id, "rejected",
                                        f"{kind}: could not be stored ({type(error).__name__})"))
        return outcomes


def _refuse(ctx: PushContext, raw: Any, record_id: str | None, error: str) -> Outcome:
    """A refusal answered to whoever is looking at the form (kept nowhere)."""
    return Outcome(record_id, "rejected", clean_text(error, 2000))


def apply_batch(ctx: PushContext, raw_records: list, schema_version: int = SCHEMA_VERSION,
                pending_reported: int | None = None, keep_refused: bool = True) -> list[dict]:
    """Apply pushed records; returns one result per record, in order. Does not commit.

    A refused record is quarantined for HQ, unless `keep_refused` is False: a form posted
    online shows the refusal to the rep, who fixes it there (a copy for HQ is noise).
    A different record under an id already used is quarantined either way (never lost).

    Parsing and fingerprinting come first, without any lock; everything read from
    the database after that (receipts, the device's counter, look-ups) is read
    under the push's write lock, so two pushes of the same records never both
    store them (`write_lock.py`).
    """
    keep = quarantine if keep_refused else _refuse
    results: list[Outcome | None] = [None] * len(raw_records)
    parsed: list[tuple[int, Record]] = []
    refused: list[tuple[int, str | None, str]] = []
    # a quarantined record was received: its seq is no gap (HQ sees it in quarantine)
    quarantined_seqs: list[int | None] = []
    for index, raw in enumerate(raw_records):
        try:
            record = parse_record(raw, RECORD_VOCABULARY, schema_version=schema_version)
        except RecordError as error:
            refused.append((index, error.record_id or _raw_id(raw), str(error)))
            quarantined_seqs.append(_raw_seq(raw))
            continue
        if record.type not in RECORD_TYPES_BY_ROLE.get(ctx.user.role, frozenset()):
            refused.append((index, record.id,
                            f"{record.type}: not allowed for role {ctx.user.role}"))
            quarantined_seqs.append(record.seq)
            continue
        parsed.append((index, record))
    fingerprints = [content_hash(record) for _, record in parsed]
    take_write_lock(ctx)
    for index, record_id, error in refused:
        results[index] = keep(ctx, raw_records[index], record_id, error)
    if ctx.device is not None:
        seqs = [r.seq for _, r in parsed] + quarantined_seqs
        record_seqs(ctx, [s for s in seqs if s is not None],
                    still_waiting(pending_reported, len(raw_records)))
    known = _known_receipts(ctx, [r.id for _, r in parsed])
    todo: list[tuple[int, Record]] = []
    hashes: dict[str, str] = {}
    for (index, record), fingerprint in zip(parsed, fingerprints, strict=True):
        if record.id in known:
            if known[record.id] not in (None, fingerprint):
                # a different record under an id already used: keep it, never drop it
                results[index] = quarantine(ctx, raw_records[index], record.id,
                                            "id already used by a different record")
            else:
                results[index] = Outcome(record.id, "duplicate")
            continue
        known[record.id] = hashes[record.id] = fingerprint
        todo.append((index, _with_clamped_clock(ctx, record)))
    lookups = load_lookups(ctx, [r for _, r in todo])
    by_id: dict[str, Outcome] = {}
    for kind in BATCH_APPLIERS:
        group = [r for _, r in todo if r.type == kind]
        if group:
            by_id.update((o.record_id, o) for o in _apply_group(ctx, kind, group, lookups))
    raw_by_index = dict(enumerate(raw_records))
    receipts, audits = [], []
    user_id, device_id = ctx.user.id, ctx.device_id
    for index, record in todo:
        outcome = by_id[record.id]
        if outcome.status == "rejected":
            problems = outcome.details.get("problems")  # an order's, per line
            outcome = keep(ctx, raw_by_index[index], record.id, outcome.error or "rejected")
            if problems:
                outcome.details["problems"] = problems
        else:
            client_hlc, server_hlc = str(record.hlc), str(ctx.clock.receive(record.hlc))
            receipts.append({"record_id": record.id, "record_type": record.type,
                             "device_id": device_id, "user_id": user_id,
                             "status": outcome.status, "client_hlc": client_hlc,
                             "server_hlc": server_hlc, "seq": record.seq,
                             "result": outcome.as_json(), "content_hash": hashes[record.id],
                             "received_at": ctx.now})
            audits.append({"at": ctx.now, "user_id": user_id, "device_id": device_id,
                           "action": f"sync.{outcome.status}", "entity_type": record.type,
                           "entity_id": record.id, "client_hlc": client_hlc,
                           "server_hlc": server_hlc,
                           "details": {"seq": record.seq, **outcome.details}})
        results[index] = outcome
    if receipts:
        insert_rows(ctx.session, SyncReceipt.__table__, receipts)
        insert_rows(ctx.session, AuditLog.__table__, audits)
    ctx.session.flush()
    return [o.as_json() for o in results]


def _with_clamped_clock(ctx: PushContext, record: Record) -> Record:
    """A phone clock far ahead of the server is clamped; the skew is kept on the device."""
    clamp = clamp_remote(record.hlc, int(ctx.now.timestamp() * 1000), ctx.max_skew_ms)
    if ctx.device is not None and clamp.skew_ms > ctx.max_skew_ms:
        ctx.device.clock_skew_ms = clamp.skew_ms
    if not clamp.clamped:
        return record
    return Record(record.id, record.type, clamp.clock, record.seq, record.data)
