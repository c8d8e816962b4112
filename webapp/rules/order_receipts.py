"""The receipt of a delivered order (签收, spec §2.5, §3.6): what the store may say about
each line and when it is refused. Plain values only: no Flask, no database.

The store checks quantity and quality against the delivery note [002 對照送貨單和實際貨物]
and signs [002 由雙方交接人員簽字確認]. Per line it says how many cartons arrived (a whole
number from 0 to the quantity ordered) and, if something went wrong, which exception:
damaged (a photo is mandatory [002 應立即拍照留存證據]), lost (missing), delayed or
disputed. A line that arrived short without a reason is recorded as `lost` (missing):
the store said fewer arrived, and that is what a missing line is. The whole order may
carry an exception too (late, a handover dispute).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .codes import OrderException, TicketCategory

NOTE_MAX_CHARS = 500
SIGNER_MAX_CHARS = 100

# Which ticket category each delivery exception opens (rules.ticket_taxonomy, delivery).
EXCEPTION_CATEGORY: dict[str, TicketCategory] = {
    OrderException.DAMAGED: TicketCategory.DELIVERY_DAMAGE,
    OrderException.LOST: TicketCategory.DELIVERY_LOSS,
    OrderException.DELAYED: TicketCategory.DELIVERY_DELAY,
    OrderException.DISPUTED: TicketCategory.HANDOVER_DISPUTE,
}
# The order's own exception flag when several lines differ: the gravest first.
EXCEPTION_ORDER: tuple[str, ...] = (OrderException.DAMAGED, OrderException.LOST,
                                    OrderException.DISPUTED, OrderException.DELAYED)


@dataclass(frozen=True)
class ReceiptProblem:
    """One reason a receipt is refused: a stable `code`, the order line (None: the whole
    receipt) and the values the message needs."""

    code: str
    line_id: int | None = None
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class LineEntry:
    """What the store typed for one line, as typed (the rules parse it)."""

    received: Any
    exception: Any = None
    note: Any = None
    photos: int = 0  # how many photos came with this line


@dataclass(frozen=True)
class CheckedLine:
    """One line of a receipt that holds."""

    line_id: int
    ordered: int
    received: int
    exception: str | None
    note: str | None


@dataclass
class ReceiptCheck:
    """The lines that hold, the order's exception, and every problem found."""

    lines: list[CheckedLine]
    order_exception: str | None
    problems: list[ReceiptProblem]

    @property
    def all_correct(self) -> bool:
        """Every carton arrived and nothing went wrong: the order completes."""
        return self.order_exception is None and all(
            line.exception is None and line.received == line.ordered for line in self.lines)

    def exceptions(self) -> dict[str, list[int]]:
        """Each exception raised, with the order lines it concerns (none: the order)."""
        found: dict[str, list[int]] = {}
        for line in self.lines:
            if line.exception:
                found.setdefault(line.exception, []).append(line.line_id)
        if self.order_exception:
            found.setdefault(self.order_exception, [])
        return found


def parse_quantity(raw: Any) -> int | None:
    """A whole number of cartons from a form value or a number; None if it is not one."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return raw
    if isinstance(raw, str) and raw.strip().lstrip("-").isdigit():
        return int(raw.strip())
    return None


def _exception(raw: Any) -> str | None | bool:
    """The exception code, None for none, False for an unknown one."""
    if raw in (None, ""):
        return None
    try:
        return OrderException(str(raw))
    except ValueError:
        return False


def _note(raw: Any) -> str | None:
    return (str(raw).strip()[:NOTE_MAX_CHARS] or None) if raw is not None else None


def check_receipt(ordered: Mapping[int, int], entries: Mapping[int, LineEntry],
                  signer: Any, order_exception: Any = None,
                  order_photos: int = 0) -> ReceiptCheck:
    """Check a receipt of lines `ordered` (line id → cartons ordered) against what the
    store typed (`entries`, one per line); every problem is listed, per line."""
    problems: list[ReceiptProblem] = []
    lines: list[CheckedLine] = []
    if not isinstance(signer, str) or not signer.strip():
        problems.append(ReceiptProblem("signer_required"))
    for line_id in sorted(set(entries) - set(ordered)):
        problems.append(ReceiptProblem("unknown_line", line_id))
    for line_id, quantity in ordered.items():
        entry = entries.get(line_id)
        if entry is None:
            problems.append(ReceiptProblem("line_missing", line_id))
            continue
        received = parse_quantity(entry.received)
        exception = _exception(entry.exception)
        if received is None:
            problems.append(ReceiptProblem("quantity_not_whole", line_id))
        elif received < 0:
            problems.append(ReceiptProblem("quantity_negative", line_id))
        elif received > quantity:
            problems.append(ReceiptProblem("quantity_over_ordered", line_id,
                                           {"ordered": quantity}))
        if exception is False:
            problems.append(ReceiptProblem("unknown_exception", line_id))
            continue
        if exception == OrderException.DAMAGED and entry.photos < 1:
            problems.append(ReceiptProblem("damage_needs_photo", line_id))
        if received is None or not 0 <= received <= quantity:
            continue
        if exception is None and received < quantity:
            exception = OrderException.LOST  # fewer arrived: a missing line
        lines.append(CheckedLine(line_id, quantity, received, exception, _note(entry.note)))
    whole = _exception(order_exception)
    if whole is False:
        problems.append(ReceiptProblem("unknown_exception"))
        whole = None
    elif whole == OrderException.DAMAGED and order_photos < 1:
        problems.append(ReceiptProblem("damage_needs_photo"))
    return ReceiptCheck(lines, whole, problems)


def order_flag(check: ReceiptCheck) -> str | None:
    """The order's exception flag: the gravest one raised, or None."""
    raised = check.exceptions()
    return next((code for code in EXCEPTION_ORDER if code in raised), None)
