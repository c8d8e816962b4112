"""Session-bound use cases, one module per aggregate.

Each module owns both the phone's apply path (the records `push.apply_batch` hands it)
and HQ's decisions about the same rows: `stores` (+ `store_changes`, `store_fields`),
`visits` (+ `check_ins`), `prices`, `tickets` (+ `ticket_actions`, `ticket_support`,
`ticket_escalation`: the ticket desk's actions and the escalation clock), `restock`,
`orders` (+ `ordering_data`, `ordering_setup`), `photos` (+ `photo_uploads`,
`photo_errors`), `conflicts`, `quarantine`, `devices`, `push`, `pull`, `tombstones`,
`notifications` and `audit`; the small shared pieces are `context` (who acts, settings,
clock), `lookups` (stores in scope, products), `write_lock`, `bulk` (inserts at driver
speed), `change_feed` (the change counter), `corrections` and `refusals`. Services load
through `webapp.scope`, ask `webapp.rules` and `sync` for decisions, write models and
the audit log, and never commit: the view or command does. No Flask here.
"""
