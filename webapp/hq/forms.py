"""Forms of the HQ sync and store pages (CSRF-protected by Flask-WTF), their labels,
the answer status of a form sent back, and the words shown when a sync action is refused."""

import json
from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    HiddenField,
    IntegerField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import AnyOf, DataRequired, InputRequired, Length, ValidationError

from sync.json_input import JSONInputError, loads_bounded

from ..i18n import lazy_code_labels
from ..rules.phones import validate_phone
from ..services.refusals import ActionRefused
from ..templating import localdate

FIELD_LABELS = lazy_code_labels("store_field")
DELIVERY_LABELS = lazy_code_labels("delivery_method")


def _phone(form, field) -> None:
    try:
        field.data = validate_phone(field.data or "")
    except ValueError:
        raise ValidationError(_("Enter a mobile number like 13812345678 or a landline "
                                "like 0876-1234567.")) from None


class StoreEditForm(FlaskForm):
    """HQ's edit of a store's editable fields; `version` is the version the form showed."""

    phone = StringField(FIELD_LABELS["phone"], validators=[DataRequired(), _phone])
    owner_name = StringField(FIELD_LABELS["owner_name"],
                             validators=[DataRequired(), Length(max=100)])
    address = StringField(FIELD_LABELS["address"], validators=[DataRequired(), Length(max=300)])
    opening_hours = StringField(FIELD_LABELS["opening_hours"], validators=[Length(max=100)])
    business_type = SelectField(FIELD_LABELS["business_type"], validators=[DataRequired()])
    delivery_method = SelectField(FIELD_LABELS["delivery_method"],
                                  choices=[SelectChoice(code, label)
                                           for code, label in DELIVERY_LABELS.items()],
                                  validators=[DataRequired()])
    version = IntegerField(widget=HiddenField.widget, validators=[InputRequired()])

    def values(self) -> dict[str, str]:
        """The store fields as entered (stripped)."""
        return {name: (self[name].data or "").strip() for name in FIELD_LABELS}


class ChoiceForm(FlaskForm):
    """Which side of a conflict stays."""

    keep = StringField(validators=[AnyOf(["winner", "loser"])])


class ReasonForm(FlaskForm):
    """A required reason (discarding a record, rejecting a change)."""

    reason = TextAreaField(_l("Reason"), validators=[
        DataRequired(message=_l("Give a reason: the rep and the audit log will see it.")),
        Length(max=500)])


class PayloadForm(FlaskForm):
    """The fixed raw record, as JSON text."""

    payload = TextAreaField(_l("Record (JSON)"), validators=[
        DataRequired(message=_l("Paste the record as JSON."))])


class ConfirmForm(FlaskForm):
    """A button that only needs the CSRF token (approve, revoke)."""

    note = StringField(_l("Note"), validators=[Length(max=500)])

def parse_payload(text: str) -> tuple[object, str | None]:
    """(the parsed JSON, None) or (None, a message saying where the JSON breaks)."""
    try:
        return loads_bounded(text), None
    except JSONInputError:
        return None, _json_problem(text)


JSON_PROBLEMS = {  # json.JSONDecodeError.msg -> words in the reader's language
    "Expecting property name enclosed in double quotes":
        _l("a name in double quotes was expected"),
    "Expecting value": _l("a value was expected"),
    "Expecting ',' delimiter": _l("a comma was expected"),
    "Expecting ':' delimiter": _l("a colon was expected"),
    "Unterminated string starting at": _l("a text is not closed with a double quote"),
    "Invalid control character at": _l("a text holds a line break or control character"),
    "Invalid \\escape": _l("a backslash escape is not valid"),
    "Invalid \\uXXXX escape": _l("a backslash escape is not valid"),
    "Extra data": _l("something follows the end of the record"),
}


def _json_problem(text: str) -> str:
    """Why bounded parsing refused `text`: a syntax error's place, else the bounds."""
    try:
        json.loads(text)
    except json.JSONDecodeError as error:
        problem = JSON_PROBLEMS.get(error.msg, _l("a character does not belong there"))
        return _("This is not valid JSON at line %(line)d, column %(column)d: %(problem)s. "
                 "Nothing was changed.", problem=problem, line=error.lineno,
                 column=error.colno)
    except (RecursionError, ValueError):
        pass  # not a syntax error: too deep or not finite, said below
    return _("This JSON is nested too deeply or holds a number that is not finite. "
             "Nothing was changed.")


def _day(text: str) -> str:
    """An ISO day of a refusal's detail, as the reader writes dates."""
    try:
        return localdate(date.fromisoformat(text))
    except ValueError:
        return text


def refusal_message(error: ActionRefused) -> str:
    """What a person reads when a sync action is refused."""
    messages = {
        "already_resolved": _("This item was already dealt with (%(status)s).",
                              status=error.detail),
        "already_decided": _("This change was already decided (%(status)s).",
                             status=error.detail),
        "reason_required": _("Give a reason: the rep and the audit log will see it."),
        "no_value": _("The other value is empty and cannot be applied."),
        "not_an_object": _("The record must be a JSON object: { ... }."),
        "no_user": _("The user who sent this record no longer exists; discard it instead."),
        "bad_id": _("The record needs an \"id\" that is a UUID (%(detail)s).",
                    detail=error.detail),
        "id_changed": _("Do not change the record's \"id\": the phone knows it by this id "
                        "(%(detail)s).", detail=error.detail),
        "invalid_value": _("A value is not valid: %(detail)s", detail=error.detail),
        "wrong_status": _("This cannot be done in the request's present status."),
        "nothing_supplied": _("Enter how many cartons were supplied: at least one in all."),
        "not_due": _("The sales follow-up is due on %(day)s.", day=_day(error.detail)),
        "over_limit": _("This request is over a restock limit (%(detail)s); refuse it with "
                        "a reason instead.", detail=error.detail),
    }
    return messages.get(error.reason, _("This action cannot be done: %(detail)s",
                                        detail=str(error)))
