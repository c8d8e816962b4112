"""The store owner's phone pages (零售客户) under /store: the blueprint and every URL rule.

The rules are written here, in one table; the view functions live beside this file, one
module per page group. Every page is about the owner's current store
(`webapp.store.current_store`), switchable from every page. Importing a module
registers nothing.
"""

from flask import Blueprint

from . import stores

bp = Blueprint("store", __name__, url_prefix="/store")
GET_POST = ("GET", "POST")

# my stores and the current one
bp.add_url_rule("/", view_func=stores.home)
bp.add_url_rule("/<int:store_id>", view_func=stores.detail)
bp.add_url_rule("/current", view_func=stores.switch_store, methods=("POST",))
