"""What the rep's pages read, one module per page: `today` (the round), `store` (a store's
page), `capture` (what the capture forms offer), `tickets` (open tickets and their clocks).

Every query is limited by `webapp.scope` or by a store the view already checked. No Flask.
"""
