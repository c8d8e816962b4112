"""Field-by-field merge of store info, from phones and from HQ alike: the decision.

A field nobody changed since the writer's `base_version` takes the new value.
A field changed concurrently gets a deterministic winner: the higher hybrid
logical clock (ties broken by the writer's source); the losing value is kept as a
conflict that HQ reviews. A concurrent write of the value the field already holds
is no conflict: nothing is written and the version stays, only the field's clock
moves up to the higher of the two. So every replica and every arrival order ends in
the same state, and no value is silently lost.

Plain values in, decisions out: `webapp.services.store_fields` loads the store's
values and field clocks, asks `decide_fields` and writes what it decided.
"""

from collections.abc import Mapping
from dataclasses import dataclass

from .hlc import HLC


@dataclass(frozen=True)
class FieldClock:
    """The last accepted write of one field: its clock, its writer and the store version."""

    hlc: HLC
    source: str
    version: int


@dataclass(frozen=True)
class FieldResult:
    """What happened to one field: applied, won or lost (a concurrent change), and the value."""

    field: str
    outcome: str  # applied, won, lost
    value: str | None


@dataclass(frozen=True)
class Conflict:
    """Two concurrent writes of different values to one field: who won, who lost."""

    field: str
    winning_value: str | None
    losing_value: str | None
    winning_source: str
    losing_source: str
    winning_hlc: HLC
    losing_hlc: HLC


@dataclass(frozen=True)
class FieldDecision:
    """The merge's decision for one field.

    `write`: the incoming value becomes the field's value (a new store version, the
    field's clock becomes the writer's). `raise_clock`: the value stays, but the
    field's clock moves up to the writer's (the same value from both sides).
    """

    result: FieldResult
    write: bool = False
    raise_clock: bool = False
    conflict: Conflict | None = None


def decide_field(field: str, value: str, current: str | None, clock: FieldClock | None, *,
                 base_version: int, hlc: HLC, source: str) -> FieldDecision:
    """Merge one incoming `value` of `field` into the stored `current` value and `clock`."""
    if clock is None or clock.version <= base_version:
        return FieldDecision(FieldResult(field, "applied", value), write=True)
    incoming_wins = (hlc, source) > (clock.hlc, clock.source)
    if value == current:
        # the same value from both sides is no conflict and no new version; the field
        # keeps the higher clock, so a later concurrent write meets the same winner in
        # any arrival order
        return FieldDecision(FieldResult(field, "applied", value), raise_clock=incoming_wins)
    if incoming_wins:
        conflict = Conflict(field, value, current, source, clock.source, hlc, clock.hlc)
    else:
        conflict = Conflict(field, current, value, clock.source, source, clock.hlc, hlc)
    return FieldDecision(FieldResult(field, "won" if incoming_wins else "lost",
                                     conflict.winning_value),
                         write=incoming_wins, conflict=conflict)


def decide_fields(values: Mapping[str, str], current: Mapping[str, str | None],
                  clocks: Mapping[str, FieldClock], *, base_version: int, hlc: HLC,
                  source: str) -> list[FieldDecision]:
    """One decision per field of `values`, in input order (fields are independent)."""
    return [decide_field(field, value, current.get(field), clocks.get(field),
                         base_version=base_version, hlc=hlc, source=source)
            for field, value in values.items()]
