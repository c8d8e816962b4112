"""The store blueprint: `views` (the blueprint and its routes) and `queries` (what its
pages read)."""
