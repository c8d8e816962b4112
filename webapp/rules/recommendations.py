"""When the owner sees a rep's product suggestion (品牌培育, domain spec §2.4).

A rep may recommend products to a store (key-cultivation brands, new products, a gap
to fill [000 向客户积极推荐重点培育品牌]); the owner sees the suggestion in the catalogue
and orders, or not, by their own tap: the retailer chooses its brands and quantities
[000 禁止客户经理拿预订单和人为干预客户选择订购品牌]. So a suggestion is never a cart line,
and an old one fades: after `SHOWN_DAYS` days the owner no longer sees it, unless the rep
recommends the product again. Plain Python, no Flask, no database.
"""

from __future__ import annotations

from datetime import datetime, timedelta

SHOWN_DAYS = 60  # the owner sees a suggestion this many days after the rep made it


def shown_since(now: datetime) -> datetime:
    """The oldest `recommended_at` the owner still sees at `now`."""
    return now - timedelta(days=SHOWN_DAYS)


def is_shown(recommended_at: datetime, withdrawn_at: datetime | None, now: datetime) -> bool:
    """Whether the owner sees the suggestion at `now`: not withdrawn, and made within the
    last `SHOWN_DAYS` days (a time after `now`, a phone clock ahead, counts as now)."""
    return withdrawn_at is None and recommended_at >= shown_since(now)


def newer_than(record_at: datetime, recommended_at: datetime,
               withdrawn_at: datetime | None) -> bool:
    """Whether a rep's action made at `record_at` is the latest word on the suggestion
    (last writer wins: an action queued offline for days never undoes a later one)."""
    latest = max(recommended_at, withdrawn_at) if withdrawn_at else recommended_at
    return record_at >= latest
