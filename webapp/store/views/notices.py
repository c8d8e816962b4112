"""A notice to one of the owner's stores: reading it here records the read receipt the
publisher sees (信息发布) and reads its inbox message (the badge goes down)."""

from flask import abort, render_template
from flask_login import current_user

from ...auth.roles import role_required
from ...extensions import db
from ...inbox.notice_queries import reader_notice
from ...models import utcnow
from ...services.notices import mark_notice_read
from ...services.notifications import mark_subject_read
from ..current_store import current_store


@role_required("store_owner")
def notice(notice_id: int):
    """The notice (404 if expired or not to one of the owner's stores); marks it read."""
    store = current_store(db.session, current_user)
    found = reader_notice(db.session, current_user, notice_id, utcnow(),
                         prefer_store_id=store.id if store else None)
    if found is None:
        abort(404)
    item, store_id = found
    first_read = mark_notice_read(db.session, current_user, item, store_id)
    if mark_subject_read(db.session, current_user, "notice", str(item.id)) or first_read:
        db.session.commit()
    return render_template("store/notice.html", notice=item)
