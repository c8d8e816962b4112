"""Property: whatever JSON a phone pushes, the server answers 200 with one result per
record, or a 4xx JSON error; never a 5xx (issue 9, item 4)."""

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sync_helpers import price_data, push, record, register, rep_world, visit_data

# every code point, lone surrogates and NUL included
ANY_TEXT = st.text(st.characters(codec=None, exclude_categories=()), max_size=12)
ANY_NUMBER = st.one_of(st.integers(-(2**80), 2**80), st.floats(allow_nan=False,
                                                             allow_infinity=False))
SCALARS = st.one_of(st.none(), st.booleans(), ANY_NUMBER, ANY_TEXT)
ANY_JSON = st.recursive(SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(ANY_TEXT, inner, max_size=4)), max_leaves=12)
# values that broke a push before (issue 9, item 4), drawn often
NASTY = st.sampled_from([2**63, 2**64, -(2**63) - 1, 10**30, "\ud800", "a\udfff", "x\x00",
                         "长" * 5000, 1e308, -0.0, [[[[[]]]]], {"\ud800": "\x00"}])
ANY_VALUE = st.one_of(NASTY, ANY_JSON)
FIELDS = ("id", "type", "hlc", "seq", "data", "store_id", "product_id", "notes", "purposes",
          "shelf_price", "started_at", "changes", "facts")


def _mutated(base: dict, field: str, value) -> dict:
    """A valid record with one field (top level or in data) replaced by anything."""
    raw = json.loads(json.dumps(base))
    target = raw if field in raw else raw["data"]
    target[field] = value
    return raw


@settings(max_examples=25, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_any_json_pushed_gets_an_answer_never_a_server_error(seeded, db, client, password,
                                                              data):
    world = rep_world(db)
    device = register(client, "rep1", password)
    store, product = world["store"].id, world["product"].id
    bases = [record("visit", visit_data(store)),
             record("price_check", price_data(store, product))]
    records = data.draw(st.lists(st.one_of(
        ANY_JSON,
        st.builds(_mutated, st.sampled_from(bases), st.sampled_from(FIELDS), ANY_VALUE)),
        max_size=5))
    extra = data.draw(st.dictionaries(st.sampled_from(["pending", "device_id", "x"]),
                                      ANY_VALUE, max_size=2))
    response = push(client, device, records, **extra)
    assert response.status_code < 500, response.get_data(as_text=True)
    assert response.is_json
    if response.status_code == 200:
        assert len(response.get_json()["results"]) == len(records)
    db.session.rollback()
