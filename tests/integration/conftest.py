"""Browser-test fixtures: the real app served by gunicorn, and Chromium cut off from every
non-local host (so a test fails if anything would be fetched from the internet)."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from selenium.webdriver.chrome.options import Options

ROOT = Path(__file__).resolve().parents[2]
OFFLINE_ARGS = [
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--no-first-run", "--disable-quic", "--window-size=1400,1000",
]


def pytest_setup_options():
    """Chrome options used by dash's `dash_br`/`dash_duo` fixtures."""
    options = Options()
    for arg in OFFLINE_ARGS:
        options.add_argument(arg)
    return options


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(env: dict | None = None) -> tuple[subprocess.Popen, str]:
    """Serve app:server with gunicorn on a free port; return the process and its base URL."""
    port = _free_port()
    process = subprocess.Popen(
        [str(Path(sys.executable).with_name("gunicorn")), "app:server", "--bind", f"127.0.0.1:{port}",
         "--workers", "1", "--timeout", "120"],
        cwd=ROOT, env={**os.environ, **(env or {})}, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            urllib.request.urlopen(url + "/", timeout=2)
            return process, url
        except OSError:
            if process.poll() is not None:
                raise RuntimeError(process.stderr.read().decode(errors="replace"))
            time.sleep(0.3)
    process.kill()
    raise RuntimeError("the app did not answer within 60 s")


@pytest.fixture(scope="session")
def live_server():
    """Base URL of the app served on the built data (geometry and indicators from `make data`)."""
    process, url = start_server()
    yield url
    process.terminate()
    process.wait(timeout=10)


def console_errors(browser) -> list[dict]:
    """SEVERE console entries, ignoring the favicon."""
    return [entry for entry in browser.get_logs() or [] if "favicon" not in entry.get("message", "")]
