"""The models' code lists are the rules' (rules.codes), and the schema did not move.

Each CHECK constraint that lists codes is generated from a `webapp.rules.codes` enum
(`models.base.one_of`); its text must be the one the migrations wrote, so using the
enums changed no schema and needs no migration.
"""

import ast
import re
from pathlib import Path

import pytest
from sqlalchemy import CheckConstraint

from webapp.models import Base
from webapp.rules import codes

MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations" / "versions"
MIGRATED = re.compile(r"""sa\.CheckConstraint\((".*?"), name=op\.f\('(ck_[a-z_]+)'\)\)""")

# (table, column) → the enum whose values the column's CHECK allows
ENUM_COLUMNS = {
    ("store", "grade"): codes.StoreGrade,
    ("store", "delivery_method"): codes.DeliveryMethod,
    ("store_change", "status"): codes.StoreChangeStatus,
    ("ticket", "kind"): codes.TicketKind,
    ("ticket", "severity"): codes.Severity,
    ("ticket", "status"): codes.TicketStatus,
    ("ticket", "tier"): codes.Tier,
    ("restock_request", "reason"): codes.RestockReason,
    ("restock_request", "status"): codes.RestockStatus,
    ("store_order", "status"): codes.OrderStatus,
    ("store_order", "channel"): codes.OrderChannel,
    ("store_order", "delivery_method"): codes.DeliveryMethod,
    ("product_order_limit", "period"): codes.LimitPeriod,
}


def migrated_checks() -> dict[str, str]:
    found = {}
    for path in sorted(MIGRATIONS.glob("*.py")):
        for text, name in MIGRATED.findall(path.read_text(encoding="utf-8")):
            found[name] = ast.literal_eval(text)
    return found


def model_check(table: str, column: str) -> str:
    checks = [c for c in Base.metadata.tables[table].constraints
              if isinstance(c, CheckConstraint) and str(c.sqltext).startswith(f"{column} IN (")]
    assert len(checks) == 1, f"{table}.{column} has {len(checks)} code CHECKs"
    return str(checks[0].sqltext)


@pytest.mark.parametrize(("table", "column"), sorted(ENUM_COLUMNS))
def test_code_checks_list_the_rules_enum(table, column):
    allowed = re.findall(r"'([^']*)'", model_check(table, column))
    assert tuple(allowed) == codes.values(ENUM_COLUMNS[(table, column)])


@pytest.mark.parametrize(("table", "column"), sorted(ENUM_COLUMNS))
def test_code_checks_are_the_migrated_schema(table, column):
    assert model_check(table, column) == migrated_checks()[f"ck_{table}_{column}"]


def test_store_editable_fields_are_the_rules():
    from webapp.models.store import EDITABLE_FIELDS
    assert EDITABLE_FIELDS is codes.STORE_EDITABLE_FIELDS
