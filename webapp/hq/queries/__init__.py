"""What the HQ pages read: `overview` (the dashboard and its lists), `freshness` (per rep),
`names` (who and what a row names), `ticket_queue` and `ticket_page` (the ticket desk).
Every query is limited by `webapp.scope`. No Flask.

The sync pages read through `webapp.hq.sync_queries`.
"""
