"""What the owner's home page shows beside its own content, read by its partials:
the notices to the current store and the quarterly survey it still owes. Given to the
store templates as functions, so the home view needs no change and a page that does
not include the partials runs no query."""

from flask import current_app
from flask_login import current_user

from .. import clock
from ..extensions import db
from ..inbox.notice_queries import OwnerNotice, store_notices
from ..models import utcnow
from ..services.quarterly_surveys import quarterly_survey_due
from .current_store import current_store


def owner_home_notices() -> list[OwnerNotice]:
    """The live notices to the owner's current store, newest first."""
    store = current_store(db.session, current_user)
    return [] if store is None else store_notices(db.session, current_user, store, utcnow())


def owner_survey_due() -> str | None:
    """The quarter whose survey the current store still owes, or None."""
    store = current_store(db.session, current_user)
    if store is None:
        return None
    return quarterly_survey_due(db.session, store,
                                clock.today(current_app.config["TIMEZONE"]))


def home_extras() -> dict:
    """The functions the owner's home partials call."""
    return {"owner_home_notices": owner_home_notices, "owner_survey_due": owner_survey_due}
