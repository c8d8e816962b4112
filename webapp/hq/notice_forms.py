"""The HQ form to publish a notice (信息发布): what, to which stores, until when."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from ..models.notice import NOTICE_KINDS
from ..models.store import GRADES
from ..services.notices import BODY_MAX, TITLE_MAX


class CheckboxesField(SelectMultipleField):
    """Several choices as checkboxes (none ticked: the choice does not narrow)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def pre_validate(self, form):
        """A value not offered (a tampered form) is refused in the reader's language:
        WTForms' own message for it has no Chinese."""
        offered = {value for value, *_rest in self.iter_choices()}
        if any(value not in offered for value in self.data or ()):
            raise ValidationError(_l("Choose only among the options shown."))


class NoticeForm(FlaskForm):
    """Kind, title, text, audience (any combination) and an optional last day."""

    kind = SelectField(_l("Kind"), choices=[SelectChoice(k, k) for k in NOTICE_KINDS])
    title = StringField(_l("Title"), validators=[
        DataRequired(message=_l("Give the notice a title.")), Length(max=TITLE_MAX)])
    body = TextAreaField(_l("Text"), validators=[
        DataRequired(message=_l("Write the notice.")), Length(max=BODY_MAX)])
    region_ids = CheckboxesField(_l("Regions"), coerce=int, choices=[])
    territory_ids = CheckboxesField(_l("Territories"), coerce=int, choices=[])
    business_types = CheckboxesField(_l("Business types"), choices=[])
    grades = CheckboxesField(_l("Grades"), choices=[SelectChoice(g, g) for g in GRADES])
    expires_on = DateField(_l("Shown until (last day, optional)"), validators=[Optional()])
