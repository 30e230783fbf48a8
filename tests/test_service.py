"""The service runs: health, GraphQL over POST, settings errors as one clear line."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import Api


async def test_healthz(api: Api) -> None:
    response = await api.client.get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok"}


async def test_readyz(api: Api) -> None:
    response = await api.client.get("/readyz")
    assert response.status_code == 200 and response.json()["status"] == "ready"


async def test_typename_over_post(api: Api) -> None:
    assert await api.data("utrecht", "{ __typename }") == {"__typename": "Query"}


def test_a_wrong_setting_fails_at_start_with_one_line_naming_it() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "gateway.cli", "export-schema"],
        env={"TVS_PORT": "achtduizend", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("tvs-gateway: invalid setting TVS_PORT")


def test_unknown_database_driver_is_refused() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "gateway.cli", "migrate"],
        env={"TVS_DATABASE_URL": "mysql://x/y", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2 and "TVS_DATABASE_URL" in result.stderr
