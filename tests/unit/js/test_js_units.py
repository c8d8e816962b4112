"""The phone's JavaScript under node, run from pytest (CI runs only pytest).

- `node --test tests/unit/js`: the hybrid clock, the outbox (over a fake IndexedDB), the
  sync client's decisions and the client itself against a fake server on a fake clock
  (outbox order, batch splitting, per-record results, 401/403/503, retry and backoff),
  and the service worker's warm order;
- static/js/capture.js against its Python twin sync/form_records.py on the same forms:
  a form queued offline must become the very same records as the form posted online.

Without node these are skipped, loudly; with ROUNDS_REQUIRE_BROWSER set (CI, where
`.ci/run` installs node with Chromium) a missing node fails instead.
"""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from sync.form_records import FormRecordError, records_from_form

ROOT = Path(__file__).resolve().parents[3]
NODE = shutil.which("node")


@pytest.fixture(autouse=True)
def _node_is_there():
    """Skip without node, unless the run must not skip (CI): then fail."""
    if NODE is not None:
        return
    message = ("node is not installed: the JavaScript unit tests did NOT run "
               "(apt-get install nodejs)")
    if os.environ.get("ROUNDS_REQUIRE_BROWSER"):
        pytest.fail(message)
    pytest.skip(message)

# Forms in the grammar r<i>.<path>[:kind][[]] as the capture pages name their inputs.
FORMS = {
    "visit with findings, follow-ups and purposes": [
        ("csrf_token", "x"), ("r0.id", "0b7e6f3c-1d2a-4c5b-8e9f-0a1b2c3d4e5f"),
        ("r0.type", "visit"), ("r0.data.store_id:int", "7"),
        ("r0.data.started_at", "2026-11-20T10:00:00+08:00"), ("r0.data.ended_at", ""),
        ("r0.data.purposes[]", "routine"), ("r0.data.purposes[]", "training"),
        ("r0.data.notes", "  shelf tidy  "), ("r0.data.findings.display.ok:bool", "on"),
        ("r0.data.findings.display.note", "new stand"),
        ("r0.data.follow_ups.0.text", "bring posters"), ("r0.data.follow_ups.0.due", "2026-11-25"),
        ("r0.data.follow_ups.1.text", ""), ("r0.data.follow_ups.1.due", ""),
        ("r0.data.lat:float", "31.2304"), ("r0.data.lng:float", "121.4737"),
    ],
    "price-check list: untouched rows are dropped": [
        ("r0.id", "a"), ("r0.type", "price_check"), ("r0.optional", "shelf_price, stock_units"),
        ("r0.data.store_id:int", "3"), ("r0.data.product_id:int", "11"),
        ("r0.data.shelf_price", "23.50"), ("r0.data.stock_units:int", "4"),
        ("r1.id", "b"), ("r1.type", "price_check"), ("r1.optional", "shelf_price,stock_units"),
        ("r1.data.store_id:int", "3"), ("r1.data.product_id:int", "12"),
        ("r1.data.shelf_price", ""), ("r1.data.stock_units:int", ""),
        ("r12.id", "c"), ("r12.type", "price_check"), ("r12.data.store_id:int", "3"),
        ("r12.data.out_of_stock_days:int", "0"),
    ],
    "restock lines and an empty checkbox list": [
        ("r0.id", "d"), ("r0.type", "restock_request"), ("r0.data.store_id:int", "5"),
        ("r0.data.lines.0.product_id:int", "2"), ("r0.data.lines.0.quantity:int", "10"),
        ("r0.data.lines.2.product_id:int", "4"), ("r0.data.lines.2.quantity:int", "1"),
        ("r0.data.reason", "wedding"), ("r0.data.facts.media:bool", "no"),
        ("r0.data.tags[]", ""), ("unrelated", "ignored"), ("r0.bad name", "ignored"),
    ],
}
BAD_FORMS = {
    "text in a number": [("r0.data.stock_units:int", "many")],
    "a decimal in an int": [("r0.data.stock_units:int", "1.5")],
}


def _node(script: str, payload) -> dict:
    result = subprocess.run([NODE, "-e", script], input=json.dumps(payload), text=True,
                            capture_output=True, cwd=ROOT, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


CAPTURE = """
const RoundsCapture = require('./static/js/capture.js');
const forms = JSON.parse(require('fs').readFileSync(0, 'utf8'));
const out = {};
for (const [name, pairs] of Object.entries(forms)) {
  try { out[name] = { records: RoundsCapture.recordsFromEntries(pairs) }; }
  catch (e) { out[name] = { error: e.message }; }
}
process.stdout.write(JSON.stringify(out));
"""


def test_node_unit_tests_pass():
    """`node --test tests/unit/js`: every file of tests, and node's report when one fails."""
    result = subprocess.run([NODE, "--test", "tests/unit/js/"], cwd=ROOT, text=True,
                            capture_output=True, timeout=300, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "# fail 0" in result.stdout and "# pass 0" not in result.stdout, result.stdout


def test_capture_js_builds_the_same_records_as_the_server():
    from_js = _node(CAPTURE, FORMS)
    for name, pairs in FORMS.items():
        expected = records_from_form(pairs)
        assert expected, name
        assert from_js[name] == {"records": expected}, name


def test_capture_js_refuses_what_the_server_refuses():
    from_js = _node(CAPTURE, BAD_FORMS)
    for name, pairs in BAD_FORMS.items():
        with pytest.raises(FormRecordError):
            records_from_form(pairs)
        assert "is not a number" in from_js[name]["error"], name
