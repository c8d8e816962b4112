"""THE vocabulary the sync parsers check records against, built from the rules.

`sync` may not import `webapp` (it is the protocol only), so the push path and the
rep's forms pass this instance to `sync.records.parse_record`. It satisfies
`sync.vocabulary.RecordVocabulary` by its shape; this module imports nothing from
`sync` either.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .codes import (
    STORE_EDITABLE_FIELDS,
    STORE_REQUIRED_FIELDS,
    TICKET_UPDATE_ACTIONS,
    DeliveryMethod,
    FindingArea,
    RestockReason,
    TicketCategory,
    TicketKind,
    VisitPurpose,
    values,
)
from .phones import validate_phone
from .prices import parse_yuan


@dataclass(frozen=True)
class Vocabulary:
    """Code lists as tuples of stored strings, and the money and phone rules."""

    visit_purposes: tuple[str, ...]
    finding_areas: tuple[str, ...]
    store_fields: tuple[str, ...]
    required_store_fields: tuple[str, ...]
    delivery_methods: tuple[str, ...]
    ticket_kinds: tuple[str, ...]
    ticket_categories: tuple[str, ...]
    restock_reasons: tuple[str, ...]
    ticket_update_actions: tuple[str, ...]
    parse_yuan: Callable[[str], int]
    clean_phone: Callable[[str], str]


RECORD_VOCABULARY = Vocabulary(
    visit_purposes=values(VisitPurpose),
    finding_areas=values(FindingArea),
    store_fields=STORE_EDITABLE_FIELDS,
    required_store_fields=STORE_REQUIRED_FIELDS,
    delivery_methods=values(DeliveryMethod),
    ticket_kinds=values(TicketKind),
    ticket_categories=values(TicketCategory),
    restock_reasons=values(RestockReason),
    ticket_update_actions=TICKET_UPDATE_ACTIONS,
    parse_yuan=parse_yuan,
    clean_phone=validate_phone,
)
