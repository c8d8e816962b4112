"""Visits: the phone's check-ins, appended with their follow-ups and trust flags."""

from sqlalchemy import select

from sync.outcome import Outcome, Rejection
from sync.records import Record
from sync.times import clamp_future

from ..models import Visit, VisitFollowUp
from ..rules.visit_trust import visit_trust
from .bulk import insert_rows
from .context import PushContext
from .corrections import check_correction, correction_targets
from .lookups import Lookups
from .tickets import link_waiting_tickets


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
    targets = correction_targets(ctx, Visit, records)
    for record in records:
        data = record.data
        try:
            store = lookups.store(data.store_id)
            check_correction(record, store.id, targets)
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
    link_waiting_tickets(ctx, visits)  # tickets taken in these visits, pushed before them
    return outcomes
