"""Developer helper: `python -m webapp.i18n_tool` extracts strings and updates catalogues.

It runs pybabel extract → update (or init for a new language), leaving the
`.po` files for translators; the `.mo` binaries are compiled at start-up.
"""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "webapp" / "translations"
POT = TRANSLATIONS / "messages.pot"


def main() -> None:
    """Extract every gettext string and merge it into each language's catalogue."""
    run = [sys.executable, "-m", "babel.messages.frontend"]
    keywords = ["-k", "_l", "-k", "lazy_gettext"]
    subprocess.run(run + ["extract", "-F", str(ROOT / "babel.cfg"), *keywords, "--no-location",
                          "--sort-output", "-o", str(POT), str(ROOT)], check=True)
    for language in ("zh", "en"):
        po = TRANSLATIONS / language / "LC_MESSAGES" / "messages.po"
        action = "update" if po.exists() else "init"
        extra = ["--no-fuzzy-matching"] if action == "update" else []
        subprocess.run(run + [action, "-i", str(POT), "-d", str(TRANSLATIONS), "-l", language,
                              "--no-wrap", *extra], check=True)


if __name__ == "__main__":
    main()
