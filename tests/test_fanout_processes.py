"""Several gateway processes on one PostgreSQL: a notification made through one reaches a
subscription held by another, through LISTEN/NOTIFY, within two seconds."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from db.session import create_engine
from gateway.auth import TokenVerifier
from tests import live
from tests.conftest import DEMO, PG_URL, make_settings
from tests.net import free_port
from tests.test_klantprofiel_verzenden import VERZENDEN, profiel
from tests.test_subscription import NOTIFICATIES, Live, person

pytestmark = [pytest.mark.postgres_only, pytest.mark.slow]


def _start(url: str, key_dir: Path, port: int) -> subprocess.Popen[bytes]:
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "TVS_ENV": "development",
        "TVS_DATABASE_URL": url,
        "TVS_KEY_DIR": str(key_dir),
        "TVS_LOG_LEVEL": "WARNING",
    }
    return subprocess.Popen(  # noqa: S603 (our own CLI)
        [sys.executable, "-m", "gateway.cli", "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


@pytest.fixture
def db_url(backend: str, request: pytest.FixtureRequest) -> str:
    if backend != "postgresql" or not PG_URL:
        pytest.skip("fan-out between processes needs PostgreSQL (TVS_TEST_DATABASE_URL)")
    return str(request.getfixturevalue("fresh_db_url"))


@pytest.fixture
def two_gateways(db_url: str, key_dir: Path) -> Iterator[tuple[str, str]]:
    ports = [free_port(), free_port()]
    processes = [_start(db_url, key_dir, p) for p in ports]
    try:
        deadline = time.monotonic() + 30
        for process, port in zip(processes, ports, strict=True):
            while True:
                assert process.poll() is None, process.stderr.read().decode() if process.stderr else ""
                try:
                    if httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=1).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                assert time.monotonic() < deadline, "a gateway did not start"
                time.sleep(0.1)
        yield f"127.0.0.1:{ports[0]}", f"127.0.0.1:{ports[1]}"
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


async def test_a_notification_crosses_from_one_process_to_another(
    two_gateways: tuple[str, str], db_url: str, key_dir: Path
) -> None:
    subscribed_on, sent_through = two_gateways
    settings = make_settings(db_url, key_dir)
    verifier = TokenVerifier(settings)
    engine = create_engine(db_url)
    try:
        async with httpx.AsyncClient(base_url=f"http://{sent_through}") as http:
            helper = Live(sent_through, settings, engine, http)
            v, _ = await person(helper, "VERLEEND", versies=False)
            na = await helper.latest_notificatie("utrecht")
            async with live.subscriber(subscribed_on) as sub:
                assert (await sub.init(verifier.issue_dev_token(DEMO["utrecht"])))["type"] == "connection_ack"
                await sub.subscribe(NOTIFICATIES, {"na": na})
                started = time.monotonic()
                await helper.data("casemanager", VERZENDEN, {"v": v, "input": profiel()})
                message = await asyncio.wait_for(sub.receive(), timeout=2)
                elapsed = time.monotonic() - started
    finally:
        await engine.dispose()
    assert message["type"] == "next"
    assert message["payload"]["data"]["notificaties"]["soort"] == "KLANTPROFIEL"
    assert message["payload"]["data"]["notificaties"]["vergunninghouder"]["vNummer"] == v
    assert elapsed < 2
