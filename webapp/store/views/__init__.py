"""The store owner's phone pages (零售客户) under /store: the blueprint and every URL rule.

The rules are written here, in one table; the view functions live beside this file, one
module per page group. Every page is about the owner's current store
(`webapp.store.current_store`), switchable from every page. Importing a module
registers nothing.
"""

from flask import Blueprint

from ..home_extras import home_extras
from . import notices, stores, surveys

bp = Blueprint("store", __name__, url_prefix="/store")
GET_POST = ("GET", "POST")

# my stores and the current one
bp.add_url_rule("/", view_func=stores.home)
bp.add_url_rule("/<int:store_id>", view_func=stores.detail)
bp.add_url_rule("/current", view_func=stores.switch_store, methods=("POST",))

# notices to the owner's stores, the quarterly survey
bp.add_url_rule("/notices/<int:notice_id>", view_func=notices.notice)
bp.add_url_rule("/survey", view_func=surveys.quarterly_survey, methods=GET_POST,
                endpoint="quarterly_survey")
bp.add_url_rule("/survey/skip", view_func=surveys.skip_quarterly, methods=("POST",),
                endpoint="quarterly_survey_skip")
bp.context_processor(home_extras)
