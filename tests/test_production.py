"""Production mode (OWASP GraphQL: secure configurations, excessive errors): introspection, field
suggestions and GraphiQL off, unexpected errors masked, start-up refusing what only development may
use. Tokens come from the test's own identity provider (tests/production.py)."""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from gateway.keys import DEV_KID_PREFIX, dev_signing_key
from gateway.settings import load_settings
from tests.conftest import Api, open_api
from tests.production import IdentityProvider, production_env, production_settings

INTROSPECTION = [
    "{ __schema { types { name } } }",
    '{ __type(name: "Vergunninghouder") { fields { name } } }',
]


@pytest.mark.parametrize("query", INTROSPECTION)
async def test_introspection_is_off_in_production(api: Api, prod_api: Api, query: str) -> None:
    assert "errors" not in await api.gql("utrecht", query)
    body = await prod_api.gql("utrecht", query)
    assert body["data"] is None and "introspection has been disabled" in body["errors"][0]["message"]
    assert body["errors"][0]["extensions"]["code"] == "VALIDATION_FAILED"
    assert await prod_api.data("utrecht", "{ __typename }") == {"__typename": "Query"}


#: Each leaks a schema name through "Did you mean" in development.
SUGGESTIONS: list[tuple[str, dict[str, Any] | None]] = [
    ("{ ik { nam } }", None),  # unknown field
    ("{ vergunninghouders(frst: 1) { totalCount } }", None),  # unknown argument
    ("{ vergunninghouders(filter: { fase: [GEKOPELD] }) { totalCount } }", None),  # enum value
    (
        "query($f: [Fase!]) { vergunninghouders(filter: { fase: $f }) { totalCount } }",
        {"f": ["GEKOPELD"]},
    ),  # enum value in a variable
    ('{ vergunninghouders(filter: { achternam: "A" }) { totalCount } }', None),  # input field
    (
        "query($f: VergunninghouderFilter) { vergunninghouders(filter: $f) { totalCount } }",
        {"f": {"achternam": "A"}},
    ),  # input field in a variable
    ("query($f: VergunninghouderFiltr) { vergunninghouders(filter: $f) { totalCount } }", None),  # type
    ("{ vergunninghouders { nodes { ... on Vergunninghoudr { vNummer } } } }", None),  # type
]


@pytest.mark.parametrize(("query", "variables"), SUGGESTIONS)
async def test_no_suggestions_in_production(
    api: Api, prod_api: Api, query: str, variables: dict[str, Any] | None
) -> None:
    development = await api.gql("utrecht", query, variables)
    assert "Did you mean" in str(development["errors"])  # the leak this test is about
    body = await prod_api.gql("utrecht", query, variables)
    assert body["data"] is None and body["errors"]
    assert "Did you mean" not in str(body)
    assert all(e["extensions"]["code"] == "VALIDATION_FAILED" for e in body["errors"])


async def test_graphiql_is_off_in_production_unless_enabled(
    prod_api: Api, shared_db_url: str, idp: IdentityProvider, tmp_path: Path
) -> None:
    response = await prod_api.client.get("/graphql", headers={"Accept": "text/html"})
    assert response.status_code == 405
    settings = production_settings(idp, shared_db_url, tmp_path, graphiql=True)
    async for api in open_api(settings, idp):
        response = await api.client.get("/graphql", headers={"Accept": "text/html"})
        assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")


async def test_expected_errors_keep_their_message_in_production(prod_api: Api) -> None:
    body = await prod_api.gql("amr", "{ vergunninghouders { nodes { bsn } } }")
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert "Vergunninghouder.bsn" in body["errors"][0]["message"]
    body = await prod_api.gql("utrecht", "{ vergunninghouders(first: 100000) { totalCount } }")
    assert body["errors"][0]["extensions"] == {
        "code": "VALIDATION_FAILED",
        "velden": {"first": "moet tussen 1 en 500 liggen"},
    }


