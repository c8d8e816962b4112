"""Typed, immutable payloads of validated records.

These dataclasses are what :func:`sync.records.parse_record` returns in
``Record.data``; money is integer fen, times are aware UTC datetimes, ids lowercase.
The code lists the fields are checked against are the rules' (`webapp.rules.codes`),
handed to the parsers as a :class:`sync.vocabulary.RecordVocabulary`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from types import MappingProxyType
from typing import ClassVar

# On a field added to a record type after records of it were stored: the fingerprint
# (sync.fingerprint) leaves it out while it is None, so theirs never changes.
ADDED_LATER = MappingProxyType({"fingerprint": "omit_if_none"})


@dataclass(frozen=True, slots=True)
class Finding:
    """One area checked during a visit."""

    area: str
    ok: bool
    note: str = ""


@dataclass(frozen=True, slots=True)
class FollowUp:
    """A task agreed during a visit."""

    text: str
    due: date


@dataclass(frozen=True, slots=True)
class VisitData:
    """A store visit."""

    TYPE: ClassVar[str] = "visit"
    store_id: int
    started_at: datetime
    ended_at: datetime | None
    lat: float | None
    lng: float | None
    accuracy_m: float | None
    purposes: tuple[str, ...]
    notes: str
    findings: tuple[Finding, ...] = ()
    follow_ups: tuple[FollowUp, ...] = ()
    corrects: str | None = None
    photo_ids: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class PriceCheckData:
    """A shelf price and stock observation; ``shelf_price_fen`` is in fen (1/100 yuan)."""

    TYPE: ClassVar[str] = "price_check"
    store_id: int
    product_id: int
    observed_at: datetime
    shelf_price_fen: int
    stock_units: int
    out_of_stock_days: int
    corrects: str | None = None
    photo_ids: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class StoreUpdateData:
    """Proposed changes to a store's master data, made against ``base_version``.

    ``changes`` is a read-only mapping of field name to stripped string value.
    """

    TYPE: ClassVar[str] = "store_update"
    store_id: int
    base_version: int
    changes: Mapping[str, str]


@dataclass(frozen=True, slots=True)
class TicketData:
    """A complaint, request, inquiry, suggestion or praise raised for a store.

    ``facts`` is a read-only mapping of free-form keys to booleans.
    """

    TYPE: ClassVar[str] = "ticket"
    store_id: int
    category: str
    description: str
    goods_value_fen: int | None = None
    kind: str = "complaint"
    facts: Mapping[str, bool] = field(default_factory=lambda: MappingProxyType({}))
    received_at: datetime | None = None
    photo_ids: tuple[str, ...] = ()
    # the visit the rep took it in, as the phone claims (services.tickets decides)
    visit_id: str | None = field(default=None, metadata=ADDED_LATER)


@dataclass(frozen=True, slots=True)
class RestockLine:
    """One product line of a restock request."""

    product_id: int
    quantity: int


@dataclass(frozen=True, slots=True)
class RestockData:
    """A store's request for extra stock for an occasion."""

    TYPE: ClassVar[str] = "restock_request"
    store_id: int
    reason: str
    lines: tuple[RestockLine, ...]
    wanted_by: date
    note: str = ""


@dataclass(frozen=True, slots=True)
class TicketUpdateData:
    """A rep's first-responder action on a ticket of ``store_id``: ``acknowledge`` (the
    note is optional) or ``resolve`` (the note is the resolution the store sees)."""

    TYPE: ClassVar[str] = "ticket_update"
    ticket_id: str
    store_id: int
    action: str
    note: str = ""


@dataclass(frozen=True, slots=True)
class OrderLineData:
    """One product line of an owner's order (cartons)."""

    product_id: int
    quantity: int


@dataclass(frozen=True, slots=True)
class OrderData:
    """A store owner's order from the phone; ``delivery_method`` None means the store's."""

    TYPE: ClassVar[str] = "order"
    store_id: int
    lines: tuple[OrderLineData, ...]
    delivery_method: str | None = None
    wanted_date: date | None = None
    note: str = ""


@dataclass(frozen=True, slots=True)
class FollowUpDoneData:
    """A visit follow-up (a rep's to-do) marked done at ``done_at`` (the phone's time).

    The to-do is named by its server id ``follow_up_id`` or, for a to-do of a visit the
    phone captured itself and has not seen back yet, by ``visit_id`` (the visit record's
    UUID) and ``follow_up_index`` (its place in that visit's ``follow_ups``, from 0):
    exactly one of the two ways."""

    TYPE: ClassVar[str] = "follow_up_done"
    store_id: int
    done_at: datetime
    follow_up_id: int | None = None
    visit_id: str | None = None
    follow_up_index: int | None = None


@dataclass(frozen=True, slots=True)
class RestockFollowupData:
    """The rep's sales follow-up of a supplied emergency restock request: the units sold
    since supply, a note, and when the rep checked (the phone's time)."""

    TYPE: ClassVar[str] = "restock_followup"
    request_id: str
    store_id: int
    sold_units: int
    checked_at: datetime
    note: str = ""


@dataclass(frozen=True, slots=True)
class RecommendationData:
    """A rep's suggestion of a product to ``store_id`` (品牌培育), shown to the owner in the
    catalogue, never put in a cart; ``withdraw`` ends the store's suggestion of it."""

    TYPE: ClassVar[str] = "recommendation"
    store_id: int
    product_id: int
    note: str = ""
    withdraw: bool = False


RecordData = (VisitData | PriceCheckData | StoreUpdateData | TicketData | RestockData
              | TicketUpdateData | OrderData | FollowUpDoneData | RestockFollowupData
              | RecommendationData)
