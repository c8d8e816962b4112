"""The owner's forms on a ticket: add information, rate the resolution, reopen, and the
callback survey. (Raising a ticket posts a `ticket` record, like the rep's form.)"""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length

from .survey_forms import PICK_ONE, SCORE_CHOICES


class InfoForm(FlaskForm):
    """More information for the people handling the ticket."""

    text = TextAreaField(_l("Add information"), validators=[
        DataRequired(message=_l("Write what you want to add.")), Length(max=2000)])


class RateForm(FlaskForm):
    """How satisfied the store is with the resolution (1–5)."""

    satisfaction = RadioField(_l("How satisfied are you with the resolution?"), coerce=int,
                              choices=SCORE_CHOICES, validators=[InputRequired(message=PICK_ONE)])
    comment = TextAreaField(_l("Comments (optional)"), validators=[Length(max=2000)])


class ReopenForm(FlaskForm):
    """Not solved after all: why."""

    reason = TextAreaField(_l("Why reopen it?"), validators=[
        DataRequired(message=_l("Say what is still wrong.")), Length(max=2000)])
