"""The api blueprint: `views` (the blueprint and its URL rules), `forms` (what a request
carries, parsed within limits), `auth` and `device_auth` (who is calling)."""
