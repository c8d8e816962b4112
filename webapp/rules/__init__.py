"""The manuals' service policies as plain Python: no Flask, no database.

Pure functions and small value types that the views and the `sync` package call:

- `settings`: every number, with the manuals' defaults (`ServiceSettings`);
- `calendar`: working days and hours, holidays and make-up days (`WorkCalendar`);
- `codes` / `labels`: the fixed codes the database stores, with zh/en labels;
- `tickets` (`ticket_*`): taxonomy, severity, authority tier, deadlines,
  escalation, repeats, status machine and callback;
- `cadence`: visits due by store grade, the weekly sample price check;
- `visit_trust`: visit purposes and trust flags;
- `restock`: emergency restock limits, decision and sales follow-up;
- `store_changes`: who applies which store field, the 1-working-day rule, phones;
- `prices`: guide-price deviation, yuan ↔ fen;
- `metrics`: on-time rates, coverage and accuracies against their targets.
"""

from .calendar import WorkCalendar
from .settings import ServiceSettings
from .transitions import IllegalTransition

__all__ = ["IllegalTransition", "ServiceSettings", "WorkCalendar"]
