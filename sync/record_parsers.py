"""Per-type validation of a record's ``data`` object (the public field contract).

Each ``parse_*`` takes the raw ``data`` value, a path prefix (the record type) and the
:class:`~sync.vocabulary.RecordVocabulary` (code lists, money and phone rules, handed
in by the caller) and returns the typed dataclass from :mod:`sync.record_data`, or
raises ``FieldError``.
"""

from __future__ import annotations

from collections.abc import Callable
from types import MappingProxyType

from sync.json_input import clean_text
from sync.record_data import (
    Finding,
    FollowUp,
    FollowUpDoneData,
    OrderData,
    OrderLineData,
    PriceCheckData,
    RecommendationData,
    RecordData,
    RestockData,
    RestockFollowupData,
    RestockLine,
    StoreUpdateData,
    TicketData,
    TicketUpdateData,
    VisitData,
)
from sync.record_fields import (
    FieldError,
    Fields,
    describe,
    expect_amount,
    expect_bool,
    expect_code,
    expect_date,
    expect_datetime,
    expect_id,
    expect_int,
    expect_items,
    expect_number,
    expect_object,
    expect_str,
    expect_uuid,
)
from sync.vocabulary import RecordVocabulary

MAX_TEXT = 4000
MAX_NOTE = 1000
MAX_PHOTOS = 20
MAX_FOLLOW_UPS = 20
MAX_FACTS = 50
MAX_STOCK_UNITS = 1_000_000
MAX_QUANTITY = 100_000
MAX_RESTOCK_LINES = 50
MAX_TICKET_NOTE = 2000
MAX_ORDER_LINES = 300  # the catalogue's size (webapp.rules.ordering.MAX_LINES)
MAX_ORDER_NOTE = 500
MAX_RECOMMENDATION_NOTE = 200  # product_recommendation.note


def _photo_ids(f: Fields) -> tuple[str, ...]:
    return f.opt("photo_ids", expect_items, (), each=expect_uuid, max_len=MAX_PHOTOS, unique=True)


def _finding(value: object, path: str, area: str) -> Finding:
    f = Fields(value, path, ("ok", "note"))
    return Finding(area, f.req("ok", expect_bool), f.opt("note", expect_str, "", max_len=MAX_NOTE))


def _findings(value: object, path: str, areas: tuple[str, ...]) -> tuple[Finding, ...]:
    raw = expect_object(value, path)
    for area in raw:
        expect_code(area, path, codes=areas, what="finding area")
    return tuple(_finding(raw[a], f"{path}.{a}", a) for a in areas if a in raw)


def _follow_up(value: object, path: str) -> FollowUp:
    f = Fields(value, path, ("text", "due"))
    return FollowUp(f.req("text", expect_str, min_len=1, max_len=500), f.req("due", expect_date))


def parse_visit(raw: object, path: str, vocab: RecordVocabulary) -> VisitData:
    """Validate a visit's data."""
    f = Fields(raw, path, (
        "store_id", "started_at", "ended_at", "lat", "lng", "accuracy_m", "purposes",
        "notes", "findings", "follow_ups", "corrects", "photo_ids",
    ))
    store_id = f.req("store_id", expect_id)
    started = f.req("started_at", expect_datetime)
    ended = f.opt("ended_at", expect_datetime)
    if ended is not None and ended < started:
        raise FieldError(f.sub("ended_at"), "is before started_at")
    lat = f.opt("lat", expect_number, lo=-90, hi=90)
    lng = f.opt("lng", expect_number, lo=-180, hi=180)
    if (lat is None) != (lng is None):
        raise FieldError(f.sub("lng" if lng is None else "lat"), "is required with lat/lng")
    return VisitData(
        store_id=store_id,
        started_at=started,
        ended_at=ended,
        lat=lat,
        lng=lng,
        accuracy_m=f.opt("accuracy_m", expect_number, lo=0, hi=1e7),
        purposes=f.req(
            "purposes", expect_items, each=expect_code, codes=vocab.visit_purposes,
            what="visit purpose", min_len=1, max_len=20, unique=True,
        ),
        notes=f.req("notes", expect_str, max_len=MAX_TEXT),
        findings=f.opt("findings", _findings, (), areas=tuple(vocab.finding_areas)),
        follow_ups=f.opt("follow_ups", expect_items, (), each=_follow_up, max_len=MAX_FOLLOW_UPS),
        corrects=f.opt("corrects", expect_uuid),
        photo_ids=_photo_ids(f),
    )


def parse_price_check(raw: object, path: str, vocab: RecordVocabulary) -> PriceCheckData:
    """Validate a price check's data; the shelf price becomes integer fen."""
    f = Fields(raw, path, (
        "store_id", "product_id", "observed_at", "shelf_price", "stock_units",
        "out_of_stock_days", "corrects", "photo_ids",
    ))
    return PriceCheckData(
        store_id=f.req("store_id", expect_id),
        product_id=f.req("product_id", expect_id),
        observed_at=f.req("observed_at", expect_datetime),
        shelf_price_fen=f.req("shelf_price", expect_amount, parse=vocab.parse_yuan),
        stock_units=f.req("stock_units", expect_int, hi=MAX_STOCK_UNITS),
        out_of_stock_days=f.req("out_of_stock_days", expect_int, hi=366),
        corrects=f.opt("corrects", expect_uuid),
        photo_ids=_photo_ids(f),
    )


