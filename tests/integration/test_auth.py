"""Login, logout, CSRF, rate limiting, role landing pages and the language switch."""

import pytest
from sqlalchemy import select

from webapp.models import User


@pytest.mark.parametrize(("username", "landing"), [
    ("hq", "/hq/"), ("manager1", "/hq/"), ("rep1", "/rep/today"), ("owner1", "/store/"),
])
def test_each_role_lands_on_its_home_page(seeded, web, username, landing):
    response = web.login(username)
    assert response.status_code == 302
    assert response.headers["Location"] == landing
    assert web.client.get(landing).status_code == 200


def test_wrong_password_is_refused_with_a_message(seeded, web):
    response = web.login("rep1", "not-the-password")
    assert response.status_code == 401
    assert "用户名或密码错误" in response.get_data(as_text=True)
    assert web.client.get("/rep/today").status_code == 302


def test_pages_need_a_login(seeded, client):
    response = client.get("/rep/today")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")


def test_api_without_login_is_401_json_not_a_redirect(seeded, client):
    response = client.get("/api/stores")
    assert response.status_code == 401
    assert response.get_json()["error"] == "unauthorized"


def test_passwords_are_hashed(seeded, db):
    user = db.session.scalar(select(User).where(User.username == "rep1"))
    assert "secret-pw-1" not in user.password_hash


def test_login_without_csrf_token_is_refused(seeded, client):
    response = client.post("/login", data={"username": "rep1", "password": "secret-pw-1"})
    assert response.status_code == 400
    assert client.get("/rep/today").status_code == 302


def test_logout_needs_post_with_csrf(seeded, web):
    web.login("rep1")
    assert web.client.post("/logout").status_code == 400
    response = web.post_form("/logout", {}, page="/rep/today")
    assert response.status_code == 302
    assert web.client.get("/rep/today").status_code == 302


def test_signed_in_pages_are_not_kept_and_signing_out_clears_the_browser_cache(seeded, web):
    web.login("rep1")
    assert web.client.get("/rep/today").headers.get("Cache-Control") == "no-store"
    response = web.post_form("/logout", {}, page="/rep/today")
    assert response.headers.get("Clear-Site-Data") == '"cache"'
    assert "no-store" not in web.client.get("/login").headers.get("Cache-Control", "")


def test_open_redirects_are_ignored(seeded, web):
    token = web.csrf_from("/login")
    response = web.client.post("/login", data={
        "username": "rep1", "password": "secret-pw-1", "csrf_token": token,
        "next": "https://evil.example/"})
    assert response.headers["Location"] == "/rep/today"


def test_login_attempts_are_rate_limited(seeded, app, web):
    app.config["LOGIN_RATE_LIMIT"] = "3 per minute"
    try:
        codes = [web.login("rep1", "wrong").status_code for _ in range(4)]
    finally:
        app.config["LOGIN_RATE_LIMIT"] = "1000 per minute"
    assert codes[:3] == [401, 401, 401]
    assert codes[3] == 429


def test_chinese_is_the_default_language(seeded, client):
    html = client.get("/login").get_data(as_text=True)
    assert 'lang="zh-CN"' in html and "登录" in html


def test_language_switch_is_remembered_per_user(seeded, app, web, db, make_web):
    web.login("rep1")
    response = web.post_form("/language", {"locale": "en", "next": "/rep/today"},
                                 page="/rep/today")
    assert response.status_code == 303
    html = web.client.get("/rep/today").get_data(as_text=True)
    assert 'lang="en"' in html and "Sign out" in html
    db.session.expire_all()
    assert db.session.scalar(select(User.locale).where(User.username == "rep1")) == "en"
    # a new session on another device gets the user's language back
    other = make_web()
    other.login("rep1")
    assert 'lang="en"' in other.client.get("/rep/today").get_data(as_text=True)
