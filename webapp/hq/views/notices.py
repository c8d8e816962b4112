"""HQ notices (信息发布): the list, publishing one, and who read it when.

A market manager publishes within their region only; the choices offered are those in
scope and `services.notices.publish_notice` refuses any other. Out of scope is a 404.
"""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from wtforms import SelectChoice

from ...auth.roles import role_required
from ...extensions import db
from ...htmx import invalid_form_status
from ...i18n import code_label
from ...models.notice import NOTICE_KINDS
from ...rules.roles import HQ_ROLES
from ...services.notices import Audience, publish_notice
from ...services.refusals import ActionRefused
from ..notice_forms import NoticeForm
from ..queries.names import active_business_types, business_type_names
from ..queries.notices import audience_choices, find_notice, notice_receipts, notice_rows
from .access import acting_user


def _refusal_text(error: ActionRefused) -> str:
    return {
        "notice_out_of_scope": _("You can only publish to stores of your own region."),
        "notice_no_stores": _("No store matches this choice: widen it."),
        "notice_expired": _("The last day to show it has already passed."),
        "notice_empty": _("Give the notice a title and a text."),
    }.get(error.reason, _("This notice cannot be published."))


def _form_with_choices() -> NoticeForm:
    form = NoticeForm()
    regions, territories = audience_choices(db.session, current_user)
    lang = "en" if str(get_locale()) == "en" else "zh"
    names = business_type_names(db.session, lang)
    form.kind.choices = [SelectChoice(k, code_label("notice_kind", k)) for k in NOTICE_KINDS]
    form.region_ids.choices = [SelectChoice(r.id, r.name) for r in regions]
    form.territory_ids.choices = [SelectChoice(t.id, t.name) for t in territories]
    form.business_types.choices = [SelectChoice(c, names.get(c, c))
                                   for c in sorted(active_business_types(db.session))]
    return form


def _end_of_local_day(day) -> datetime:
    zone = ZoneInfo(current_app.config["TIMEZONE"])
    return datetime.combine(day + timedelta(days=1), time(0), tzinfo=zone)


@role_required(*HQ_ROLES)
def notices():
    """The notices this user manages, newest first, with how many stores read each."""
    return render_template("hq/notices.html", rows=notice_rows(db.session, current_user))


@role_required(*HQ_ROLES)
def notice_new():
    """The form; on POST publish and go to the notice's page (303)."""
    form = _form_with_choices()
    if form.validate_on_submit():
        audience = Audience(region_ids=form.region_ids.data or [],
                            territory_ids=form.territory_ids.data or [],
                            business_types=form.business_types.data or [],
                            grades=form.grades.data or [])
        expires = _end_of_local_day(form.expires_on.data) if form.expires_on.data else None
        try:
            notice = publish_notice(db.session, acting_user(), kind=form.kind.data,
                                    title=form.title.data, body=form.body.data,
                                    audience=audience, expires_at=expires)
        except ActionRefused as error:
            db.session.rollback()
            return render_template("hq/notice_new.html", form=form,
                                   problem=_refusal_text(error)), invalid_form_status()
        db.session.commit()
        flash(_("Published to the chosen stores."), "success")
        return redirect(url_for("hq.notice", notice_id=notice.id), code=303)
    status = invalid_form_status() if form.errors else 200
    return render_template("hq/notice_new.html", form=form, problem=None), status


@role_required(*HQ_ROLES)
def notice(notice_id: int):
    """One notice and, per store it reached, who read it and when."""
    found = find_notice(db.session, current_user, notice_id)
    if found is None:
        abort(404)
    return render_template("hq/notice.html", notice=found,
                           receipts=notice_receipts(db.session, current_user, found))
