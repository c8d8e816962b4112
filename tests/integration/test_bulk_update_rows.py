"""services.bulk.update_rows: one UPDATE per row, each row changed only where every
condition holds (escalation's conditional update relies on it: a ticket another run
escalated first keeps that run's values)."""

from sqlalchemy import select

from webapp.models import User
from webapp.services.bulk import update_rows


def test_update_rows_changes_only_rows_whose_conditions_all_hold(seeded, db):
    users = db.session.scalars(select(User).order_by(User.id).limit(3)).all()
    first, second, third = users
    update_rows(db.session, User.__table__, ("id", "username"), ("display_name",), [
        ("改名一", first.id, first.username),
        ("改名二", second.id, "someone-else"),  # a condition fails: left alone
        ("改名三", third.id, third.username)])
    db.session.expire_all()
    names = dict(db.session.execute(select(User.id, User.display_name)
                                    .where(User.id.in_([u.id for u in users]))).all())
    assert names[first.id] == "改名一" and names[third.id] == "改名三"
    assert names[second.id] != "改名二"

