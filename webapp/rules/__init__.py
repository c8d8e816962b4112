"""The manuals' service policies as plain Python: no Flask, no database.

Pure functions and small value types the views and services call; `sync` (which may
not import `webapp`) receives what it needs as `record_vocabulary.RECORD_VOCABULARY`.
Each rule and each code list has its one definition here:

- `settings`: every number, with the manuals' defaults (`ServiceSettings`);
- `calendar`: working days and hours, holidays and make-up days (`WorkCalendar`);
- `codes`: the fixed codes the database stores (the models' CHECKs use them);
- `code_labels` (+ `sync_labels`, `label_marker`): each code's words, as gettext msgids;
- `record_vocabulary`: the code lists, money and phone rules handed to the sync parsers;
- `tickets` (`ticket_*`): taxonomy, severity, authority tier, deadlines,
  escalation, repeats, status machine and callback;
- `cadence`: visits due by store grade, the weekly sample price check, the ISO week;
- `visit_trust`: trust flags of a visit;
- `restock`: emergency restock limits, decision and sales follow-up;
- `store_changes`: who applies which store field, the 1-working-day rule;
- `phones`: what a store phone number is (spaces dropped, then checked);
- `prices`: guide-price deviation, money (yuan text ↔ integer fen);
- `metrics`: on-time rates, coverage and accuracies against their targets.
"""

from .calendar import WorkCalendar
from .settings import ServiceSettings
from .transitions import IllegalTransition

__all__ = ["IllegalTransition", "ServiceSettings", "WorkCalendar"]
