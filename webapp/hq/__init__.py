"""The hq blueprint: `views` (the blueprint and its URL rules), `forms`, `queries` (what the
pages read); the sync pages read through `sync_queries`. Decisions go through
`webapp.services`."""
