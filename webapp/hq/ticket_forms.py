"""The ticket desk's forms (CSRF-protected by Flask-WTF) and the words of a refused
ticket action (codes: rules.code_labels["ticket_refusal"])."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, StringField, TextAreaField
from wtforms.validators import Length, NumberRange, Optional

from ..i18n import code_label
from ..services.refusals import ActionRefused


class TicketActionForm(FlaskForm):
    """One form for every action button: each action reads the fields it needs and the
    service says what is missing."""

    text = TextAreaField(_l("Text"), validators=[Optional(), Length(max=2000)])
    # the choices are checked by the services (their refusals say what is wrong)
    satisfaction = StringField(_l("Satisfaction"), validators=[Optional(), Length(max=2)])
    severity = StringField(_l("Severity"), validators=[Optional(), Length(max=16)])
    assignee_id = IntegerField(_l("Person"), validators=[Optional(), NumberRange(min=1)])
    tier = StringField(_l("Tier"), validators=[Optional(), Length(max=20)])


def ticket_refusal_message(error: ActionRefused) -> str:
    """What a person reads when a ticket action is refused: the code's words, and for a
    tier the tier's name."""
    words = code_label("ticket_refusal", error.reason)
    if error.reason == "above_tier" and error.detail:
        return _("%(words)s (needs: %(tier)s).", words=words,
                 tier=code_label("tier", error.detail))
    if error.reason == "not_allowed_now":
        return _("%(words)s (%(status)s).", words=words,
                 status=code_label("ticket_status", str(error.detail).split(" ")[0].rstrip(":")))
    return words
