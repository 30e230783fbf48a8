"""GraphiQL in a real browser against a real gateway process, as a newcomer uses it: pick the Utrecht
persona, open the overview example, run it and see rows; switch to the arbeidsmarktregio tool and
see the same query refused (FORBIDDEN, naming the BSN field). The page may ask nothing of any host
but the gateway, and may break nothing of its Content-Security-Policy.

Debian's Chromium (/usr/bin/chromium) is driven by Playwright; the test never lets Playwright
download a browser of its own. A screenshot is left in tests/artifacts/.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest

from gateway import graphiql_assets

pytestmark = pytest.mark.slow

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).parent / "artifacts"
#: Flags that work on the project's machines: no sandbox (root), no GPU, and no traffic of
#: Chromium's own (updates, sync, QUIC probes) that would look like the page calling out.
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
#: How long the gateway may take to start and a page step may take; generous, only hit on failure.
STARTUP_SECONDS = 30
STEP_MS = 20_000


def ensure_chromium() -> None:
    """Install Debian's Chromium where it is missing (CI's .ci/run does this too)."""
    if CHROMIUM.exists():
        return
    if os.geteuid() != 0 or shutil.which("apt-get") is None:
        pytest.fail("the browser test needs Debian's chromium: apt-get install -y chromium")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)  # noqa: S607
    subprocess.run(["apt-get", "install", "-y", "-qq", "chromium"], check=True, env=env)  # noqa: S607


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def gateway(demo_sqlite_db: Path, tmp_path: Path) -> Iterator[str]:
    """`tvs-gateway serve` on `make run`'s demo data; yields its base URL."""
    graphiql_assets.fetch(log=lambda _: None)
    db = tmp_path / "gateway.db"
    shutil.copy(demo_sqlite_db, db)
    port = free_port()
    env = {
        **os.environ,
        "TVS_ENV": "development",
        "TVS_DATABASE_URL": f"sqlite+aiosqlite:///{db}",
        "TVS_KEY_DIR": str(tmp_path / "keys"),
        "TVS_LOG_LEVEL": "WARNING",
    }
    log = (tmp_path / "gateway.log").open("w")
    process = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "gateway.cli", "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while True:
            try:
                if httpx.get(base + "/healthz").status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail("the gateway did not start:\n" + (tmp_path / "gateway.log").read_text())
            time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=STARTUP_SECONDS)
        log.close()


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[Any]:
    """A Chromium context with a fresh profile."""
    ensure_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(tmp_path / "chromium-profile"),
            executable_path=str(CHROMIUM),
            headless=True,
            args=CHROMIUM_FLAGS,
            viewport={"width": 1400, "height": 900},
        )
        context.set_default_timeout(STEP_MS)
        try:
            yield context
        finally:
            context.close()


def response_of(page: Any) -> Any:
    """The JSON in GraphiQL's response pane (CodeMirror only renders what is in view)."""
    return json.loads(
        page.evaluate("document.querySelector('.graphiql-response .CodeMirror').CodeMirror.getValue()")
    )


def token_account(page: Any) -> str:
    """Whose token the Authorization header in GraphiQL's headers editor carries."""
    editors = page.evaluate(
        "[...document.querySelectorAll('.graphiql-editor-tool .CodeMirror')]"
        ".map(e => e.CodeMirror.getValue())"
    )
    [headers] = [json.loads(e) for e in editors if "Authorization" in e]
    payload = headers["Authorization"].removeprefix("Bearer ").split(".")[1]
    return str(json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))["sub"])


def pick_persona(page: Any, gebruikersnaam: str) -> None:
    page.select_option("#tvs-persona", gebruikersnaam)
    page.locator("#tvs-status", has_text=f"token for {gebruikersnaam}").wait_for()


def test_a_newcomer_explores_utrecht_then_the_arbeidsmarktregio(gateway: str, browser: Any) -> None:
    gateway_host = urlsplit(gateway).netloc
    elsewhere: list[str] = []
    problems: list[str] = []

    def only_the_gateway(route: Any) -> None:
        url = urlsplit(route.request.url)
        if url.scheme in ("http", "https", "ws", "wss") and url.netloc != gateway_host:
            elsewhere.append(route.request.url)
            route.abort()
        else:
            route.continue_()

    browser.route("**/*", only_the_gateway)
    browser.on(
        "request", lambda r: urlsplit(r.url).netloc not in ("", gateway_host) and elsewhere.append(r.url)
    )
    page = browser.pages[0] if browser.pages else browser.new_page()
    page.on("console", lambda m: m.type == "error" and problems.append(m.text))
    page.on("pageerror", lambda e: problems.append(str(e)))

    page.goto(gateway + "/graphql")
    page.locator("#tvs-persona option[value='medewerker@utrecht.demo']").wait_for(state="attached")

    # Utrecht: the overview example answers with Utrecht's people.
    pick_persona(page, "medewerker@utrecht.demo")
    assert token_account(page) == "medewerker@utrecht.demo"
    page.select_option("#tvs-example", "gemeente-overzicht")
    page.locator(".graphiql-tab-active", has_text="GemeenteOverzicht").wait_for()
    page.click(".graphiql-execute-button")
    page.locator(".graphiql-response", has_text="totalCount").wait_for()
    body = response_of(page)
    assert "errors" not in body, body
    people = body["data"]["vergunninghouders"]["nodes"]
    assert people and all(p["koppeling"] for p in people)

    # The arbeidsmarktregio tool may not read BSN (nor BASIS): the same query is refused whole.
    pick_persona(page, "tool@midden-utrecht.demo")
    assert token_account(page) == "tool@midden-utrecht.demo"
    page.click(".graphiql-execute-button")
    page.locator(".graphiql-response", has_text="FORBIDDEN").wait_for()
    body = response_of(page)
    assert body["data"] is None
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert "Vergunninghouder.bsn" in body["errors"][0]["extensions"]["velden"]

    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "graphiql-arbeidsmarktregio-forbidden.png"))

    # A dialog adds GraphiQL's one run-time <style>: the page's CSP must allow exactly that.
    page.click("button[aria-label='Open settings dialog']")
    page.locator("[role='dialog']").wait_for()
    page.keyboard.press("Escape")

    assert elsewhere == [], f"the page called other hosts: {elsewhere}"
    assert problems == [], f"console errors (CSP violations among them): {problems}"
    stored = page.evaluate("JSON.stringify(window.localStorage)")
    assert "Bearer" not in stored, "a token was written to the browser's storage"
