"""Sessions end when they should (issue 9, items 9 and 10): logout, password change,
deactivation and device revocation end every session and remember cookie of the user
(a per-user session version, webapp/models/user.py); registering a device from a
signed-in page needs the password again (docs/sync-protocol.md, POST /api/devices);
an unknown username costs a password check like a known one."""

import pytest
from hq_sync_helpers import user
from werkzeug import security

OTHER_AGENT = {"User-Agent": "Mozilla/5.0 (X11; Linux x86_64) another-browser/1.0"}


def saved_cookie(client, name: str = "session") -> str:
    """The value of a cookie as an attacker (or a backup) would copy it."""
    cookie = client.get_cookie(name)
    assert cookie is not None, f"no {name} cookie"
    return cookie.value


def replay(app, name: str, value: str):
    """A fresh client holding only a copied cookie."""
    client = app.test_client()
    client.set_cookie(name, value)
    return client


def sign_in(web, username: str, password: str, remember: bool = False):
    token = web.csrf_from("/login")
    data = {"username": username, "password": password, "csrf_token": token}
    if remember:
        data["remember"] = "y"
    response = web.client.post("/login", data=data)
    assert response.status_code == 302
    return response


def test_a_session_cookie_saved_before_logout_no_longer_opens_hq(seeded, app, web, password):
    sign_in(web, "hq", password)
    copied = saved_cookie(web.client)
    assert replay(app, "session", copied).get("/hq/").status_code == 200
    assert web.post_form("/logout", {}, page="/hq/").status_code == 302
    for headers in ({}, OTHER_AGENT):
        refused = replay(app, "session", copied).get("/hq/", headers=headers)
        assert refused.status_code == 302 and refused.headers["Location"].startswith("/login")


def test_the_remember_token_stops_working_after_logout(seeded, app, web, password):
    sign_in(web, "hq", password, remember=True)
    remembered = saved_cookie(web.client, "remember_token")
    assert replay(app, "remember_token", remembered).get("/hq/").status_code == 200
    web.post_form("/logout", {}, page="/hq/")
    refused = replay(app, "remember_token", remembered).get("/hq/", headers=OTHER_AGENT)
    assert refused.status_code == 302 and refused.headers["Location"].startswith("/login")


def test_signing_in_again_after_logout_works(seeded, web, password):
    sign_in(web, "rep1", password)
    web.post_form("/logout", {}, page="/rep/today")
    sign_in(web, "rep1", password)
    assert web.client.get("/rep/today").status_code == 200


@pytest.mark.parametrize("change", ["password", "deactivation"])
def test_password_change_and_deactivation_end_sessions(seeded, app, db, web, password, change):
    sign_in(web, "manager1", password, remember=True)
    copied = saved_cookie(web.client)
    remembered = saved_cookie(web.client, "remember_token")
    manager = user(db, "manager1")
    if change == "password":
        manager.set_password("a-new-password-2")
    else:
        manager.deactivate()
        db.session.commit()
        manager.active = True  # even when HQ lets them back in, old cookies stay dead
    db.session.commit()
    assert web.client.get("/hq/").status_code == 302
    assert replay(app, "session", copied).get("/hq/").status_code == 302
    assert replay(app, "remember_token", remembered).get("/hq/").status_code == 302


def register_from_page(client, token: str, **extra):
    """POST /api/devices as the PWA does: session cookie and X-CSRFToken header."""
    return client.post("/api/devices", json={"device_name": "rep1 · phone", **extra},
                           headers={"X-CSRFToken": token})


def test_a_revoked_phone_is_signed_out_and_cannot_register_again_without_the_password(
        seeded, app, web, make_web, password):
    sign_in(web, "rep1", password)
    token = web.csrf_from("/rep/today")
    device = register_from_page(web.client, token)
    assert device.status_code == 201
    copied = saved_cookie(web.client)
    hq = make_web()
    sign_in(hq, "hq", password)
    revoked = hq.post_form(f"/hq/sync/devices/{device.get_json()['device_id']}/revoke", {},
                           page="/hq/sync/devices")
    assert revoked.status_code == 303
    assert web.client.get("/rep/today").status_code == 302
    assert replay(app, "session", copied).get("/rep/today").status_code == 302
    again = register_from_page(web.client, token)
    assert again.status_code == 401
    thief = replay(app, "session", copied)
    assert register_from_page(thief, token).status_code == 401
    # signing in with the password (the rep, not the thief) registers the phone anew
    sign_in(web, "rep1", password)
    assert register_from_page(web.client, web.csrf_from("/rep/today")).status_code == 201


def test_a_session_registers_one_device_after_login_then_needs_the_password(
        seeded, app, web, password, monkeypatch):
    sign_in(web, "rep1", password)
    token = web.csrf_from("/rep/today")
    first = register_from_page(web.client, token)  # the PWA, right after login
    assert first.status_code == 201
    # another tab, or a retry: the same device again, not a second one (nor a 401)
    second = register_from_page(web.client, token)
    assert second.status_code == 201 and second.get_json() == first.get_json()
    assert register_from_page(web.client, token, password="wrong").status_code == 401
    assert register_from_page(web.client, token, password=password).status_code == 201
    # once the grant is old, a new device needs the password
    monkeypatch.setitem(app.config, "DEVICE_REGISTRATION_GRANT_SECONDS", -1)
    late = register_from_page(web.client, token)
    assert late.status_code == 401 and "password" in late.get_json()["message"]


def test_a_session_restored_from_the_remember_cookie_needs_the_password(
        seeded, web, make_web, password):
    sign_in(web, "rep1", password, remember=True)
    page = make_web()  # the phone the next morning: only the remember cookie is left
    page.client.set_cookie("remember_token", saved_cookie(web.client, "remember_token"))
    token = page.csrf_from("/rep/today")
    assert register_from_page(page.client, token).status_code == 401
    assert register_from_page(page.client, token, password=password).status_code == 201


def test_the_username_password_registration_still_works(seeded, client, password):
    response = client.post("/api/devices", json={"username": "rep1", "password": password,
                                                 "device_name": "phone"})
    assert response.status_code == 201 and set(response.get_json()) == {"device_id", "token"}


@pytest.fixture
def password_checks(monkeypatch):
    """How often werkzeug's password check runs (the real one is still called)."""
    calls = []
    real = security.check_password_hash

    def counting(pwhash: str, password: str) -> bool:
        calls.append(pwhash)
        return real(pwhash, password)

    monkeypatch.setattr(security, "check_password_hash", counting)
    return calls


def test_an_unknown_username_costs_a_password_check_like_a_known_one(
        seeded, web, client, password_checks):
    web.login("nobody-by-this-name", "whatever-1")
    assert len(password_checks) == 1
    web.login("rep1", "a-wrong-password")
    assert len(password_checks) == 2
    refused = client.post("/api/devices", json={"username": "nobody", "password": "x",
                                                "device_name": "phone"})
    assert refused.status_code == 401 and len(password_checks) == 3
    # the dummy is hashed like a real password (same method and cost)
    assert password_checks[0].split("$")[0] == password_checks[1].split("$")[0]


def test_a_session_restored_from_the_remember_cookie_stays_signed_in(
        seeded, web, make_web, password):
    # Strong session protection ends a non-permanent session without a sign-in
    # identifier: the restored session must survive the requests after the first.
    sign_in(web, "rep1", password, remember=True)
    page = make_web()
    page.client.set_cookie("remember_token", saved_cookie(web.client, "remember_token"))
    for _ in range(3):
        assert page.client.get("/rep/today").status_code == 200
