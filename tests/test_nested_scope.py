"""Nested paths cannot widen access: for every demo account, walking from an object in scope to
its relations returns nothing outside the scope and nothing consent-protected without consent,
and the access log records exactly what was returned."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa

from db.models import Contactpersoon, Gemeente, Nareiziger, Notificatie, Plaatsingseenheid, Vergunninghouder
from gateway.schema.node import encode_id
from tests.conftest import Api, audit_rows_for
from tests.scopes import ALL_PERSONAS, v_nummers_in_scope

pytestmark = pytest.mark.both_read_paths

# Roles that may read BASIS and HUISVESTING walk everything; the others are refused those paths
# by the field-group rule (tested in test_access_matrix.py).
WALKERS = ["utrecht", "nieuwegein", "amsterdam", "casemanager", "regievoerder"]


def _people(value: Any) -> set[str]:
    """Every vNummer anywhere in a response."""
    found: set[str] = set()
    if isinstance(value, dict):
        for k, v in value.items():
            if k == "vNummer" and isinstance(v, str):
                found.add(v)
            else:
                found |= _people(v)
    elif isinstance(value, list):
        for v in value:
            found |= _people(v)
    return found


async def _in_scope(api: Api, persona: str) -> set[str]:
    return await v_nummers_in_scope(api, persona) | await v_nummers_in_scope(api, persona, Nareiziger)


async def _recorded(api: Api, response: Any) -> set[str]:
    trace = response.headers["traceparent"].split("-")[1]
    return {
        api.state.cipher.decrypt(r.v_nummer_versleuteld)
        for r in await api.rows(audit_rows_for(trace))
        if r.v_nummer_versleuteld
    }


async def _walk(
    api: Api, persona: str, query: str, variables: dict[str, Any] | None = None
) -> tuple[Any, set[str]]:
    response = await api.post(persona, query, variables)
    body = response.json()
    assert "errors" not in body, body
    people = _people(body["data"])
    assert people <= await _in_scope(api, persona)
    # Everyone whose data left is in the log (households also log their other members).
    assert people <= await _recorded(api, response)
    return body["data"], people


@pytest.mark.parametrize("persona", WALKERS)
async def test_nareiziger_to_referent(api: Api, persona: str) -> None:
    await _walk(api, persona, "{ nareizigers(first: 500) { nodes { vNummer referent { vNummer } } } }")


@pytest.mark.parametrize("persona", WALKERS)
async def test_plaatsingseenheid_to_leden(api: Api, persona: str) -> None:
    await _walk(
        api,
        persona,
        "{ vergunninghouders(first: 500) { nodes { plaatsingseenheid { leden { vNummer } } } } }",
    )


@pytest.mark.parametrize("persona", WALKERS)
async def test_other_gemeenten_show_nothing_of_theirs(api: Api, persona: str) -> None:
    query = """query($c: String!) { gemeente(code: $c) { naam
      vergunninghouders(first: 500) { totalCount nodes { vNummer } }
      nareizigers(first: 500) { totalCount nodes { vNummer } }
      contactpersonen { email } } }"""
    for code in ("GM0344", "GM0363", "GM0599"):
        data, _ = await _walk(api, persona, query, {"c": code})
        gemeente = data["gemeente"]
        assert gemeente["vergunninghouders"]["totalCount"] == len(gemeente["vergunninghouders"]["nodes"]) or (
            gemeente["vergunninghouders"]["totalCount"] > 500
        )
        emails = {c["email"] for c in gemeente["contactpersonen"]}
        allowed = {
            r.email
            for r in await api.rows(
                sa.select(Contactpersoon.email)
                .join(Gemeente, Gemeente.id == Contactpersoon.gemeente_id)
                .where(Gemeente.code == code)
            )
        }
        own = {"utrecht": "GM0344", "nieuwegein": "GM0356", "amsterdam": "GM0363"}.get(persona)
        if own is not None:
            assert emails == (allowed if own == code else set())
            if own != code:
                assert gemeente["vergunninghouders"]["totalCount"] == 0
                assert gemeente["nareizigers"]["totalCount"] == 0


@pytest.mark.parametrize("persona", ["utrecht", "beheerder"])
async def test_notificatie_to_vergunninghouder(api: Api, persona: str) -> None:
    data, people = await _walk(
        api,
        persona,
        "{ mijnNotificaties(first: 50) { totalCount nodes { soort vergunninghouder { vNummer } } } }",
    )
    assert data["mijnNotificaties"]["totalCount"] > 0 and people


async def test_notificaties_are_only_ones_own(api: Api) -> None:
    mine = (await api.data("utrecht", "{ mijnNotificaties { totalCount } }"))["mijnNotificaties"][
        "totalCount"
    ]
    from db.models import Account

    own = await api.scalar(
        sa.select(sa.func.count())
        .select_from(Notificatie)
        .join(Account, Account.id == Notificatie.account_id)
        .where(Account.gebruikersnaam == "medewerker@utrecht.demo")
    )
    assert mine == own
    for persona in ("amsterdam", "casemanager", "amr"):
        assert (await api.data(persona, "{ mijnNotificaties { totalCount } }"))["mijnNotificaties"][
            "totalCount"
        ] == 0


async def _ids(api: Api, model: Any, where: Any, type_name: str) -> list[str]:
    rows = await api.rows(sa.select(model.id).where(where).order_by(model.id).limit(3))
    return [str(encode_id(type_name, r.id)) for r in rows]


@pytest.mark.parametrize("persona", ALL_PERSONAS)
async def test_node_applies_the_same_scope(api: Api, persona: str) -> None:
    amsterdam = sa.select(Gemeente.id).where(Gemeente.code == "GM0363").scalar_subquery()
    utrecht = sa.select(Gemeente.id).where(Gemeente.code == "GM0344").scalar_subquery()
    query = "query($id: ID!) { node(id: $id) { __typename id } }"
    cases = [
        (Vergunninghouder, Vergunninghouder.gekoppelde_gemeente_id == amsterdam, "Vergunninghouder"),
        (Vergunninghouder, Vergunninghouder.gekoppelde_gemeente_id == utrecht, "Vergunninghouder"),
        (Nareiziger, Nareiziger.gekoppelde_gemeente_id == amsterdam, "Nareiziger"),
        (Plaatsingseenheid, Plaatsingseenheid.gekoppelde_gemeente_id == utrecht, "Plaatsingseenheid"),
        (Contactpersoon, Contactpersoon.gemeente_id == amsterdam, "Contactpersoon"),
        (Contactpersoon, Contactpersoon.gemeente_id == utrecht, "Contactpersoon"),
    ]
    in_scope = await _in_scope(api, persona)
    for model, where, type_name in cases:
        for global_id in await _ids(api, model, where, type_name):
            node = (await api.data(persona, query, {"id": global_id}))["node"]
            if node is None:
                continue
            assert node["id"] == global_id and node["__typename"] == type_name
            if type_name in ("Vergunninghouder", "Nareiziger"):
                v = (
                    await api.data(
                        persona,
                        f"query($id: ID!) {{ node(id: $id) {{ ... on {type_name} {{ vNummer }} }} }}",
                        {"id": global_id},
                    )
                )["node"]["vNummer"]
                assert v in in_scope, (persona, type_name)
            elif persona in ("amr", "fg"):
                raise AssertionError(f"{persona} resolved a {type_name}")
    # Nonsense and unknown ids are null, never an error.
    for bogus in (
        "x",
        encode_id("Vergunninghouder", 10**9),
        encode_id("AuditRecord", 1),
        "VmVyZ3VubmluZ2hvdWRlcjphYmM",
    ):
        assert (await api.data(persona, query, {"id": str(bogus)}))["node"] is None


async def test_node_refuses_a_type_whose_group_the_role_lacks(api: Api) -> None:
    """DERDE_PARTIJ sees Utrecht's people but not HUISVESTING: a plaatsingseenheid id gives null."""
    utrecht = sa.select(Gemeente.id).where(Gemeente.code == "GM0344").scalar_subquery()
    ple = (
        await _ids(
            api, Plaatsingseenheid, Plaatsingseenheid.gekoppelde_gemeente_id == utrecht, "Plaatsingseenheid"
        )
    )[0]
    assert (await api.data("utrecht", "query($id: ID!) { node(id: $id) { __typename } }", {"id": ple}))[
        "node"
    ]
    assert (await api.data("derde", "query($id: ID!) { node(id: $id) { __typename } }", {"id": ple}))[
        "node"
    ] is None


