"""The rep's inbox: answers to their tickets, decisions on their requests, notices to
their stores (issue 12 item 8)."""

from ...auth.roles import role_required
from ...inbox.pages import inbox_page, mark_inbox_read
from ...rules.roles import REP


@role_required(REP)
def inbox():
    """The rep's notifications, newest first."""
    return inbox_page("rep")


@role_required(REP)
def inbox_read():
    """Mark one notification read, or all (POST with CSRF; idempotent)."""
    return mark_inbox_read("rep")
