"""The sync package is the protocol only: importing every one of its modules loads
neither the web app, nor the database layer, nor Flask (issue 10, "a pure sync
protocol": `sync/` imports neither `webapp` nor SQLAlchemy)."""

import json
import pkgutil
import subprocess
import sys
from pathlib import Path

import sync

ROOT = Path(__file__).resolve().parents[3]
FORBIDDEN = ("webapp", "sqlalchemy", "flask", "flask_babel", "flask_login", "werkzeug")


def _module_names() -> list[str]:
    return sorted(f"sync.{m.name}" for m in pkgutil.walk_packages(sync.__path__))


def test_the_walk_finds_the_protocol_modules():
    names = _module_names()
    assert {"sync.hlc", "sync.records", "sync.store_merge", "sync.cursor"} <= set(names)


def test_importing_every_sync_module_loads_no_webapp_sqlalchemy_or_flask():
    names = _module_names()
    code = (
        "import importlib, json, sys\n"
        f"for name in {names!r}:\n"
        "    importlib.import_module(name)\n"
        f"print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in {FORBIDDEN!r})))"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                          text=True, check=True, timeout=60)
    assert json.loads(done.stdout) == []