async def test_unexpected_errors_are_masked_with_the_trace_id(
    fresh_db_url: str, idp: IdentityProvider, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    async for api in open_api(production_settings(idp, fresh_db_url, tmp_path), idp):
        async with api.engine.begin() as conn:  # the database loses a table: a bug, not an answer
            await conn.execute(sa.text("ALTER TABLE vergunninghouder RENAME TO vergunninghouder_weg"))
        with caplog.at_level(logging.ERROR, logger="tvs.graphql"):
            response = await api.post("utrecht", "{ vergunninghouders { totalCount } }")
        [error] = response.json()["errors"]
        trace_id = response.headers["traceparent"].split("-")[1]
        assert error["extensions"] == {"code": "INTERNAL", "traceId": trace_id}
        assert trace_id in error["message"] and "vergunninghouder" not in error["message"].lower()
        [record] = [r for r in caplog.records if r.name == "tvs.graphql"]
        assert record.trace_id == trace_id  # type: ignore[attr-defined]
        assert record.exc_info and "vergunninghouder" in str(record.exc_info[1])


async def test_unexpected_errors_show_their_message_in_development(fresh_api: Api) -> None:
    async with fresh_api.engine.begin() as conn:
        await conn.execute(sa.text("ALTER TABLE vergunninghouder RENAME TO vergunninghouder_weg"))
    [error] = (await fresh_api.gql("utrecht", "{ vergunninghouders { totalCount } }"))["errors"]
    assert error["extensions"]["code"] == "INTERNAL" and "vergunninghouder" in error["message"]


# --- start-up ------------------------------------------------------------------------------------


def _serve(env: dict[str, str], timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "gateway.cli", "serve", "--port", "1"],
        env={"PATH": os.environ.get("PATH", "/usr/bin:/bin"), **env},
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def _refused(result: subprocess.CompletedProcess[str], *words: str) -> None:
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("tvs-gateway: "), lines
    for word in words:
        assert word in lines[0], lines[0]


@pytest.fixture
def deployment(idp: IdentityProvider, tmp_path: Path) -> dict[str, str]:
    return production_env(idp, f"sqlite+aiosqlite:///{tmp_path}/prod.db", tmp_path / "keys")


def _jwks(tmp_path: Path, key: dict[str, Any]) -> str:
    path = tmp_path / "jwks.json"
    path.write_text(__import__("json").dumps({"keys": [key]}))
    return str(path)


def test_startup_refuses_a_symmetric_jwt_secret(deployment: dict[str, str], tmp_path: Path) -> None:
    jwks = _jwks(tmp_path, {"kty": "oct", "k": "c2VjcmV0c2VjcmV0c2VjcmV0", "kid": "hs", "alg": "HS256"})
    _refused(_serve({**deployment, "TVS_JWKS_FILE": jwks}), "TVS_JWKS_FILE", "symmetric")


def test_startup_refuses_a_development_signing_key(deployment: dict[str, str], tmp_path: Path) -> None:
    dev = dev_signing_key(load_settings(key_dir=tmp_path / "keys"))
    public = __import__("json").loads(dev.public_jwk.Algorithm.to_jwk(dev.public_jwk.key))
    assert dev.kid.startswith(DEV_KID_PREFIX)
    jwks = _jwks(tmp_path, {**public, "kid": dev.kid, "alg": "ES256"})
    _refused(_serve({**deployment, "TVS_JWKS_FILE": jwks}), "TVS_JWKS_FILE", "development")
    # The same key under an innocent kid is still the development key.
    jwks = _jwks(tmp_path, {**public, "kid": "idp-2026", "alg": "ES256"})
    _refused(_serve({**deployment, "TVS_JWKS_FILE": jwks}), "TVS_JWKS_FILE", "development signing key")


def test_startup_refuses_production_without_jwks(deployment: dict[str, str]) -> None:
    env = {k: v for k, v in deployment.items() if k != "TVS_JWKS_FILE"}
    _refused(_serve(env), "TVS_JWKS_FILE")


def test_startup_refuses_a_missing_access_log_key(deployment: dict[str, str]) -> None:
    env = {k: v for k, v in deployment.items() if k != "TVS_AUDIT_HMAC_KEY"}
    _refused(_serve(env), "TVS_AUDIT_HMAC_KEY")


def test_startup_refuses_a_server_database_without_tvs_env(deployment: dict[str, str]) -> None:
    env = {k: v for k, v in deployment.items() if k != "TVS_ENV"}
    env["TVS_DATABASE_URL"] = "postgresql+asyncpg://postgres@127.0.0.1:5432/niet_gebruikt"
    _refused(_serve(env), "TVS_ENV")


def test_sqlite_in_production_starts_with_a_loud_warning(deployment: dict[str, str]) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "gateway.cli", "serve", "--port", "0"],
        env={"PATH": os.environ.get("PATH", "/usr/bin:/bin"), **deployment},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stderr is not None
        first = process.stderr.readline()
        assert first.startswith("tvs-gateway: WARNING: TVS_ENV=production on SQLite"), first
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)


def test_seed_refuses_to_make_demo_accounts_in_production(deployment: dict[str, str]) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "gateway.cli", "seed"],
        env={"PATH": os.environ.get("PATH", "/usr/bin:/bin"), **deployment},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    _refused(result, "seed", "production")
