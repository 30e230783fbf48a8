"""The `notificaties` subscription over graphql-transport-ws on /graphql: authenticated in
connection_init with the bearer token, only the caller's own notifications, honouring its settings
and scope, logged like any read, and ended when the contact is removed."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed, InvalidStatus

from db.enums import AuditResultaat
from db.models import (
    Account,
    AuditRecord,
    Contactpersoon,
    Gemeente,
    Klantprofiel,
    Notificatie,
    Toestemming,
    Vergunninghouder,
)
from db.session import create_engine
from gateway.audit import AuditCipher
from gateway.auth import TokenVerifier
from gateway.keys import audit_keys
from gateway.schema.node import encode_id
from gateway.settings import Settings
from tests import live
from tests.conftest import DEMO, make_settings
from tests.people import laatste_toestemming
from tests.test_klantprofiel_verzenden import VERZENDEN, profiel
from tests.test_toestemming import GISTEREN, INTREKKEN

NOTIFICATIES = """
subscription Meldingen($na: ID) {
  notificaties(na: $na) { id soort onderwerp gelezen vergunninghouder { vNummer achternaam } }
}"""
INSTELLEN = """
mutation($id: ID!, $i: NotificatieInstellingenInput!) {
  notificatiesInstellen(contactpersoonId: $id, instellingen: $i) { id }
}
"""


@dataclass
class Live:
    host: str
    settings: Settings
    engine: AsyncEngine
    http: httpx.AsyncClient

    def token(self, user: str) -> str:
        return TokenVerifier(self.settings).issue_dev_token(DEMO.get(user, user))

    async def data(self, user: str, query: str, variables: dict[str, Any] | None = None) -> Any:
        response = await self.http.post(
            "/graphql",
            json={"query": query, "variables": variables or {}},
            headers={"Authorization": f"Bearer {self.token(user)}"},
        )
        body = response.json()
        assert "errors" not in body, body
        return body["data"]

    async def scalar(self, statement: Any) -> Any:
        async with self.engine.connect() as conn:
            return (await conn.execute(statement)).scalar()

    async def latest_notificatie(self, user: str) -> str | None:
        pk = await self.scalar(
            sa.select(sa.func.max(Notificatie.id))
            .join(Account, Account.id == Notificatie.account_id)
            .where(Account.gebruikersnaam == DEMO[user])
        )
        return encode_id("Notificatie", pk) if pk else None


@pytest.fixture
async def server(fresh_db_url: str, key_dir: Path) -> AsyncIterator[Live]:
    settings = make_settings(fresh_db_url, key_dir)
    engine = create_engine(fresh_db_url)
    async with live.live_server(settings) as host, httpx.AsyncClient(base_url=f"http://{host}") as http:
        yield Live(host, settings, engine, http)
    await engine.dispose()


async def person(server: Live, toestemming: str, versies: bool) -> tuple[str, int]:
    """(V-nummer, latest version) of a Utrecht person in this consent state."""
    laatste = laatste_toestemming(Toestemming.vergunninghouder_id, Vergunninghouder.id)
    versie = (
        sa.select(sa.func.max(Klantprofiel.versie))
        .where(Klantprofiel.vergunninghouder_id == Vergunninghouder.id)
        .scalar_subquery()
    )
    async with server.engine.connect() as conn:
        row = (
            await conn.execute(
                sa.select(Vergunninghouder.v_nummer, versie.label("versie"))
                .join(Gemeente, Gemeente.id == Vergunninghouder.gekoppelde_gemeente_id)
                .where(
                    Gemeente.code == "GM0344",
                    laatste == toestemming,
                    versie.is_not(None) if versies else versie.is_(None),
                )
                .order_by(Vergunninghouder.id)
                .limit(1)
            )
        ).one()
    return row.v_nummer, row.versie or 0


async def contact(server: Live, email: str) -> str:
    pk = await server.scalar(sa.select(Contactpersoon.id).where(Contactpersoon.email == email))
    return str(encode_id("Contactpersoon", pk))


async def test_a_gemeente_receives_the_notification_of_a_sent_klantprofiel(server: Live) -> None:
    v, _ = await person(server, "VERLEEND", versies=False)
    async with live.subscriber(server.host) as sub:
        assert (await sub.init(server.token("utrecht")))["type"] == "connection_ack"
        await sub.subscribe(NOTIFICATIES, {"na": await server.latest_notificatie("utrecht")})
        await server.data("casemanager", VERZENDEN, {"v": v, "input": profiel()})
        message = await sub.receive()
    assert message["type"] == "next", message
    notificatie = message["payload"]["data"]["notificaties"]
    assert notificatie["soort"] == "KLANTPROFIEL" and notificatie["gelezen"] is False
    assert notificatie["vergunninghouder"]["vNummer"] == v
    # The person's data left the gateway in the event: the access log says so, for this account.
    cipher = AuditCipher(audit_keys(server.settings))
    shown = await server.scalar(
        sa.select(sa.func.count()).where(
            AuditRecord.gebruikersnaam == DEMO["utrecht"],
            AuditRecord.resultaat == AuditResultaat.GETOOND,
            AuditRecord.operatie == "subscription notificaties",
            AuditRecord.v_nummer_hmac == cipher.index(v),
        )
    )
    assert shown == 1


async def test_the_subscription_honours_the_contacts_settings(server: Live) -> None:
    na = await server.latest_notificatie("utrecht")
    v_send, _ = await person(server, "VERLEEND", versies=False)
    await server.data("casemanager", VERZENDEN, {"v": v_send, "input": profiel()})  # KLANTPROFIEL, made now
    cid = await contact(server, "medewerker@utrecht.demo")
    uit = {"algemeen": True, "woningcheck": True, "mvvProces": True, "klantprofiel": False}
    await server.data("utrecht", INSTELLEN, {"id": cid, "i": uit})
    v_trek, _ = await person(server, "VERLEEND", versies=True)
    async with live.subscriber(server.host) as sub:
        await sub.init(server.token("utrecht"))
        await sub.subscribe(NOTIFICATIES, {"na": na})
        await server.data("casemanager", INTREKKEN, {"v": v_trek, "d": GISTEREN})  # ALGEMEEN
        message = await sub.receive()
    # The KLANTPROFIEL notification made before is skipped: the contact no longer wants those.
    assert message["payload"]["data"]["notificaties"]["soort"] == "ALGEMEEN"


async def test_removing_the_contact_ends_its_subscription(server: Live) -> None:
    cid = await contact(server, "medewerker@utrecht.demo")
    async with live.subscriber(server.host) as sub:
        await sub.init(server.token("utrecht"))
        await sub.subscribe(NOTIFICATIES)
        await server.data(
            "beheerder", "mutation($id: ID!) { contactpersoonVerwijderen(id: $id) }", {"id": cid}
        )
        ended = await sub.receive()
        assert (
            ended["type"] == "next"
            and ended["payload"]["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
        )
        assert (await sub.receive())["type"] == "complete"
        # A new subscription on the same connection is refused as well.
        await sub.subscribe(NOTIFICATIES, id="2")
        refused = await sub.receive()
        assert refused["type"] == "error" and refused["payload"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_connection_init_needs_a_valid_token(server: Live) -> None:
    for token in ("not-a-token", server.token("fg")[:-4] + "AAAA"):
        async with live.subscriber(server.host) as sub:
            await sub.send({"type": "connection_init", "payload": {"Authorization": f"Bearer {token}"}})
            with pytest.raises(ConnectionClosed) as closed:
                await sub.receive()
            assert closed.value.rcvd is not None and closed.value.rcvd.code == 4403
    async with live.subscriber(server.host) as sub:
        await sub.subscribe(NOTIFICATIES)  # before connection_init
        with pytest.raises(ConnectionClosed) as closed:
            await sub.receive()
        assert closed.value.rcvd is not None and closed.value.rcvd.code == 4401


async def test_queries_and_mutations_go_over_post_only(server: Live) -> None:
    async with live.subscriber(server.host) as sub:
        await sub.init(server.token("casemanager"))
        await sub.subscribe("{ vergunninghouders(first: 1) { nodes { bsn } } }")
        refused = await sub.receive()
    assert refused["type"] == "error" and refused["payload"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_field_groups_apply_to_a_subscription(server: Live) -> None:
    async with live.subscriber(server.host) as sub:
        await sub.init(server.token("derde"))
        await sub.subscribe("subscription Bsn { notificaties { vergunninghouder { bsn } } }")
        refused = await sub.receive()
    assert refused["payload"]["errors"][0]["extensions"] == {
        "code": "FORBIDDEN",
        "velden": ["Vergunninghouder.bsn"],
    }
    geweigerd = await server.scalar(
        sa.select(sa.func.count()).where(
            AuditRecord.gebruikersnaam == DEMO["derde"], AuditRecord.resultaat == AuditResultaat.GEWEIGERD
        )
    )
    assert geweigerd == 1


async def test_a_browser_page_of_another_origin_cannot_connect(server: Live) -> None:
    with pytest.raises(InvalidStatus):
        async with connect(
            f"ws://{server.host}/graphql",
            subprotocols=["graphql-transport-ws"],  # type: ignore[list-item]
            origin="https://elders.example",  # type: ignore[arg-type]
        ):
            pass
