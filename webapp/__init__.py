"""Rounds (巡店): the Flask web application.

Importing this package stays cheap and Flask-free, so the plain-Python packages
(`webapp.rules`, `webapp.models`) and the `sync` package can be used without
Flask: the application itself is only built by `create_app`.
"""


def create_app(config: dict | None = None):
    """Build the Flask application.

    Settings come from `webapp.config` defaults, then `instance/config.py`,
    then environment variables, then the `config` mapping (tests).
    """
    from .factory import build_app

    return build_app(config)
