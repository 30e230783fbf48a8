"""GraphiQL over HTTP: the page and every file it loads come from the gateway; the persona picker's
token endpoint exists in development only, and issues tokens for demo accounts only; production
serves no GraphiQL unless TVS_GRAPHIQL=true, and then no personas."""

from __future__ import annotations

import json
import secrets
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric import ec

from gateway import graphiql, graphiql_assets
from gateway.graphiql_assets import asset_tags, page_assets, sri
from gateway.keys import _ec_public_jwk
from gateway.settings import load_settings
from tests.conftest import DEMO, Api, open_api

TOKEN_ROUTE = "/graphiql/token"


@pytest.fixture(scope="module", autouse=True)
def vendored() -> None:
    graphiql_assets.fetch(log=lambda _: None)


def production_settings(database_url: str, tmp_path: Path, **overrides: Any) -> Any:
    """Production as it starts: keys of an identity provider, access-log keys from settings."""
    key = ec.generate_private_key(ec.SECP256R1())
    jwks = tmp_path / "jwks.json"
    jwks.write_text(json.dumps({"keys": [json.loads(_ec_public_jwk(key, "idp-1"))]}))
    return load_settings(
        env="production",
        database_url=database_url,
        key_dir=tmp_path / "keys",
        jwks_file=jwks,
        audit_hmac_key=secrets.token_hex(32),
        audit_encryption_key=secrets.token_hex(32),
        **overrides,
    )


@pytest.fixture
async def production(shared_db_url: str, tmp_path: Path) -> AsyncIterator[Api]:
    async for a in open_api(production_settings(shared_db_url, tmp_path)):
        yield a


@pytest.fixture
async def production_with_graphiql(shared_db_url: str, tmp_path: Path) -> AsyncIterator[Api]:
    async for a in open_api(production_settings(shared_db_url, tmp_path, graphiql=True)):
        yield a


async def get_page(api: Api) -> str:
    response = await api.client.get("/graphql", headers={"Accept": "text/html"})
    assert response.status_code == 200, response.text
    assert response.headers["content-security-policy"] == graphiql.CONTENT_SECURITY_POLICY
    return response.text


async def token_for(api: Api, gebruikersnaam: str) -> Any:
    return await api.client.post(TOKEN_ROUTE, json={"gebruikersnaam": gebruikersnaam})


# --- the page --------------------------------------------------------------------------------------


async def test_the_page_and_all_it_loads_come_from_the_gateway(api: Api) -> None:
    page = await get_page(api)
    urls = [url for url, _ in asset_tags(page)]
    assert urls and all(u.startswith("/graphiql/static/") or u.startswith("data:") for u in urls)
    assert "unpkg" not in page and "https://" not in page
    for url, integrity in asset_tags(page):
        if url.startswith("data:"):
            continue
        response = await api.client.get(url)
        assert response.status_code == 200, url
        if integrity:
            assert sri(response.content) == integrity, url
    assert {a.integrity for a in page_assets()} <= {i for _, i in asset_tags(page)}


async def test_the_page_allows_no_inline_script_or_eval(api: Api) -> None:
    page = await get_page(api)
    assert "<script>" not in page and " style=" not in page and "<style" not in page
    policy = graphiql.CONTENT_SECURITY_POLICY
    assert "script-src 'self';" in policy and "unsafe" not in policy


async def test_without_the_vendored_files_the_page_says_how_to_get_them(
    api: Api, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(graphiql_assets, "VENDOR_DIR", tmp_path)
    response = await api.client.get("/graphql")
    assert response.status_code == 503
    assert "tvs-gateway fetch-graphiql" in response.text


# --- personas (development) ------------------------------------------------------------------------


async def test_the_picker_lists_every_demo_account(api: Api) -> None:
    response = await api.client.get("/graphiql/personas")
    assert response.status_code == 200
    listed = {p["gebruikersnaam"]: p for p in response.json()}
    assert set(listed) == set(DEMO.values())
    assert listed["tool@midden-utrecht.demo"]["rol"] == "ARBEIDSMARKTREGIO"
    assert listed["medewerker@nieuwegein.demo"]["scope"] == "Gemeente Nieuwegein"


async def test_a_persona_token_works_for_that_account(api: Api) -> None:
    response = await token_for(api, "medewerker@utrecht.demo")
    assert response.status_code == 200 and response.headers["cache-control"] == "no-store"
    graphql = await api.client.post(
        "/graphql",
        json={"query": "{ ik { gebruikersnaam rol } }"},
        headers={"Authorization": f"Bearer {response.json()['token']}"},
    )
    assert graphql.json()["data"]["ik"] == {
        "gebruikersnaam": "medewerker@utrecht.demo",
        "rol": "GEMEENTE_MEDEWERKER",
    }


@pytest.mark.parametrize("gebruikersnaam", ["casemanager2@coa.demo", "nobody@utrecht.demo", "", 42])
async def test_no_token_for_an_account_outside_the_demo_cast(api: Api, gebruikersnaam: Any) -> None:
    response = await token_for(api, gebruikersnaam)
    assert response.status_code == 404 and "token" not in response.json()


async def test_the_token_endpoint_takes_json_only(api: Api) -> None:
    response = await api.client.post(TOKEN_ROUTE, content="gebruikersnaam=medewerker@utrecht.demo")
    assert response.status_code == 415
    response = await api.client.get(TOKEN_ROUTE)
    assert response.status_code == 405


# --- production ------------------------------------------------------------------------------------


async def test_production_serves_no_graphiql_by_default(production: Api) -> None:
    assert (await production.client.get("/graphql")).status_code == 405
    for path in ("/graphiql/personas", "/graphiql/examples", "/graphiql/static/graphiql/tvs-graphiql.js"):
        assert (await production.client.get(path)).status_code == 404, path
    assert (await token_for(production, "medewerker@utrecht.demo")).status_code == 404


async def test_production_with_graphiql_takes_a_pasted_token_and_offers_no_personas(
    production_with_graphiql: Api,
) -> None:
    page = await get_page(production_with_graphiql)
    assert 'data-mode="production"' in page
    assert (await production_with_graphiql.client.get("/graphiql/personas")).status_code == 404
    response = await token_for(production_with_graphiql, "medewerker@utrecht.demo")
    assert response.status_code == 404 and "token" not in response.text
    assert (await production_with_graphiql.client.get("/graphiql/examples")).status_code == 200
