"""Authentication: a valid token of an account that may log in, read from the database on every
request; everything else is one UNAUTHENTICATED error with HTTP 401 and nothing more."""

from __future__ import annotations

import time

import jwt
import pytest
import sqlalchemy as sa
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from db.models import Account, Contactpersoon
from tests.conftest import DEMO, Api

QUERY = "{ ik { gebruikersnaam } }"
UNAUTHENTICATED = {
    "errors": [{"message": "Niet aangemeld of geen toegang meer", "extensions": {"code": "UNAUTHENTICATED"}}]
}


async def _status(api: Api, headers: dict[str, str]) -> tuple[int, object]:
    response = await api.client.post("/graphql", json={"query": QUERY}, headers=headers)
    return response.status_code, response.json()


def _other_key_token(api: Api, **claims: object) -> str:
    key = ec.generate_private_key(ec.SECP256R1())
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    kid = api.state.verifier._keys and next(iter(api.state.verifier._keys))
    now = int(time.time())
    body = {
        "sub": DEMO["utrecht"],
        "iss": "tvs-gateway-dev",
        "aud": "tvs-gateway",
        "iat": now,
        "exp": now + 60,
        **claims,
    }
    return jwt.encode(body, pem, algorithm="ES256", headers={"kid": kid})


async def test_a_valid_token_works(api: Api) -> None:
    assert (await api.data("utrecht", QUERY))["ik"]["gebruikersnaam"] == DEMO["utrecht"]


@pytest.mark.parametrize(
    "authorization",
    [
        None,
        "Bearer",
        "Basic dXNlcjpwYXNz",
        "Bearer not.a.token",
        "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJtZWRld2Vya2VyQHV0cmVjaHQuZGVtbyJ9.",  # alg none
    ],
)
async def test_missing_or_malformed_tokens(api: Api, authorization: str | None) -> None:
    headers = {"Authorization": authorization} if authorization else {}
    assert await _status(api, headers) == (401, UNAUTHENTICATED)


async def test_expired_wrongly_signed_symmetric_and_wrong_audience_tokens(api: Api) -> None:
    forged = _other_key_token(api)  # signed by another key under our kid
    hs = jwt.encode(
        {"sub": DEMO["utrecht"], "iss": "tvs-gateway-dev", "aud": "tvs-gateway", "iat": 0, "exp": 2**31},
        "a-shared-secret-of-thirty-two-bytes!!",
        algorithm="HS256",
    )
    for token in (forged, hs):
        assert await _status(api, {"Authorization": f"Bearer {token}"}) == (401, UNAUTHENTICATED)
    past = int(time.time()) - 3600
    claims = {
        "sub": DEMO["utrecht"],
        "iss": "tvs-gateway-dev",
        "aud": "tvs-gateway",
        "iat": past,
        "exp": past + 60,
    }
    dev = api.state.verifier._dev_key
    assert dev is not None
    old = jwt.encode(claims, dev.private_pem, algorithm="ES256", headers={"kid": dev.kid})
    assert await _status(api, {"Authorization": f"Bearer {old}"}) == (401, UNAUTHENTICATED)
    wrong_audience = jwt.encode(
        {**claims, "exp": past + 7200, "aud": "elders"},
        dev.private_pem,
        algorithm="ES256",
        headers={"kid": dev.kid},
    )
    assert await _status(api, {"Authorization": f"Bearer {wrong_audience}"}) == (401, UNAUTHENTICATED)


async def test_unknown_account(api: Api) -> None:
    token = api.state.verifier.issue_dev_token("niemand@utrecht.demo")
    assert await _status(api, {"Authorization": f"Bearer {token}"}) == (401, UNAUTHENTICATED)


async def test_a_removed_contactpersoon_is_refused_on_its_next_request(fresh_api: Api) -> None:
    headers = fresh_api.headers("utrecht")
    assert (await _status(fresh_api, headers))[0] == 200
    async with fresh_api.engine.begin() as conn:
        account_id = (
            await conn.execute(sa.select(Account.id).where(Account.gebruikersnaam == DEMO["utrecht"]))
        ).scalar()
        await conn.execute(sa.delete(Contactpersoon).where(Contactpersoon.account_id == account_id))
    assert await _status(fresh_api, headers) == (401, UNAUTHENTICATED)


async def test_losing_mag_inloggen_is_refused_on_the_next_request(fresh_api: Api) -> None:
    headers = fresh_api.headers("derde")
    assert (await _status(fresh_api, headers))[0] == 200
    async with fresh_api.engine.begin() as conn:
        await conn.execute(
            sa.update(Contactpersoon).where(Contactpersoon.email == DEMO["derde"]).values(mag_inloggen=False)
        )
    assert await _status(fresh_api, headers) == (401, UNAUTHENTICATED)


async def test_an_inactive_account_is_refused(fresh_api: Api) -> None:
    headers = fresh_api.headers("amr")
    assert (await _status(fresh_api, headers))[0] == 200
    async with fresh_api.engine.begin() as conn:
        await conn.execute(
            sa.update(Account).where(Account.gebruikersnaam == DEMO["amr"]).values(actief=False)
        )
    assert await _status(fresh_api, headers) == (401, UNAUTHENTICATED)


async def test_the_role_is_read_per_request(fresh_api: Api) -> None:
    """A role change (here: medewerker becomes third party) applies on the next request."""
    headers = fresh_api.headers("utrecht")
    body = (await fresh_api.client.post("/graphql", json={"query": "{ ik { rol } }"}, headers=headers)).json()
    assert body["data"]["ik"]["rol"] == "GEMEENTE_MEDEWERKER"
    async with fresh_api.engine.begin() as conn:
        await conn.execute(
            sa.update(Account).where(Account.gebruikersnaam == DEMO["utrecht"]).values(rol="DERDE_PARTIJ")
        )
    body = (
        await fresh_api.client.post(
            "/graphql", json={"query": "{ vergunninghouders { nodes { bsn } } }"}, headers=headers
        )
    ).json()
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
