"""COA's casemanager records consent and its withdrawal; every reader follows on its next request."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from db.enums import AuditResultaat, NotificatieSoort
from db.models import Notificatie, Toestemming
from tests import people
from tests.conftest import Api
from tests.test_contactpersonen import code, records

VASTLEGGEN = """
mutation Vastleggen($v: String!, $d: Date!) {
  toestemmingVastleggen(vNummer: $v, ondertekendOp: $d) { status ondertekendOp ingetrokkenOp }
}"""
INTREKKEN = """
mutation Intrekken($v: String!, $d: Date!) {
  toestemmingIntrekken(vNummer: $v, ingetrokkenOp: $d) { status ondertekendOp ingetrokkenOp }
}"""
PROFIEL = """
query Profiel($v: String!) {
  vergunninghouder(vNummer: $v) {
    klantprofiel { __typename ... on KlantprofielNietBeschikbaar { reden } ... on Klantprofiel { versie } }
  }
}"""
GISTEREN = (date.today() - timedelta(days=1)).isoformat()
MORGEN = (date.today() + timedelta(days=2)).isoformat()


async def test_recorded_consent_opens_the_klantprofiel_to_the_gemeente(fresh_api: Api) -> None:
    v = await people.vergunninghouder(fresh_api, "GM0344", None, versies=True)
    before = await fresh_api.data("utrecht", PROFIEL, {"v": v})
    assert before["vergunninghouder"]["klantprofiel"] == {
        "__typename": "KlantprofielNietBeschikbaar",
        "reden": "GEEN_TOESTEMMING",
    }
    response = await fresh_api.post("casemanager", VASTLEGGEN, {"v": v, "d": GISTEREN})
    assert response.json()["data"]["toestemmingVastleggen"] == {
        "status": "VERLEEND",
        "ondertekendOp": GISTEREN,
        "ingetrokkenOp": None,
    }
    after = await fresh_api.data("utrecht", PROFIEL, {"v": v})
    assert after["vergunninghouder"]["klantprofiel"]["__typename"] == "Klantprofiel"
    (record,) = await records(fresh_api, response)
    assert record.resultaat is AuditResultaat.GEWIJZIGD and record.gebruikersnaam == "casemanager@coa.demo"
    assert record.v_nummer_hmac == fresh_api.state.cipher.index(v)
    assert "toestemming vastgelegd" in record.handeling


async def test_withdrawn_consent_closes_it_and_tells_the_gemeente(fresh_api: Api) -> None:
    v = await people.vergunninghouder(fresh_api, "GM0344", "VERLEEND", versies=True)
    assert (await fresh_api.data("utrecht", PROFIEL, {"v": v}))["vergunninghouder"]["klantprofiel"][
        "__typename"
    ] == "Klantprofiel"
    notificaties = await people.counts(fresh_api, Notificatie)
    response = await fresh_api.post("casemanager", INTREKKEN, {"v": v, "d": GISTEREN})
    assert response.json()["data"]["toestemmingIntrekken"]["status"] == "INGETROKKEN"
    after = await fresh_api.data("utrecht", PROFIEL, {"v": v})
    assert after["vergunninghouder"]["klantprofiel"] == {
        "__typename": "KlantprofielNietBeschikbaar",
        "reden": "TOESTEMMING_INGETROKKEN",
    }
    # Utrecht's medewerker, beheerder and third party chose ALGEMEEN notifications.
    assert (await people.counts(fresh_api, Notificatie))["notificatie"] == notificaties["notificatie"] + 3
    mijn = await fresh_api.data("utrecht", "{ mijnNotificaties(first: 1) { nodes { soort onderwerp } } }")
    assert mijn["mijnNotificaties"]["nodes"][0]["soort"] == NotificatieSoort.ALGEMEEN.value
    (record,) = await records(fresh_api, response)
    assert record.resultaat is AuditResultaat.GEWIJZIGD and "ingetrokken" in record.handeling


async def test_withdrawing_without_consent_in_force_is_a_conflict(api: Api) -> None:
    v = await people.vergunninghouder(api, "GM0344", None, versies=True)
    before = await people.counts(api, Toestemming)
    assert code(await api.gql("casemanager", INTREKKEN, {"v": v, "d": GISTEREN})) == "CONFLICT"
    assert await people.counts(api, Toestemming) == before


@pytest.mark.parametrize("mutation", [VASTLEGGEN, INTREKKEN])
async def test_dates_in_the_future_are_refused(api: Api, mutation: str) -> None:
    v = await people.vergunninghouder(api, "GM0344", "VERLEEND", versies=True)
    before = await people.counts(api, Toestemming)
    body = await api.gql("casemanager", mutation, {"v": v, "d": MORGEN})
    assert code(body) == "VALIDATION_FAILED"
    assert list(body["errors"][0]["extensions"]["velden"].values()) == ["ligt in de toekomst"]
    assert await people.counts(api, Toestemming) == before


async def test_withdrawal_before_the_signature_is_refused(api: Api) -> None:
    v = await people.vergunninghouder(api, "GM0344", "VERLEEND", versies=True)
    body = await api.gql("casemanager", INTREKKEN, {"v": v, "d": "2000-01-01"})
    assert code(body) == "VALIDATION_FAILED" and "ingetrokkenOp" in body["errors"][0]["extensions"]["velden"]


async def test_bad_and_unknown_v_nummers(api: Api) -> None:
    body = await api.gql("casemanager", VASTLEGGEN, {"v": "12345", "d": GISTEREN})
    assert body["errors"][0]["extensions"]["velden"] == {"vNummer": "een V-nummer heeft 10 cijfers"}
    assert code(await api.gql("casemanager", VASTLEGGEN, {"v": "0000000000", "d": GISTEREN})) == "NOT_FOUND"


@pytest.mark.parametrize("user", ["utrecht", "beheerder", "derde", "amr", "regievoerder", "fg"])
@pytest.mark.parametrize("mutation", [VASTLEGGEN, INTREKKEN])
async def test_only_the_casemanager_records_consent(api: Api, user: str, mutation: str) -> None:
    v = await people.vergunninghouder(api, "GM0344", "VERLEEND", versies=True)
    before = await people.counts(api, Toestemming)
    response = await api.post(user, mutation, {"v": v, "d": GISTEREN})
    assert code(response.json()) == "FORBIDDEN"
    (record,) = await records(api, response)
    assert record.resultaat is AuditResultaat.GEWEIGERD and record.v_nummer_hmac == api.state.cipher.index(v)
    assert await people.counts(api, Toestemming) == before