def _store_value(value: object, path: str, name: str, vocab: RecordVocabulary) -> str:
    if name == "delivery_method":
        return expect_code(value, path, codes=vocab.delivery_methods, what="delivery method")
    required = name in vocab.required_store_fields
    text = expect_str(value, path, max_len=200, min_len=1 if required else 0)
    if name == "phone":
        try:
            return vocab.clean_phone(text)
        except ValueError:
            raise FieldError(path, f"{describe(text)} is not a mobile (1xxxxxxxxxx) or "
                             "landline (0xx-xxxxxxxx) number") from None
    return text


def parse_store_update(raw: object, path: str, vocab: RecordVocabulary) -> StoreUpdateData:
    """Validate a store update; ``changes`` must name only editable store fields."""
    f = Fields(raw, path, ("store_id", "base_version", "changes"))
    store_id = f.req("store_id", expect_id)
    base_version = f.req("base_version", expect_int)
    changes = f.req("changes", expect_object)
    if not changes:
        raise FieldError(f.sub("changes"), "must not be empty")
    cleaned: dict[str, str] = {}
    for name, value in changes.items():
        if name not in vocab.store_fields:
            raise FieldError(f.sub("changes"), f"{describe(str(name))} cannot be changed "
                             f"(allowed: {', '.join(vocab.store_fields)})")
        cleaned[name] = _store_value(value, f"{f.sub('changes')}.{name}", name, vocab)
    return StoreUpdateData(store_id, base_version, MappingProxyType(cleaned))


def _facts(value: object, path: str) -> MappingProxyType[str, bool]:
    raw = expect_object(value, path)
    if len(raw) > MAX_FACTS:
        raise FieldError(path, f"has {len(raw)} entries (max {MAX_FACTS})")
    facts: dict[str, bool] = {}
    for key, flag in raw.items():
        if not isinstance(key, str) or not 1 <= len(key) <= 64 or clean_text(key, 64) != key:
            raise FieldError(path, f"key {describe(key)} must be 1-64 characters")
        facts[key] = expect_bool(flag, f"{path}.{key}")
    return MappingProxyType(facts)


def parse_ticket(raw: object, path: str, vocab: RecordVocabulary) -> TicketData:
    """Validate a ticket; ``goods_value`` becomes integer fen, ``kind`` defaults to complaint."""
    f = Fields(raw, path, (
        "store_id", "category", "description", "goods_value", "kind", "facts",
        "received_at", "photo_ids", "visit_id",
    ))
    return TicketData(
        store_id=f.req("store_id", expect_id),
        category=f.req("category", expect_code, codes=vocab.ticket_categories,
                       what="ticket category"),
        description=f.req("description", expect_str, min_len=1, max_len=MAX_TEXT),
        goods_value_fen=f.opt("goods_value", expect_amount, parse=vocab.parse_yuan),
        kind=f.opt("kind", expect_code, "complaint", codes=vocab.ticket_kinds,
                   what="ticket kind"),
        facts=f.opt("facts", _facts, MappingProxyType({})),
        received_at=f.opt("received_at", expect_datetime),
        photo_ids=_photo_ids(f),
        # the visit it was taken in: a malformed id is the client's bug (refused here);
        # whether a well-formed one is linked is the server's call (services.tickets)
        visit_id=f.opt("visit_id", expect_uuid),
    )


def _restock_line(value: object, path: str) -> RestockLine:
    f = Fields(value, path, ("product_id", "quantity"))
    return RestockLine(f.req("product_id", expect_id),
                       f.req("quantity", expect_int, lo=1, hi=MAX_QUANTITY))


def parse_restock(raw: object, path: str, vocab: RecordVocabulary) -> RestockData:
    """Validate a restock request: 1-50 lines, each product at most once."""
    f = Fields(raw, path, ("store_id", "reason", "lines", "wanted_by", "note"))
    store_id = f.req("store_id", expect_id)
    reason = f.req("reason", expect_code, codes=vocab.restock_reasons, what="restock reason")
    lines = f.req("lines", expect_items, each=_restock_line, min_len=1, max_len=MAX_RESTOCK_LINES)
    seen: set[int] = set()
    for index, line in enumerate(lines):
        if line.product_id in seen:
            raise FieldError(f"{f.sub('lines')}[{index}].product_id",
                             f"product {line.product_id} is listed twice")
        seen.add(line.product_id)
    return RestockData(
        store_id=store_id,
        reason=reason,
        lines=lines,
        wanted_by=f.req("wanted_by", expect_date),
        note=f.opt("note", expect_str, "", max_len=MAX_NOTE),
    )


