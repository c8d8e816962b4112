"""webapp/htmx.py alone decides fragment or page, a refused form's status, JSON or HTML."""

import pytest

from webapp.htmx import (
    invalid_form_status,
    is_htmx_fragment_request,
    is_htmx_request,
    wants_json,
)

HX = {"HX-Request": "true"}


@pytest.mark.parametrize(("headers", "fragment"), [
    ({}, False),
    (HX, True),
    (HX | {"HX-Boosted": "true"}, False),
    (HX | {"HX-History-Restore-Request": "true"}, False),
])
def test_fragment_only_for_a_targeted_htmx_request(app, headers, fragment):
    with app.test_request_context("/rep/", headers=headers):
        assert is_htmx_fragment_request() is fragment
        assert is_htmx_request() is bool(headers)


@pytest.mark.parametrize(("headers", "status"), [
    ({}, 422), (HX, 200), (HX | {"HX-Boosted": "true"}, 200),
])
def test_a_refused_form_is_422_except_to_htmx_which_swaps_only_2xx(app, headers, status):
    with app.test_request_context("/rep/", method="POST", headers=headers):
        assert invalid_form_status() == status


@pytest.mark.parametrize(("path", "json"), [
    ("/api/stores", True), ("/sync/push", True), ("/rep/", False), ("/hq/", False),
    ("/apis", False),
])
def test_json_for_the_api_and_sync_only(app, path, json):
    with app.test_request_context(path):
        assert wants_json() is json


def test_errors_and_sign_in_prompts_follow_the_decision(client):
    assert client.get("/sync/no-such-thing").is_json
    assert not client.get("/no-such-page").is_json
    answer = client.get("/sync/pull")
    assert answer.status_code == 401 and answer.is_json
