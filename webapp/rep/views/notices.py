"""A notice to a store of the rep's territory (信息发布: the store's rep reads what its
stores are told); reading it records the read receipt the publisher sees."""

from flask import abort, render_template
from flask_login import current_user

from ...auth.roles import role_required
from ...extensions import db
from ...inbox.notice_queries import reader_notice
from ...models import utcnow
from ...rules.roles import REP
from ...services.notices import mark_notice_read


@role_required(REP)
def notice(notice_id: int):
    """The notice (404 if expired or to no store of the rep's territory); marks it read."""
    found = reader_notice(db.session, current_user, notice_id, utcnow())
    if found is None:
        abort(404)
    item, store_id = found
    if mark_notice_read(db.session, current_user, item, store_id):
        db.session.commit()
    return render_template("rep/notice.html", notice=item)
