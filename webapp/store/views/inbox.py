"""The owner's inbox (issue 11 item 7, issue 12): arrival notices, answers to tickets,
notices and surveys, newest first, each in the reader's language from its kind and
params (the shared renderer, `webapp.notification_texts` and
templates/_macros/notifications.html). Opening a message marks it read and goes to its
subject's owner page; marking read is idempotent (a second tap changes nothing)."""

from flask_login import current_user

from ...auth.roles import role_required
from ...extensions import db
from ...inbox.pages import inbox_page, mark_inbox_read
from ...services.surveys import survey_due_for_store
from ..current_store import current_store


@role_required("store_owner")
def inbox():
    """The owner's notifications (the shared list, its links to the owner's pages)."""
    return inbox_page("store")


@role_required("store_owner")
def read():
    """Mark one notification read (`notification_id`) or all of them, then back to the
    inbox; with `open` (a notification's id) mark that one read and go to its subject
    (the order, the ticket, the notice)."""
    return mark_inbox_read("store")


def owner_page_globals() -> dict:
    """For every owner page: the order whose survey waits (a callable: a page that does
    not show it runs no query)."""
    def survey_waiting():
        if not current_user.is_authenticated:
            return None
        return survey_due_for_store(db.session, current_user,
                                    current_store(db.session, current_user))

    return {"survey_waiting": survey_waiting}
