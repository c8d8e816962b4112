"""HQ and market managers: escalations to them, failed restock follow-ups, decisions
(issue 12 item 8)."""

from ...auth.roles import role_required
from ...inbox.pages import inbox_page, mark_inbox_read
from ...rules.roles import HQ_ROLES


@role_required(*HQ_ROLES)
def inbox():
    """The reader.s notifications, newest first."""
    return inbox_page("hq")


@role_required(*HQ_ROLES)
def inbox_read():
    """Mark one notification read, or all (POST with CSRF; idempotent)."""
    return mark_inbox_read("hq")
