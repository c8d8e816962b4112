"""D days of history: visits, price checks, orders, tickets, restock, surveys, forecasts."""

import random
import uuid
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import insert
from sqlalchemy.orm import Session

from ..models import (
    ClassificationAudit,
    DemandForecast,
    Notice,
    Order,
    OrderLine,
    OrderStatusChange,
    PriceCheck,
    RestockLine,
    RestockRequest,
    SurveyAnswer,
    Visit,
)
from ..rules.cadence import cadence_days, iso_week_key
from ..rules.codes import RestockReason, VisitPurpose, values
from . import vocabulary as V
from .people import World

PURPOSES = list(values(VisitPurpose))


def rng_uuid(rng: random.Random) -> str:
    """A UUID drawn from the seeded generator, so reruns give the same ids."""
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def local_moment(day: date, hour: float, tz: ZoneInfo) -> datetime:
    """A local wall-clock moment on `day`, returned in UTC."""
    minutes = int(hour * 60)
    local = datetime.combine(day, time(minutes // 60, minutes % 60), tzinfo=tz)
    return local.astimezone(UTC)


def seed_visits(session: Session, rng: random.Random, world: World, days: list[date],
                tz: ZoneInfo) -> list[dict]:
    """Visits following each store's grade cadence, with some slack and misses; returns
    the rows stored (the tickets taken during some of them name them)."""
    rows = []
    for store in world.stores:
        rep = world.rep_ids[world.territory_ids.index(store["territory_id"])]
        step = cadence_days(store["grade"])
        i = rng.randrange(0, min(step, len(days)))
        while i < len(days):
            day = days[i]
            if day.weekday() < 6 and rng.random() > 0.08:
                start = local_moment(day, rng.uniform(9, 17), tz)
                rows.append({
                    "id": rng_uuid(rng), "store_id": store["id"], "rep_id": rep,
                    "started_at": start,
                    "ended_at": start + timedelta(minutes=rng.randrange(6, 40)),
                    "lat": store["lat"] + rng.uniform(-0.0008, 0.0008),
                    "lng": store["lng"] + rng.uniform(-0.0008, 0.0008),
                    "accuracy_m": round(rng.uniform(5, 60), 1),
                    "purposes": rng.sample(PURPOSES, rng.randrange(1, 3)),
                    "notes": rng.choice(V.VISIT_NOTES), "findings": {}, "flags": [],
                    "created_at": start,
                })
            i += max(1, step + rng.choice((-1, 0, 0, 0, 1, 2)) if step > 1 else 1)
    rows = [row for row in rows if world.happened(row["ended_at"])]
    for chunk in range(0, len(rows), 5000):
        session.execute(insert(Visit), rows[chunk:chunk + 5000])
    return rows


def seed_price_checks(session: Session, rng: random.Random, world: World, days: list[date],
                      tz: ZoneInfo, next_seq: int) -> int:
    """Weekly price checks of the sample stores, mostly before Thursday.

    The latest check of each store and product takes a change number from `next_seq`
    on (the sync pull carries only those); returns the next free number.
    """
    rows = []
    latest: dict[tuple[int, int], dict] = {}
    mondays = [d for d in days if d.weekday() == 0]
    for store in (s for s in world.stores if s["is_sample"]):
        rep = world.rep_ids[world.territory_ids.index(store["territory_id"])]
        for monday in mondays:
            day = monday + timedelta(days=rng.choice((0, 1, 1, 2, 2, 3, 4)))
            if day > days[-1]:
                continue
            moment = local_moment(day, rng.uniform(9, 17), tz)
            for product in world.assortment[store["id"]]:
                guide = world.product_prices[product][0]
                drift = rng.choice((0, 0, 0, 0, 500, 1000, -500, 2000))
                rows.append({
                    "id": rng_uuid(rng), "store_id": store["id"], "product_id": product,
                    "rep_id": rep, "observed_at": moment,
                    "iso_week": iso_week_key(day),
                    "shelf_price_fen": max(0, guide + drift), "guide_price_fen": guide,
                    "stock_units": rng.randrange(0, 40),
                    "out_of_stock_days": rng.choice((0, 0, 0, 0, 1, 2, 5)),
                    "created_at": moment, "change_seq": None,
                })
    rows = [row for row in rows if world.happened(row["observed_at"])]
    for row in rows:
        latest[(row["store_id"], row["product_id"])] = row  # weeks come in order
    for row in rows:  # in insertion order: cheap, deterministic
        if latest[(row["store_id"], row["product_id"])] is row:
            row["change_seq"] = next_seq
            next_seq += 1
    for chunk in range(0, len(rows), 5000):
        session.execute(insert(PriceCheck), rows[chunk:chunk + 5000])
    return next_seq


def seed_orders(session: Session, rng: random.Random, world: World, days: list[date],
                tz: ZoneInfo) -> None:
    """Roughly weekly orders per store, delivered except the most recent ones."""
    orders, lines, history = [], [], []
    statuses = ["submitted", "confirmed", "picking", "out_for_delivery", "delivered"]
    today = days[-1]
    for store in world.stores:
        i = rng.randrange(0, 7)
        while i < len(days):
            day = days[i]
            placed = local_moment(day, rng.uniform(8, 20), tz)
            age = (today - day).days
            reached = 4 if age >= 2 else min(4, rng.randrange(0, 3) + age)
            number = f"SO{day:%Y%m%d}{len(orders) + 1:07d}"
            chosen = rng.sample(world.assortment[store["id"]], rng.randrange(1, 5))
            total = 0
            for product in chosen:
                qty = rng.choice((1, 2, 3, 5, 10))
                price = world.product_prices[product][1]
                total += qty * price
                lines.append({"order_number": number, "product_id": product, "quantity": qty,
                              "unit_price_fen": price})
            exception = "delayed" if rng.random() < 0.02 else None
            orders.append({
                "number": number, "store_id": store["id"], "placed_by_id": store["owner_id"],
                "channel": rng.choice(("app", "app", "phone", "platform")),
                "delivery_method": store["delivery_method"],
                "status": statuses[reached], "total_fen": total, "placed_at": placed,
                "delivery_date": day + timedelta(days=1),
                "signed_by": store["owner_name"] if reached == 4 else None,
                "signed_at": placed + timedelta(hours=20) if reached == 4 else None,
                "exception": exception,
            })
            for step in range(reached + 1):
                history.append({"order_number": number, "status": statuses[step],
                                "at": placed + timedelta(hours=5 * step)})
            i += rng.choice((5, 6, 7, 7, 8, 10))
    orders = [row for row in orders if world.happened(row["placed_at"])]
    kept = {row["number"] for row in orders}
    lines = [row for row in lines if row["order_number"] in kept]
    history = [row for row in history if row["order_number"] in kept]
    session.execute(insert(Order), orders)
    ids = dict(session.query(Order.number, Order.id).all())
    for row in lines + history:
        row["order_id"] = ids[row.pop("order_number")]
    for chunk in range(0, len(lines), 5000):
        session.execute(insert(OrderLine), lines[chunk:chunk + 5000])
    for chunk in range(0, len(history), 5000):
        session.execute(insert(OrderStatusChange), history[chunk:chunk + 5000])


def seed_restock_and_feedback(session: Session, rng: random.Random, world: World,
                              days: list[date], tz: ZoneInfo) -> None:
    """Restock requests, satisfaction surveys, forecasts, audits and a notice."""
    requests, req_lines, surveys, audits = [], [], [], []
    for store in world.stores:
        rep = world.rep_ids[world.territory_ids.index(store["territory_id"])]
        if rng.random() < 0.08:
            day = rng.choice(days[-30:])
            recent = (days[-1] - day).days < 3
            rid = rng_uuid(rng)
            requests.append({
                "id": rid, "store_id": store["id"], "requested_by_id": rep,
                "reason": rng.choice(values(RestockReason)),
                "note": "", "wanted_by": day + timedelta(days=3),
                "status": "submitted" if recent else rng.choice(("approved", "fulfilled",
                                                                 "followed_up", "rejected")),
                "requested_at": local_moment(day, 10.5, tz),
            })
            for product in rng.sample(world.assortment[store["id"]], 2):
                req_lines.append({"request_id": rid, "product_id": product,
                                  "quantity": rng.choice((5, 10, 20))})
        if rng.random() < 0.5:
            surveys.append({"store_id": store["id"], "user_id": store["owner_id"],
                            "period": f"{days[-1].year}-Q{(days[-1].month - 1) // 3 + 1}",
                            "attitude": rng.choice((3, 4, 5, 5)), "effect": rng.choice((3, 4, 5)),
                            "overall": rng.choice((3, 4, 4, 5)),
                            "answered_at": local_moment(days[-1] - timedelta(days=rng.randrange(
                                0, min(60, len(days)))), 15, tz)})
        if rng.random() < 0.3:
            correct = rng.random() < 0.97
            audits.append({"store_id": store["id"], "field": "business_type",
                           "recorded_value": store["business_type"],
                           "correct_value": store["business_type"] if correct else "other",
                           "is_correct": correct, "audited_by_id": world.hq_id})
    requests = [row for row in requests if world.happened(row["requested_at"])]
    kept = {row["id"] for row in requests}
    req_lines = [row for row in req_lines if row["request_id"] in kept]
    surveys = [row for row in surveys if world.happened(row["answered_at"])]
    if requests:
        session.execute(insert(RestockRequest), requests)
        session.execute(insert(RestockLine), req_lines)
    if surveys:
        session.execute(insert(SurveyAnswer), surveys)
    if audits:
        session.execute(insert(ClassificationAudit), audits)
    forecasts = []
    months = sorted({d.strftime("%Y-%m") for d in days})
    for month in months[-6:]:
        for t in world.territory_ids:
            predicted = rng.randrange(300, 900)
            actual = None if month == months[-1] else int(predicted * rng.uniform(0.9, 1.1))
            forecasts.append({"month": month, "territory_id": t, "predicted_units": predicted,
                              "actual_units": actual})
    session.execute(insert(DemandForecast), forecasts)
    session.add(Notice(kind="arrival", title="本周到货时间",
                       body="本周三起按原线路送货,请提前留意到货通知。",
                       created_by_id=world.hq_id))
