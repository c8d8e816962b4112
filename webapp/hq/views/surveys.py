"""HQ survey results: the quarterly survey's response rate and average scores per region
and quarter, against the satisfaction target (002 满意度调查)."""

from flask import current_app, render_template, request
from flask_login import current_user

from ... import clock
from ...auth.roles import role_required
from ...extensions import db
from ...request_context import service_settings
from ...rules.roles import HQ_ROLES
from ...rules.survey_periods import QUARTER_SCORES
from ..queries.surveys import recent_periods, survey_stats


@role_required(*HQ_ROLES)
def surveys():
    """One quarter's figures (?period=2026-Q4; the current quarter by default)."""
    periods = recent_periods(clock.today(current_app.config["TIMEZONE"]))
    period = request.args.get("period", periods[0])
    period = period if period in periods else periods[0]
    return render_template("hq/surveys.html", periods=periods, period=period,
                           stats=survey_stats(db.session, current_user, period),
                           scores=QUARTER_SCORES,
                           target=service_settings().satisfaction_target)
