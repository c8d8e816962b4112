"""The rules package stays plain Python: no Flask, no database, small documented files."""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import webapp.rules

RULES = Path(webapp.rules.__file__).parent
MODULES = sorted(p for p in RULES.glob("*.py"))
FORBIDDEN = ("flask", "flask_", "sqlalchemy", "wtforms", "werkzeug", "webapp.models", "sync")


def imported_names(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_no_flask_or_database_imports(path):
    bad = [n for n in imported_names(path)
           if any(n == f or n.startswith(f if f.endswith("_") else f + ".") for f in FORBIDDEN)]
    assert bad == []


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_modules_are_small_and_documented(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    assert ast.get_docstring(tree), f"{path.name} has no module docstring"
    assert len(path.read_text(encoding="utf-8")) < 10_000
    for node in tree.body:
        is_public = isinstance(node, ast.FunctionDef | ast.ClassDef) and not node.name.startswith(
            "_")
        if is_public:
            assert ast.get_docstring(node), f"{path.name}: {node.name} has no docstring"


def test_importing_every_rule_module_loads_neither_flask_nor_sqlalchemy():
    modules = ", ".join(f"webapp.rules.{p.stem}" for p in MODULES if p.stem != "__init__")
    code = (
        f"import sys, {modules}\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('flask', 'sqlalchemy'))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == ""
