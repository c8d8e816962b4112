"""`flask --app webapp demo` builds a SQLite database, seeds it, and serves the app."""

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def demo_server(tmp_path):
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "TEST_DATABASE_URL")}
    env["ROUNDS_INSTANCE_PATH"] = str(tmp_path)
    flask = Path(sys.executable).with_name("flask")
    process = subprocess.Popen([str(flask), "--app", "webapp", "demo", "--port", str(port)],
                               cwd=ROOT, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 90
    while time.time() < deadline:
        try:
            urllib.request.urlopen(base + "/login", timeout=2)
            break
        except OSError:
            if process.poll() is not None:
                pytest.fail("demo exited early:\n" + process.communicate()[0])
            time.sleep(0.5)
    else:
        process.kill()
        pytest.fail("demo did not start serving within 90 s:\n" + process.communicate()[0])
    yield base, process, tmp_path
    if process.poll() is None:
        process.terminate()
    process.communicate(timeout=10)  # also closes the pipe


def _login(base: str, username: str, password: str):
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(base + "/login").read().decode()
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    body = urllib.parse.urlencode({"username": username, "password": password,
                                   "csrf_token": token}).encode()
    return opener.open(base + "/login", data=body)


@pytest.mark.parametrize("username", ["hq", "manager1", "rep1", "owner1"])
def test_demo_logins_work_over_real_http(demo_server, username):
    base, _, instance = demo_server
    response = _login(base, username, "demo1234")
    assert response.status == 200
    assert "/login" not in response.url
    assert (instance / "rounds.db").exists()
    assert (instance / "secret_key").exists()


def test_demo_prints_one_login_per_role(demo_server):
    base, process, _ = demo_server
    process.terminate()
    output = process.communicate(timeout=10)[0]
    process.stdout = None  # already read; the fixture's teardown has nothing left to close
    for username in ("hq", "manager1", "rep1", "owner1"):
        assert re.search(rf"^\s+{username}\s", output, re.MULTILINE), output
    assert "demo1234" in output
