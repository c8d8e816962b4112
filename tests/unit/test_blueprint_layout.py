"""The blueprint and template layout (issue 10): one file set per blueprint, every URL rule
written where its blueprint is made, fragments in `<bp>/partial/`, macros in `_macros/`."""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
WEBAPP = ROOT / "webapp"
TEMPLATES = ROOT / "templates"
BLUEPRINT_PACKAGES = ("auth", "rep", "store", "hq", "api")
REGISTERING = re.compile(r"\.(route|add_url_rule|app_template_filter|add_app_template_filter|"
                         r"context_processor|app_context_processor|errorhandler)\(")


def _views_module(package: str) -> Path:
    module = WEBAPP / package / "views.py"
    return module if module.exists() else WEBAPP / package / "views" / "__init__.py"


@pytest.mark.parametrize("package", BLUEPRINT_PACKAGES)
def test_a_blueprint_package_imports_nothing_for_its_side_effects(package):
    """Its `__init__.py` only says what the package holds: no module is imported to run."""
    tree = ast.parse((WEBAPP / package / "__init__.py").read_text(encoding="utf-8"))
    assert not [node for node in tree.body if isinstance(node, ast.Import | ast.ImportFrom)]


@pytest.mark.parametrize("package", BLUEPRINT_PACKAGES)
def test_every_url_rule_is_written_where_its_blueprint_is_made(package):
    """`views` makes the blueprint and registers its rules, filters and hooks; no other
    module of the package touches it."""
    views = _views_module(package)
    assert "Blueprint(" in views.read_text(encoding="utf-8")
    for module in (WEBAPP / package).rglob("*.py"):
        if module == views:
            continue
        text = module.read_text(encoding="utf-8")
        assert "Blueprint(" not in text, module
        assert not REGISTERING.search(text), module
        assert not re.search(r"import [^\n]*\bbp\b", text), module


def test_fragments_live_in_partial_and_macros_in_macros():
    """No `_name.html` fragments beside the pages; every macro file is in `_macros/`."""
    for template in TEMPLATES.rglob("*.html"):
        relative = template.relative_to(TEMPLATES)
        if relative.parts[0] == "_macros":
            continue
        assert not template.name.startswith("_"), relative
        assert "{% macro" not in template.read_text(encoding="utf-8"), relative