async def test_referent_outside_scope_is_null(fresh_api: Api) -> None:
    """A nareiziger linked to Utrecht whose referent lives elsewhere: the referent resolves to null."""
    amsterdam = await fresh_api.scalar(sa.select(Gemeente.id).where(Gemeente.code == "GM0363"))
    utrecht = await fresh_api.scalar(sa.select(Gemeente.id).where(Gemeente.code == "GM0344"))
    referent = await fresh_api.scalar(
        sa.select(Vergunninghouder.id).where(Vergunninghouder.gekoppelde_gemeente_id == amsterdam).limit(1)
    )
    async with fresh_api.engine.begin() as conn:
        nid = (
            await conn.execute(
                sa.update(Nareiziger)
                .where(
                    Nareiziger.id
                    == sa.select(sa.func.min(Nareiziger.id))
                    .where(Nareiziger.gekoppelde_gemeente_id == utrecht)
                    .scalar_subquery()
                )
                .values(referent_id=referent)
                .returning(Nareiziger.v_nummer)
            )
        ).scalar()
    data = await fresh_api.data(
        "utrecht",
        "query($v: String!) { nareizigers(filter: {vNummer: $v}) { nodes { vNummer referent { vNummer } } } }",
        {"v": nid},
    )
    assert data["nareizigers"]["nodes"] == [{"vNummer": nid, "referent": None}]
    # And the referent's V-nummer as a filter finds nothing: a filter tells no more than a lookup.
    ref_v = await fresh_api.scalar(
        sa.select(Vergunninghouder.v_nummer).where(Vergunninghouder.id == referent)
    )
    data = await fresh_api.data(
        "utrecht",
        "query($v: String!) { nareizigers(filter: {vNummerReferent: $v}) { totalCount } }",
        {"v": ref_v},
    )
    assert data["nareizigers"]["totalCount"] == 0
