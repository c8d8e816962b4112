"""Developer helper for the catalogues.

`python -m webapp.i18n_tool` extracts every gettext string, updates the `.po` files,
then fills Chinese translations from `webapp/translations/pending/*.json`
(`{"English msgid": "中文"}`, written by whoever added the strings) and reports any
msgid still untranslated. A `pgettext` entry is addressed as its context, the
character U+0004 and its msgid (gettext's own key): `{"dismiss\\u0004OK": "知道了"}`.
The `.mo` binaries are compiled at start-up, never committed.
"""

import json
import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "webapp" / "translations"
POT = TRANSLATIONS / "messages.pot"
PENDING = TRANSLATIONS / "pending"


def catalogue_path(language: str) -> Path:
    """The .po file of one language."""
    return TRANSLATIONS / language / "LC_MESSAGES" / "messages.po"


def extract_command(output: Path) -> list[str]:
    """pybabel extract of every gettext string in webapp/ and templates/ into `output`.

    `msg(kind, english)` marks the words of a stored code (`webapp.rules.code_labels`).

    Babel skips folders starting with "_" unless told otherwise: templates/_macros
    holds shared strings, so only hidden folders and caches are ignored here.
    """
    return [sys.executable, "-m", "babel.messages.frontend", "extract",
            "-F", str(ROOT / "babel.cfg"), "-k", "_l", "-k", "lazy_gettext",
            "-k", "msg:1c,2",  # rules.code_labels: a code's words, its kind as context
            "--ignore-dirs", ".* __pycache__", "--no-location", "--sort-output",
            "-o", str(output), str(ROOT)]


def extract_and_update() -> None:
    """pybabel extract → update (or init for a new language)."""
    run = [sys.executable, "-m", "babel.messages.frontend"]
    subprocess.run(extract_command(POT), check=True)
    for language in ("zh", "en"):
        po = catalogue_path(language)
        action = "update" if po.exists() else "init"
        extra = ["--no-fuzzy-matching"] if action == "update" else []
        subprocess.run(run + [action, "-i", str(POT), "-d", str(TRANSLATIONS), "-l", language,
                              "--no-wrap", *extra], check=True)


def pending_translations() -> dict[str, str]:
    """Every msgid → Chinese pair waiting in translations/pending/*.json."""
    merged: dict[str, str] = {}
    for path in sorted(PENDING.glob("*.json")):
        merged.update(json.loads(path.read_text(encoding="utf-8")))
    return merged


CONTEXT_SEPARATOR = "\x04"


def pending_key(msgid: str, context: str | None) -> str:
    """How pending/*.json names a message: its msgid, or "context\x04msgid"."""
    return f"{context}{CONTEXT_SEPARATOR}{msgid}" if context else msgid


def fill_chinese(translations: dict[str, str], path: Path | None = None) -> list[str]:
    """Fill empty zh msgstrs from `translations`; returns the keys still untranslated."""
    path = path or catalogue_path("zh")
    with path.open("rb") as handle:
        catalog = read_po(handle, locale="zh")
    missing = []
    for message in catalog:
        if not message.id:
            continue
        key = pending_key(message.id if isinstance(message.id, str) else message.id[0],
                          message.context)
        if isinstance(message.id, str):
            if not message.string and key in translations:
                message.string = translations[key]
            if not message.string:
                missing.append(key)
        else:  # a plural entry: Chinese has one form
            if not any(message.string) and key in translations:
                message.string = (translations[key],)
            if not any(message.string):
                missing.append(key)
    with path.open("wb") as handle:
        write_po(handle, catalog, width=0, sort_output=True, omit_header=False)
    return missing


def main() -> None:
    """Extract, update, fill Chinese from pending/*.json, list what is left."""
    extract_and_update()
    missing = fill_chinese(pending_translations())
    for msgid in missing:
        print(f"untranslated (zh): {msgid!r}")
    print(f"{len(missing)} msgid(s) without a Chinese translation")


if __name__ == "__main__":
    main()
