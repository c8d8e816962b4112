"""The owner's survey forms: scores 1–5 as radio buttons, suggestions, and a skip."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectChoice, TextAreaField
from wtforms.validators import InputRequired, Length

SCORE_CHOICES = [SelectChoice(n, str(n)) for n in range(5, 0, -1)]
PICK_ONE = _l("Choose a score from 1 (poor) to 5 (very good).")


def _score(label) -> RadioField:
    return RadioField(label, coerce=int, choices=SCORE_CHOICES,
                      validators=[InputRequired(message=PICK_ONE)])


class CallbackSurveyForm(FlaskForm):
    """After a settled ticket: attitude, effect, overall, a comment."""

    attitude = _score(_l("Service attitude"))
    effect = _score(_l("Service effect (how well it was solved)"))
    overall = _score(_l("Overall satisfaction"))
    comment = TextAreaField(_l("Comments or suggestions (optional)"),
                            validators=[Length(max=2000)])


class QuarterlySurveyForm(CallbackSurveyForm):
    """The quarterly survey adds product satisfaction."""

    product = _score(_l("Product satisfaction"))


class SkipForm(FlaskForm):
    """Not now: only the CSRF token."""
