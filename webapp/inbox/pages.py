"""The inbox page and the mark-read action, shared by the rep, HQ and store blueprints.

Views are thin: read, call `services.notifications`, commit, 303 back (or the list
fragment to htmx). Marking read is idempotent: a second POST changes nothing.
"""

from flask import Response, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..extensions import db
from ..htmx import is_htmx_fragment_request, is_htmx_request, render_page_or_fragment
from ..models import Notification
from ..notification_texts import notification_link
from ..services.notifications import inbox, mark_read, mark_subject_read, unread_count
from ..url_ids import id_or_none
from .forms import MarkReadForm

INBOX_TEMPLATES = {"rep": "rep/inbox.html", "hq": "hq/inbox.html", "store": "store/inbox.html"}
INBOX_PAGE = 30  # the newest; older ones are read or no longer news


def unread_badge_count() -> int:
    """The signed-in user's unread count, once per request (one indexed COUNT)."""
    if not current_user or not current_user.is_authenticated:
        return 0
    if "unread_notifications" not in g:
        g.unread_notifications = unread_count(db.session, current_user)
    return g.unread_notifications


def _inbox_context(audience: str) -> dict:
    items = inbox(db.session, current_user, limit=INBOX_PAGE)
    return {"items": items, "form": MarkReadForm(), "mark_url": url_for(f"{audience}.inbox_read"),
            "unread": sum(1 for n in items if n.read_at is None)}


def inbox_page(audience: str):
    """The reader's newest notifications, each unread one marked New."""
    return render_page_or_fragment(INBOX_TEMPLATES[audience],
                                   f"{audience}/partial/inbox_list.html",
                                   **_inbox_context(audience))


def mark_inbox_read(audience: str):
    """Mark one of the reader's notifications read, or all; never someone else's.
    With `open` (a notification's id): mark that one read and go to its subject (the
    order, the ticket, the request, the notice) — opening a message reads it."""
    form = MarkReadForm()
    if request.form.get("open") is not None:
        return _open(audience, form)
    if form.validate_on_submit():
        raw = (form.notification_id.data or "").strip()
        number = id_or_none(raw)  # None too for one past an id column's range
        ids = [number] if number is not None else None
        if raw and ids is None:
            ids = []  # a garbled id marks nothing rather than everything
        mark_read(db.session, current_user, ids)
        db.session.commit()
        g.pop("unread_notifications", None)
    if is_htmx_fragment_request():  # the list, and the nav's badge redrawn out of band
        return render_template(f"{audience}/partial/inbox_list.html", badge_oob=True,
                               **_inbox_context(audience))
    if form.errors:
        flash(_("The form expired; try again."), "error")
    return redirect(url_for(f"{audience}.inbox"), code=303)


def _open(audience: str, form: MarkReadForm):
    opened = id_or_none(request.form.get("open"))
    mine = db.session.get(Notification, opened) if opened is not None else None
    if mine is None or mine.user_id != current_user.id or not form.validate_on_submit():
        return redirect(url_for(f"{audience}.inbox"), code=303)
    mark_read(db.session, current_user, [mine.id])
    db.session.commit()
    target = notification_link(mine, current_user.role) or url_for(f"{audience}.inbox")
    if is_htmx_request():  # a whole page, not a piece of the list
        return Response(status=204, headers={"HX-Redirect": target})
    return redirect(target, code=303)


def read_on_sight(subject_type: str, subject_id) -> None:
    """The reader opened a subject's own page (a ticket, not through the inbox): their
    messages about it are read, and the badge counts only what is still news."""
    if mark_subject_read(db.session, current_user, subject_type, str(subject_id)):
        db.session.commit()
        g.pop("unread_notifications", None)
