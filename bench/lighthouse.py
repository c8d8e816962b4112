"""Lighthouse mobile performance of the rep's today and store pages (issue 9, item 22).

The demo app runs in its own process on a scratch instance; Lighthouse (npm, installed
once under the temp dir) drives Debian's Chromium with its default mobile emulation
and simulated throttling, signed in as rep1. Each page is measured RUNS times and the
median score is the figure: on a shared 2-CPU machine Total Blocking Time swings with
the load, so one run says little.
"""

import http.cookiejar
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

from bench.common import Figure, median_of

LIGHTHOUSE = "lighthouse@12.8.2"
RUNS = 3
TARGET_SCORE = 0.95
TARGET_BYTES = 150_000
CHROMIUM = "/usr/bin/chromium"


def _lighthouse_bin() -> Path:
    """Lighthouse's CLI, installed from npm once per machine under the temp dir."""
    prefix = Path(tempfile.gettempdir()) / "rounds-bench-lighthouse"
    binary = prefix / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        subprocess.run(["npm", "install", "--silent", "--prefix", str(prefix), LIGHTHOUSE],
                       check=True)
    return binary


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _start_demo(port: int, instance: Path) -> subprocess.Popen:
    env = {**os.environ, "ROUNDS_INSTANCE_PATH": str(instance)}
    server = subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", "webapp", "demo", "--port", str(port)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/login", timeout=2)
            return server
        except OSError:
            time.sleep(0.5)
    server.kill()
    raise RuntimeError("the demo app did not start")


def _signed_in(base: str) -> tuple[str, str]:
    """(the session cookie header of rep1, the first store page of today's round)."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    login = opener.open(f"{base}/login").read().decode()
    token = re.search(r'name="csrf-token" content="([^"]+)"', login)[1]
    form = urllib.parse.urlencode({"csrf_token": token, "username": "rep1",
                                   "password": "demo1234"}).encode()
    today = opener.open(f"{base}/login", data=form).read().decode()
    store = re.search(r'href="(/rep/stores/\d+)"', today)[1]
    cookie = "; ".join(f"{c.name}={c.value}" for c in jar if c.name == "session")
    return cookie, store


def _measure(binary: Path, url: str, cookie: str, out: Path) -> tuple[float, float]:
    """(performance score 0–1, total bytes on the wire) of one Lighthouse run."""
    subprocess.run(
        [str(binary), url, "--quiet", "--only-categories=performance",
         "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
         f"--extra-headers={json.dumps({'Cookie': cookie})}",
         "--output=json", f"--output-path={out}"],
        env={**os.environ, "CHROME_PATH": CHROMIUM}, check=True,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    report = json.loads(out.read_text())
    return (report["categories"]["performance"]["score"],
            report["audits"]["total-byte-weight"]["numericValue"])


def run() -> list[Figure]:
    """Median Lighthouse mobile score and page weight of today and a store page."""
    if not (shutil.which("npm") and Path(CHROMIUM).exists()):
        raise RuntimeError("needs npm and Debian's Chromium (apt-get install nodejs chromium)")
    binary = _lighthouse_bin()
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory() as scratch:
        server = _start_demo(port, Path(scratch) / "instance")
        try:
            cookie, store = _signed_in(base)
            figures = []
            for name, path in (("today", "/rep/today"), ("store page", store)):
                runs = [_measure(binary, base + path, cookie, Path(scratch) / f"r{i}.json")
                        for i in range(RUNS)]
                score = median_of([r[0] for r in runs])
                weight = median_of([r[1] for r in runs])
                figures.append(Figure(f"Lighthouse mobile performance, {name} (median of "
                                      f"{RUNS})", score, "score", f">= {TARGET_SCORE}",
                                      score >= TARGET_SCORE))
                figures.append(Figure(f"{name} page on the wire (Lighthouse)", weight / 1000, "KB",
                                      f"<= {TARGET_BYTES // 1000} KB", weight <= TARGET_BYTES))
            return figures
        finally:
            server.terminate()
            server.wait(timeout=30)