def parse_ticket_update(raw: object, path: str, vocab: RecordVocabulary) -> TicketUpdateData:
    """Validate a rep's ticket action; resolving needs the resolution as its note."""
    f = Fields(raw, path, ("ticket_id", "store_id", "action", "note"))
    update = TicketUpdateData(
        ticket_id=f.req("ticket_id", expect_uuid),
        store_id=f.req("store_id", expect_id),
        action=f.req("action", expect_code, codes=vocab.ticket_update_actions,
                     what="ticket action"),
        note=f.opt("note", expect_str, "", max_len=MAX_TICKET_NOTE).strip(),
    )
    if update.action == "resolve" and not update.note:
        raise FieldError(f.sub("note"), "is required")
    return update


def _order_line(value: object, path: str) -> OrderLineData:
    f = Fields(value, path, ("product_id", "quantity"))
    return OrderLineData(f.req("product_id", expect_id),
                         f.req("quantity", expect_int, lo=1, hi=MAX_QUANTITY))


def parse_order(raw: object, path: str, vocab: RecordVocabulary) -> OrderData:
    """Validate an owner's order: 1-300 lines of whole cartons. The shape only: the
    server's ordering rules (window, allocation, minimum, multiple, prices, the product
    listed twice) decide the rest and answer per line."""
    f = Fields(raw, path, ("store_id", "lines", "delivery_method", "wanted_date", "note"))
    return OrderData(
        store_id=f.req("store_id", expect_id),
        lines=f.req("lines", expect_items, each=_order_line, min_len=1,
                    max_len=MAX_ORDER_LINES),
        delivery_method=f.opt("delivery_method", expect_code, codes=vocab.delivery_methods,
                              what="delivery method"),
        wanted_date=f.opt("wanted_date", expect_date),
        note=f.opt("note", expect_str, "", max_len=MAX_ORDER_NOTE),
    )


def parse_follow_up_done(raw: object, path: str, vocab: RecordVocabulary) -> FollowUpDoneData:
    """Validate a to-do marked done: named by ``follow_up_id``, or by ``visit_id`` and
    ``follow_up_index`` (a to-do of a visit still unknown to the phone's pages)."""
    f = Fields(raw, path, ("follow_up_id", "visit_id", "follow_up_index", "store_id",
                           "done_at"))
    data = FollowUpDoneData(
        store_id=f.req("store_id", expect_id),
        done_at=f.req("done_at", expect_datetime),
        follow_up_id=f.opt("follow_up_id", expect_id),
        visit_id=f.opt("visit_id", expect_uuid),
        follow_up_index=f.opt("follow_up_index", expect_int, hi=MAX_FOLLOW_UPS - 1),
    )
    by_visit = data.visit_id is not None or data.follow_up_index is not None
    if data.follow_up_id is not None and by_visit:
        raise FieldError(f.sub("follow_up_id"), "names the to-do a second way (give "
                         "follow_up_id, or visit_id with follow_up_index)")
    if data.follow_up_id is None and not by_visit:
        raise FieldError(f.sub("follow_up_id"), "is required")
    if by_visit and (data.visit_id is None or data.follow_up_index is None):
        raise FieldError(f.sub("visit_id" if data.visit_id is None else "follow_up_index"),
                         "names the to-do by half (give visit_id with follow_up_index)")
    return data


def parse_restock_followup(raw: object, path: str,
                           vocab: RecordVocabulary) -> RestockFollowupData:
    """Validate a restock request's sales follow-up: the units sold (0 or more)."""
    f = Fields(raw, path, ("request_id", "store_id", "sold_units", "note", "checked_at"))
    return RestockFollowupData(
        request_id=f.req("request_id", expect_uuid),
        store_id=f.req("store_id", expect_id),
        sold_units=f.req("sold_units", expect_int, hi=MAX_STOCK_UNITS),
        checked_at=f.req("checked_at", expect_datetime),
        note=f.opt("note", expect_str, "", max_len=MAX_NOTE).strip(),
    )


def parse_recommendation(raw: object, path: str,
                         vocab: RecordVocabulary) -> RecommendationData:
    """Validate a rep's product suggestion to a store (or its withdrawal)."""
    f = Fields(raw, path, ("store_id", "product_id", "note", "withdraw"))
    return RecommendationData(
        store_id=f.req("store_id", expect_id),
        product_id=f.req("product_id", expect_id),
        note=f.opt("note", expect_str, "", max_len=MAX_RECOMMENDATION_NOTE),
        withdraw=f.opt("withdraw", expect_bool, False),
    )


PARSERS: dict[str, Callable[[object, str, RecordVocabulary], RecordData]] = {
    "visit": parse_visit,
    "price_check": parse_price_check,
    "store_update": parse_store_update,
    "ticket": parse_ticket,
    "restock_request": parse_restock,
    "ticket_update": parse_ticket_update,
    "order": parse_order,
    "follow_up_done": parse_follow_up_done,
    "restock_followup": parse_restock_followup,
    "recommendation": parse_recommendation,
}
