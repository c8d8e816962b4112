"""The inbox's one form: mark read (one message, or all)."""

from flask_wtf import FlaskForm
from wtforms import HiddenField


class MarkReadForm(FlaskForm):
    """Mark one notification read (`notification_id`), or all of them (empty)."""

    notification_id = HiddenField()
