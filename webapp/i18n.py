"""Languages: Chinese by default, English on request, remembered per user."""

from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask import current_app, session
from flask_babel import LazyString, pgettext
from flask_login import current_user

from .rules import code_labels

TRANSLATIONS = Path(__file__).parent / "translations"


def select_locale() -> str:
    """The signed-in user's language, else the session's choice, else the default (zh)."""
    languages = current_app.config["LANGUAGES"]
    if current_user and current_user.is_authenticated and current_user.locale in languages:
        return current_user.locale
    chosen = session.get("locale")
    if chosen in languages:
        return chosen
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def select_timezone() -> str:
    """Times are stored in UTC and shown in the configured zone."""
    return current_app.config["TIMEZONE"]


def compile_catalogs(directory: Path = TRANSLATIONS) -> list[Path]:
    """Compile every `.po` catalogue to `.mo` when the `.mo` is missing or older.

    The `.po` sources are committed; the binaries are built on install and at
    start-up, so a fresh checkout never serves stale or missing translations.
    """
    compiled = []
    for po_path in sorted(directory.glob("*/LC_MESSAGES/*.po")):
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        with po_path.open("rb") as po_file:
            catalog = read_po(po_file, locale=po_path.parent.parent.name)
        with mo_path.open("wb") as mo_file:
            write_mo(mo_file, catalog, use_fuzzy=False)
        compiled.append(mo_path)
    return compiled


def code_label(kind: str, code) -> str:
    """A stored code's words in the current language (the pages' one label lookup).

    Gettext with the kind as context (`rules.code_labels`). A page never breaks on a
    code it does not know (a newer phone may send one): it shows as itself, and the
    raw-code page test (tests/integration/test_no_raw_codes.py) keeps every known code
    labelled.
    """
    if code is None:
        return ""
    english = code_labels.CODE_LABELS[kind].get(str(code))
    return str(code) if english is None else pgettext(kind, english)


def lazy_code_labels(kind: str) -> dict[str, LazyString]:
    """{code: words} for form choices, the words read in the language of each request."""
    return {code: LazyString(code_label, kind, code) for code in code_labels.codes_of(kind)}
