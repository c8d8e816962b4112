"""Append-only records observed in a store: visits (with trust flags) and price checks."""

from sqlalchemy import select, update

from webapp.models import PriceCheck, Visit, VisitFollowUp
from webapp.rules.visit_trust import visit_trust

from .bulk import insert_rows
from .changes import allocate_change_seqs
from .context import PushContext
from .lookups import Lookups
from .outcome import Outcome, Rejection
from .records import Record
from .times import clamp_future, iso_week_of


def _correction_targets(ctx: PushContext, model, records: list[Record]) -> dict[str, int]:
    """Store id of every stored record the batch's records correct (one query per 500)."""
    targets = sorted({r.data.corrects for r in records if r.data.corrects is not None})
    found: dict[str, int] = {}
    for start in range(0, len(targets), 500):
        found.update(ctx.session.execute(select(model.id, model.store_id).where(
            model.id.in_(targets[start:start + 500]))).all())
    return found


def _check_correction(record: Record, store_id: int, targets: dict[str, int]) -> None:
    target = record.data.corrects
    if target is None:
        return
    found = targets.get(target)
    if found is None:
        raise Rejection(f"{record.type}.corrects: {target} is not a known {record.type}")
    if found != store_id:
        raise Rejection(f"{record.type}.corrects: {target} belongs to another store")


def _seen_coordinates(ctx: PushContext, records: list[Record]) -> set[tuple[float, float]]:
    """Coordinates this rep already checked in with, among those the batch uses."""
    pairs = {(r.data.lat, r.data.lng) for r in records if r.data.lat is not None}
    latitudes = sorted({lat for lat, _ in pairs})
    found: set[tuple[float, float]] = set()
    for start in range(0, len(latitudes), 500):  # by latitude, then pairs: a simpler query
        rows = ctx.session.execute(select(Visit.lat, Visit.lng).where(
            Visit.rep_id == ctx.user.id, Visit.lat.in_(latitudes[start:start + 500])))
        found.update((lat, lng) for lat, lng in rows if (lat, lng) in pairs)
    return found


def apply_visits(ctx: PushContext, records: list[Record], lookups: Lookups) -> list[Outcome]:
    """Insert each valid visit with its follow-ups and trust flags; reject the rest."""
    outcomes, visits, follow_ups = [], [], []
    seen = _seen_coordinates(ctx, records)
    targets = _correction_targets(ctx, Visit, records)
    for record in records:
        data = record.data
        try:
            store = lookups.store(data.store_id)
            _check_correction(record, store.id, targets)
        except Rejection as error:
            outcomes.append(Outcome(record.id, "rejected", str(error)))
            continue
        started, skewed = clamp_future(data.started_at, ctx)
        ended = None
        if data.ended_at is not None:
            ended, skewed_end = clamp_future(data.ended_at, ctx)
            skewed = skewed or skewed_end
        coords = (data.lat, data.lng)
        trust = visit_trust(
            lat=data.lat, lng=data.lng, accuracy_m=data.accuracy_m, store_lat=store.lat,
            store_lng=store.lng, started_at=started, ended_at=ended,
            coordinates_seen_before=coords in seen, settings=ctx.settings)
        if data.lat is not None:
            seen.add(coords)
        flags = list(trust.flags) + (["clock_skew"] if skewed else [])
        visits.append({
            "id": record.id, "store_id": store.id, "rep_id": ctx.user.id,
            "device_id": ctx.device_id, "started_at": started, "ended_at": ended,
            "lat": data.lat, "lng": data.lng, "accuracy_m": data.accuracy_m,
            "purposes": list(data.purposes), "notes": data.notes,
            "findings": {f.area: {"ok": f.ok, "note": f.note} for f in data.findings},
            "flags": flags, "distance_m": trust.distance_m, "corrects_id": data.corrects,
            "hlc": str(record.hlc), "created_at": ctx.now,
        })
        follow_ups += [{"visit_id": record.id, "text": f.text, "due_date": f.due}
                       for f in data.follow_ups]
        outcomes.append(Outcome(record.id, "applied", entity_type="visit", entity_id=record.id,
                                details={"flags": flags} if flags else {}))
    if visits:
        insert_rows(ctx.session, Visit.__table__, visits)
    if follow_ups:
        insert_rows(ctx.session, VisitFollowUp.__table__, follow_ups)
    return outcomes


def _number_latest(ctx: PushContext, rows: list[dict]) -> None:
    """Give change numbers to the checks that become the latest of their store and
    product (by observed_at, then id); clear the number of the stored ones they
    supersede. Only the latest check carries a number, so the pull needs no probe.

    The block is allocated first: it locks the counter row, so concurrent pushes of
    the same store and product read each other's latest check in turn.
    """
    first = allocate_change_seqs(ctx.session, len(rows))
    store_ids = sorted({row["store_id"] for row in rows})
    stored: dict[tuple[int, int], tuple] = {}
    for start in range(0, len(store_ids), 500):
        for check_id, store_id, product_id, observed in ctx.session.execute(
                select(PriceCheck.id, PriceCheck.store_id, PriceCheck.product_id,
                       PriceCheck.observed_at)
                .where(PriceCheck.store_id.in_(store_ids[start:start + 500]),
                       PriceCheck.change_seq.is_not(None))):
            stored[(store_id, product_id)] = (observed, check_id)
    best: dict[tuple[int, int], tuple] = dict(stored)
    for row in rows:
        key = (row["store_id"], row["product_id"])
        if key not in best or (row["observed_at"], row["id"]) > best[key]:
            best[key] = (row["observed_at"], row["id"])
    winners = {check_id for _, check_id in best.values()}
    for offset, row in enumerate(rows):
        row["change_seq"] = first + offset if row["id"] in winners else None
    superseded = sorted(check_id for _, check_id in stored.values() if check_id not in winners)
    for start in range(0, len(superseded), 500):
        ctx.session.execute(update(PriceCheck).where(
            PriceCheck.id.in_(superseded[start:start + 500])).values(change_seq=None)
            .execution_options(synchronize_session=False))


def apply_price_checks(ctx: PushContext, records: list[Record],
                       lookups: Lookups) -> list[Outcome]:
    """Insert each valid price check with the guide price of the moment; reject the rest."""
    outcomes, rows = [], []
    targets = _correction_targets(ctx, PriceCheck, records)
    for record in records:
        data = record.data
        try:
            store = lookups.store(data.store_id)
            product = lookups.product(data.product_id)
            _check_correction(record, store.id, targets)
        except Rejection as error:
            outcomes.append(Outcome(record.id, "rejected", str(error)))
            continue
        observed, skewed = clamp_future(data.observed_at, ctx)
        rows.append({
            "id": record.id, "store_id": store.id, "product_id": product.id,
            "rep_id": ctx.user.id, "device_id": ctx.device_id, "observed_at": observed,
            "iso_week": iso_week_of(observed, ctx.settings.timezone),
            "shelf_price_fen": data.shelf_price_fen, "guide_price_fen": product.guide_price_fen,
            "stock_units": data.stock_units, "out_of_stock_days": data.out_of_stock_days,
            "corrects_id": data.corrects, "hlc": str(record.hlc), "created_at": ctx.now,
        })
        outcomes.append(Outcome(record.id, "applied", entity_type="price_check",
                                entity_id=record.id,
                                details={"flags": ["clock_skew"]} if skewed else {}))
    if rows:
        _number_latest(ctx, rows)
        insert_rows(ctx.session, PriceCheck.__table__, rows)
    return outcomes
