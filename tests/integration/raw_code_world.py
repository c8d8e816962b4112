"""A world that holds every code the pages show: one row per code, written through the
sync API where a phone would write it, then given the remaining statuses directly."""

import uuid
from datetime import date, timedelta
from enum import StrEnum

from hq_sync_helpers import hq_edit, store_update
from sqlalchemy import select, update
from sync_helpers import price_data, push, record, register, rep_world, visit_data

from webapp.models import Order, RestockRequest, Store, Ticket, Visit, utcnow
from webapp.models.order import ORDER_STATUSES
from webapp.models.store import DELIVERY_METHODS
from webapp.rules import (
    cadence,
    codes,
    prices,
    restock,
    ticket_deadlines,
    ticket_severity,
    ticket_taxonomy,
    visit_trust,
)
from webapp.rules.code_labels import CODE_LABELS
from webapp.rules.codes import (
    STORE_EDITABLE_FIELDS,
    RestockReason,
    Severity,
    TicketCategory,
    TicketStatus,
    Tier,
)
from webapp.rules.roles import RECORD_TYPES_BY_ROLE


def every_visit_flag_visit(db, rep, store) -> Visit:
    """A finished visit carrying every trust flag (photo and clock flags included)."""
    started = utcnow() - timedelta(hours=3)
    visit = Visit(id=str(uuid.uuid4()), store_id=store.id, rep_id=rep.id, started_at=started,
                  ended_at=started + timedelta(minutes=2), purposes=list(CODE_LABELS["purpose"]),
                  notes="all flags", findings={}, flags=list(CODE_LABELS["visit_flag"]))
    db.session.add(visit)
    return visit


def build(db, client, make_web, web, password) -> dict:
    """rep1's world with every code; returns the ids the page test opens."""
    world = rep_world(db)
    store, product = world["store"], world["product"]
    device = register(client, "rep1", password)
    wanted = (date.today() + timedelta(days=3)).isoformat()
    records = [record("visit", visit_data(store.id), seq=1)]
    # one ticket per category, under the kind the taxonomy files it under
    for category in TicketCategory:
        kind = next(k for k in CODE_LABELS["ticket_kind"]
                    if category in ticket_taxonomy.categories_for(k))
        records.append(record("ticket", {"store_id": store.id, "kind": kind,
                                         "category": str(category), "description": "x"}))
    for reason in RestockReason:
        records.append(record("restock_request", {
            "store_id": store.id, "reason": str(reason), "note": "", "wanted_by": wanted,
            "lines": [{"product_id": product.id, "quantity": 5}]}))
    for method in CODE_LABELS["delivery_method"]:  # HQ-maintained: waits as a store change
        records.append(store_update(store.id, store.version, {"delivery_method": method}))
    # one broken record of every type, for the quarantine
    records += [record(kind, {"store_id": store.id}) for kind in CODE_LABELS["record_type"]]
    records.append(record("price_check", price_data(store.id, product.id, shelf_price="1.00")))
    results = push(client, device, records).get_json()["results"]
    assert all(r["status"] in ("applied", "rejected") for r in results), results
    # a conflict on the delivery method: HQ edits it while a phone changed it offline
    other = make_web().client
    phone = register(other, "rep1", password, name="rep1 · Android Chrome")
    offline = store_update(store.id, store.version, {"phone": "13900001111"})
    web.login("hq")
    hq_edit(web, store, phone="13800002222", delivery_method="delegated_delivery")
    push(other, phone, [offline])
    db.session.expire_all()
    every_visit_flag_visit(db, world["rep"], store)
    _cycle(db, Ticket, "status", list(TicketStatus)[:3])  # open statuses stay on the lists
    _cycle(db, Ticket, "severity", list(Severity))
    _cycle(db, Ticket, "tier", list(Tier))
    _cycle(db, RestockRequest, "status", list(CODE_LABELS["restock_status"]))
    _cycle(db, Order, "status", list(CODE_LABELS["order_status"]))
    _cycle(db, Order, "channel", list(CODE_LABELS["order_channel"]))
    _cycle(db, Order, "exception", list(CODE_LABELS["order_exception"]))
    grades = list(CODE_LABELS["grade"])
    methods = list(CODE_LABELS["delivery_method"])
    for index, store_id in enumerate(db.session.scalars(select(Store.id).order_by(Store.id))):
        db.session.execute(update(Store).where(Store.id == store_id).values(
            grade=grades[index % len(grades)]))
        if store_id != store.id:
            db.session.execute(update(Store).where(Store.id == store_id).values(
                delivery_method=methods[index % len(methods)]))
    db.session.commit()
    return {"store": store, "product": product}


def _cycle(db, model, column: str, values: list) -> None:
    ids = db.session.scalars(select(model.id).order_by(model.id)).all()
    for index, row_id in enumerate(ids):
        db.session.execute(update(model).where(model.id == row_id)
                           .values({column: str(values[index % len(values)])}))


def snake_case_codes() -> set[str]:
    """Every stored code written in snake_case (the ones that read as a raw code), taken
    from where the codes are defined, not from the label tables under test."""
    enums = [e for module in (codes, cadence, restock, visit_trust, ticket_severity,
                              ticket_deadlines, prices)
             for e in vars(module).values()
             if isinstance(e, type) and issubclass(e, StrEnum) and e is not StrEnum]
    found = {str(member) for e in enums for member in e}
    found |= {t for types in RECORD_TYPES_BY_ROLE.values() for t in types}
    found |= set(ORDER_STATUSES) | set(DELIVERY_METHODS) | set(STORE_EDITABLE_FIELDS)
    found |= {"identical_photo", "near_duplicate_photo", "clock_skew"}  # services.photos, sync
    return {c for c in found if "_" in c}
