"""COA records a nareiziger's MVV step and woningcheck result; the gemeente is notified, and each
contact marks its own notifications read."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from db.enums import AuditResultaat
from db.models import Nareiziger, Notificatie, Vergunninghouder
from gateway.schema.node import encode_id
from tests import people
from tests.conftest import Api
from tests.test_contactpersonen import code, records

MVV = """
mutation Mvv($v: String!, $stap: MvvStap!, $sinds: Date!) {
  mvvStapWijzigen(vNummer: $v, mvvStap: $stap, sinds: $sinds) { vNummer mvvStap mvvStapSinds }
}"""
WONINGCHECK = """
mutation Woningcheck($v: String!, $r: WoningcheckResultaat!) {
  woningcheckVastleggen(vNummer: $v, resultaat: $r) { vNummer woningcheck }
}"""
GELEZEN = "mutation Gelezen($id: ID!) { notificatieGelezen(id: $id) { id soort gelezen } }"
MIJN = "{ mijnNotificaties(first: 1) { nodes { id soort onderwerp gelezen vergunninghouder { vNummer } } } }"
GISTEREN = (date.today() - timedelta(days=1)).isoformat()


async def _nieuwe_stap(api: Api, v: str) -> str:
    huidig = await api.scalar(sa.select(Nareiziger.mvv_stap).where(Nareiziger.v_nummer == v))
    return "INGEREISD" if huidig.value != "INGEREISD" else "MVV_AFGEGEVEN"


@pytest.mark.parametrize("user", ["casemanager", "regievoerder"])
async def test_coa_records_a_new_mvv_step_and_the_gemeente_hears_of_it(fresh_api: Api, user: str) -> None:
    v = await people.nareiziger(fresh_api, "GM0344")
    stap = await _nieuwe_stap(fresh_api, v)
    response = await fresh_api.post(user, MVV, {"v": v, "stap": stap, "sinds": GISTEREN})
    assert response.json()["data"]["mvvStapWijzigen"] == {
        "vNummer": v,
        "mvvStap": stap,
        "mvvStapSinds": GISTEREN,
    }
    mijn = (await fresh_api.data("utrecht", MIJN))["mijnNotificaties"]["nodes"][0]
    assert mijn["soort"] == "MVV_PROCES" and mijn["onderwerp"] == "MVV-stap van een nareiziger gewijzigd"
    # The notification points to the referent, whom the gemeente can look up.
    referent = await fresh_api.scalar(
        sa.select(Vergunninghouder.v_nummer)
        .join(Nareiziger, Nareiziger.referent_id == Vergunninghouder.id)
        .where(Nareiziger.v_nummer == v)
    )
    assert mijn["vergunninghouder"] == {"vNummer": referent}
    log = [r for r in await records(fresh_api, response) if r.resultaat is AuditResultaat.GEWIJZIGD]
    assert len(log) == 1 and log[0].v_nummer_hmac == fresh_api.state.cipher.index(v)
    assert f"-> {stap}" in log[0].handeling


async def test_coa_records_a_woningcheck_result(fresh_api: Api) -> None:
    v = await people.nareiziger(fresh_api, "GM0344")
    huidig = await fresh_api.scalar(sa.select(Nareiziger.woningcheck).where(Nareiziger.v_nummer == v))
    resultaat = "GESCHIKT" if huidig.value != "GESCHIKT" else "NIET_GESCHIKT"
    data = await fresh_api.data("casemanager", WONINGCHECK, {"v": v, "r": resultaat})
    assert data["woningcheckVastleggen"] == {"vNummer": v, "woningcheck": resultaat}
    assert (await fresh_api.data("utrecht", MIJN))["mijnNotificaties"]["nodes"][0]["soort"] == "WONINGCHECK"


async def test_a_regievoerder_acts_only_in_its_region(api: Api) -> None:
    outside = await api.scalar(
        sa.text(
            "SELECT n.v_nummer FROM nareiziger n JOIN gemeente g ON g.id = n.gekoppelde_gemeente_id"
            " JOIN uitplaatsingsregio r ON r.id = g.uitplaatsingsregio_id WHERE r.code <> 'MIDDEN'"
            " ORDER BY n.id LIMIT 1"
        )
    )
    assert outside is not None, "the seed has nareizigers outside region Midden"
    before = await api.rows(sa.select(Nareiziger.woningcheck).where(Nareiziger.v_nummer == outside))
    assert code(await api.gql("regievoerder", WONINGCHECK, {"v": outside, "r": "GESCHIKT"})) == "NOT_FOUND"
    assert await api.rows(sa.select(Nareiziger.woningcheck).where(Nareiziger.v_nummer == outside)) == before


async def test_bad_input_writes_nothing(api: Api) -> None:
    v = await people.nareiziger(api, "GM0344")
    before = await api.rows(
        sa.select(Nareiziger.mvv_stap, Nareiziger.mvv_stap_sinds).where(Nareiziger.v_nummer == v)
    )
    morgen = (date.today() + timedelta(days=2)).isoformat()
    body = await api.gql("casemanager", MVV, {"v": v, "stap": "INGEREISD", "sinds": morgen})
    assert code(body) == "VALIDATION_FAILED" and body["errors"][0]["extensions"]["velden"] == {
        "sinds": "ligt in de toekomst"
    }
    body = await api.gql("casemanager", WONINGCHECK, {"v": "123", "r": "GESCHIKT"})
    assert body["errors"][0]["extensions"]["velden"] == {"vNummer": "een V-nummer heeft 10 cijfers"}
    vh = await people.vergunninghouder(api, "GM0344", "VERLEEND", versies=True)
    assert code(await api.gql("casemanager", WONINGCHECK, {"v": vh, "r": "GESCHIKT"})) == "NOT_FOUND"
    after = await api.rows(
        sa.select(Nareiziger.mvv_stap, Nareiziger.mvv_stap_sinds).where(Nareiziger.v_nummer == v)
    )
    assert after == before


@pytest.mark.parametrize("user", ["utrecht", "beheerder", "derde", "amr", "fg"])
async def test_gemeenten_and_others_do_not_record_nareis_events(api: Api, user: str) -> None:
    v = await people.nareiziger(api, "GM0344")
    for query, variables in (
        (MVV, {"v": v, "stap": "INGEREISD", "sinds": GISTEREN}),
        (WONINGCHECK, {"v": v, "r": "GESCHIKT"}),
    ):
        response = await api.post(user, query, variables)
        assert code(response.json()) == "FORBIDDEN"
        assert [r.resultaat for r in await records(api, response)] == [AuditResultaat.GEWEIGERD]


async def test_a_contact_marks_its_own_notification_read(fresh_api: Api) -> None:
    eerste = await fresh_api.data(
        "utrecht", "{ mijnNotificaties(alleenOngelezen: true, first: 1) { nodes { id } } }"
    )
    nid = eerste["mijnNotificaties"]["nodes"][0]["id"]
    response = await fresh_api.post("utrecht", GELEZEN, {"id": nid})
    assert response.json()["data"]["notificatieGelezen"]["gelezen"] is True
    assert (await fresh_api.data("utrecht", GELEZEN, {"id": nid}))["notificatieGelezen"]["gelezen"] is True
    (record,) = await records(fresh_api, response)
    assert record.resultaat is AuditResultaat.GEWIJZIGD and record.handeling.endswith("gelezen")


async def test_someone_elses_notification_does_not_exist(api: Api) -> None:
    pk = await api.scalar(
        sa.text(
            "SELECT n.id FROM notificatie n JOIN account a ON a.id = n.account_id"
            " WHERE a.gebruikersnaam = 'beheerder@utrecht.demo' AND n.gelezen_op IS NULL"
            " ORDER BY n.id LIMIT 1"
        )
    )
    for user in ("utrecht", "casemanager", "fg"):
        assert code(await api.gql(user, GELEZEN, {"id": encode_id("Notificatie", pk)})) == "NOT_FOUND"
    assert code(await api.gql("utrecht", GELEZEN, {"id": encode_id("Contactpersoon", 1)})) == "NOT_FOUND"
    assert await api.scalar(sa.select(Notificatie.gelezen_op).where(Notificatie.id == pk)) is None
