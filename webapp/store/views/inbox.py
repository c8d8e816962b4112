"""The owner's inbox (issue 11 item 7): arrival notices and other notifications, newest
first, each in the reader's language from its kind and params; marking read is
idempotent (a second tap changes nothing)."""

from flask import redirect, render_template, request, url_for
from flask_login import current_user

from ...auth.roles import role_required
from ...extensions import db
from ...notification_texts import notification_link
from ...notification_texts import notification_text as shared_text
from ...services.notifications import inbox as user_inbox
from ...services.notifications import mark_read, unread_count
from ...services.surveys import survey_due_for_store
from ..current_store import current_store
from ..order_messages import notification_text


def _row(n) -> tuple:
    """(notification, its words, the order it opens or None, the link of any other
    subject or None). Order messages keep the owner's own wording; every other kind
    (ticket answers and moves, notices, surveys) the shared inbox's words and link."""
    if n.subject_type == "order":
        order_id = int(n.subject_id) if n.subject_id.isdigit() else None
        return n, notification_text(n.kind, n.params or {}), order_id, None
    return n, shared_text(n), None, notification_link(n, current_user.role)


@role_required("store_owner")
def inbox():
    """The owner's notifications."""
    rows = [_row(n) for n in user_inbox(db.session, current_user)]
    return render_template("store/inbox.html", rows=rows)


@role_required("store_owner")
def read():
    """Mark one notification read (`notification_id`) or all of them, then go back to the
    inbox, or to the notification's order when `open` is given."""
    chosen = request.form.get("notification_id", type=int)
    mark_read(db.session, current_user, None if chosen is None else [chosen])
    db.session.commit()
    order_id = request.form.get("open", type=int)
    if order_id is not None:
        return redirect(url_for("store.order", order_id=order_id), code=303)
    return redirect(url_for("store.inbox"), code=303)


def owner_page_globals() -> dict:
    """For every owner page: the inbox badge's count and the order whose survey waits
    (callables: a page that shows neither runs no query)."""
    def survey_waiting():
        if not current_user.is_authenticated:
            return None
        return survey_due_for_store(db.session, current_user,
                                    current_store(db.session, current_user))

    return {"inbox_unread": lambda: unread_count(db.session, current_user)
            if current_user.is_authenticated else 0,
            "survey_waiting": survey_waiting}
