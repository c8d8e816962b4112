"""The extraction mark of a code's words (see `webapp.rules.code_labels`)."""


def msg(kind: str, english: str) -> str:
    """Mark `english` as the words of a code of `kind` (returned unchanged).

    `pybabel extract -k msg:1c,2` (webapp/i18n_tool.py) collects it as
    `pgettext(kind, english)`; `webapp.i18n.code_label` translates it.
    """
    return english
