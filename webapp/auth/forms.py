"""Forms of the auth blueprint (CSRF-protected by Flask-WTF)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, PasswordField, StringField
from wtforms.validators import AnyOf, DataRequired, Length


class LoginForm(FlaskForm):
    """Username and password."""

    username = StringField(_l("Username"), validators=[DataRequired(), Length(max=64)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=128)])
    remember = BooleanField(_l("Stay signed in on this device"), default=True)
    next = HiddenField()


class LanguageForm(FlaskForm):
    """The language picker shown in every layout."""

    locale = StringField(validators=[AnyOf(["zh", "en"])])
    next = HiddenField()
