"""COA's casemanager sends klantprofielen: immutable versions, contiguous from 1, also when twenty
sends race; CONFLICT and CONSENT_REQUIRED write nothing; the gemeente is notified."""

from __future__ import annotations

import asyncio
from collections import Counter
from typing import Any

import pytest
import sqlalchemy as sa

from db.enums import AuditResultaat, NotificatieSoort
from db.models import AuditRecord, EmailOutbox, Klantprofiel, Notificatie, Vergunninghouder
from tests import people
from tests.conftest import Api
from tests.test_contactpersonen import code, records

VERZENDEN = """
mutation Verzenden($v: String!, $input: KlantprofielInput!, $vorige: Int) {
  klantprofielVerzenden(vNummer: $v, input: $input, vorigeVersie: $vorige) {
    versie verzondenOp contactpersoonCoa { naam email }
    persoonlijk { talen telefoonnummer } status { vergunningVerleendOp }
    inburgering { leerroute } educatie { nederlandsNiveau opleidingen { niveau jaar } }
    arbeid { werkervaring { functie jaren } } familie { gezinsleden { voornaam relatie } } ambities
  }
}"""


def profiel(**overrides: Any) -> dict[str, Any]:
    p: dict[str, Any] = {
        "persoonlijk": {"talen": ["Arabisch", "Engels"], "telefoonnummer": "0612345678"},
        "status": {"vergunningVerleendOp": "2026-06-01", "geldigTot": "2031-06-01"},
        "familie": {
            "gezinsleden": [{"voornaam": "Lina", "relatie": "KIND", "geboortejaar": 2019}],
            "gezinsherenigingAangevraagd": False,
        },
        "inburgering": {
            "inburgeringsplichtig": True,
            "leerroute": "B1_ROUTE",
            "voorinburgeringGevolgd": True,
            "knmAfgerond": False,
        },
        "educatie": {
            "taalvaardigheid": [{"taal": "Arabisch", "niveau": "C2"}],
            "nederlandsNiveau": "A2",
            "opleidingen": [{"niveau": "MBO-niveau", "land": "Syrië", "diplomaBehaald": True, "jaar": 2015}],
            "contactMetUaf": False,
        },
        "arbeid": {
            "heeftCv": True,
            "werkervaring": [{"functie": "Elektricien", "sector": "Bouw", "land": "Syrië", "jaren": 6}],
            "overigeCompetenties": ["rijbewijs B"],
        },
        "ambities": "Werken als elektricien in de regio",
        "contactpersoonCoa": {"naam": "Mirjam Hoekstra", "email": "casemanager@coa.demo"},
    }
    p.update(overrides)
    return p


async def versies(api: Api, v_nummer: str) -> list[int]:
    rows = await api.rows(
        sa.select(Klantprofiel.versie)
        .join(Vergunninghouder, Vergunninghouder.id == Klantprofiel.vergunninghouder_id)
        .where(Vergunninghouder.v_nummer == v_nummer)
        .order_by(Klantprofiel.versie)
    )
    return [r.versie for r in rows]


async def test_the_first_version_is_sent_stored_notified_and_logged(fresh_api: Api) -> None:
    v = await people.vergunninghouder(fresh_api, "GM0344", "VERLEEND", versies=False)
    before = await people.counts(fresh_api, Notificatie, EmailOutbox)
    response = await fresh_api.post("casemanager", VERZENDEN, {"v": v, "input": profiel()})
    sent = response.json()["data"]["klantprofielVerzenden"]
    assert sent["versie"] == 1
    assert sent["educatie"] == {
        "nederlandsNiveau": "A2",
        "opleidingen": [{"niveau": "MBO-niveau", "jaar": 2015}],
    }
    assert sent["familie"] == {"gezinsleden": [{"voornaam": "Lina", "relatie": "KIND"}]}
    assert await versies(fresh_api, v) == [1]

    # The gemeente reads it, and is told: each Utrecht contact who chose KLANTPROFIEL notifications.
    gelezen = await fresh_api.data(
        "utrecht",
        "query($v: String!) { vergunninghouder(vNummer: $v) {"
        " klantprofiel { ... on Klantprofiel { versie ambities } } } }",
        {"v": v},
    )
    assert gelezen["vergunninghouder"]["klantprofiel"] == {
        "versie": 1,
        "ambities": "Werken als elektricien in de regio",
    }
    mijn = await fresh_api.data(
        "utrecht", "{ mijnNotificaties(first: 1) { nodes { soort gelezen vergunninghouder { vNummer } } } }"
    )
    assert mijn["mijnNotificaties"]["nodes"] == [
        {"soort": NotificatieSoort.KLANTPROFIEL.value, "gelezen": False, "vergunninghouder": {"vNummer": v}}
    ]
    after = await people.counts(fresh_api, Notificatie, EmailOutbox)
    kiezers = await fresh_api.scalar(
        sa.text(
            "SELECT count(*) FROM contactpersoon c JOIN gemeente g ON g.id = c.gemeente_id"
            " WHERE g.code = 'GM0344' AND c.notificatie_klantprofiel"
        )
    )
    assert after["email_outbox"] == before["email_outbox"] + kiezers
    assert after["notificatie"] == before["notificatie"] + 3  # the three Utrecht logins

    # Two records: the send (GEWIJZIGD) and the profile the response carried (GETOOND).
    log = {r.resultaat: r for r in await records(fresh_api, response)}
    assert set(log) == {AuditResultaat.GEWIJZIGD, AuditResultaat.GETOOND}
    assert log[AuditResultaat.GEWIJZIGD].handeling == "klantprofiel versie 1 verzonden"
    assert log[AuditResultaat.GEWIJZIGD].v_nummer_hmac == fresh_api.state.cipher.index(v)
    assert (
        log[AuditResultaat.GEWIJZIGD].gegevensgroepen == "KLANTPROFIEL_PARTICIPATIE,KLANTPROFIEL_PERSOONLIJK"
    )


async def test_the_next_version_names_the_previous_one(fresh_api: Api) -> None:
    v = await people.vergunninghouder(fresh_api, "GM0344", "VERLEEND", versies=True)
    (laatste,) = (await versies(fresh_api, v))[-1:]
    data = await fresh_api.data("casemanager", VERZENDEN, {"v": v, "input": profiel(), "vorige": laatste})
    assert data["klantprofielVerzenden"]["versie"] == laatste + 1
    assert await versies(fresh_api, v) == list(range(1, laatste + 2))


@pytest.mark.parametrize("vorige", [None, 1, 99])
async def test_a_stale_vorige_versie_is_a_conflict_and_writes_nothing(api: Api, vorige: int | None) -> None:
    v = await people.vergunninghouder(api, "GM0344", "VERLEEND", versies=True)
    laatste = (await versies(api, v))[-1]
    if vorige == laatste:
        vorige = laatste + 1
    before = await people.counts(api, Klantprofiel, Notificatie, EmailOutbox)
    body = await api.gql("casemanager", VERZENDEN, {"v": v, "input": profiel(), "vorige": vorige})
    assert code(body) == "CONFLICT" and body["errors"][0]["extensions"]["laatsteVersie"] == laatste
    assert await people.counts(api, Klantprofiel, Notificatie, EmailOutbox) == before


@pytest.mark.parametrize("toestemming", [None, "INGETROKKEN"])
async def test_without_consent_in_force_nothing_is_sent(api: Api, toestemming: str | None) -> None:
    v = await people.vergunninghouder(api, "GM0344", toestemming, versies=True)
    before = await people.counts(api, Klantprofiel, Notificatie, EmailOutbox)
    body = await api.gql(
        "casemanager", VERZENDEN, {"v": v, "input": profiel(), "vorige": (await versies(api, v))[-1]}
    )
    assert code(body) == "CONSENT_REQUIRED"
    assert await people.counts(api, Klantprofiel, Notificatie, EmailOutbox) == before


async def test_bad_input_names_every_field_and_writes_nothing(api: Api) -> None:
    v = await people.vergunninghouder(api, "GM0344", "VERLEEND", versies=False)
    slecht = profiel(
        contactpersoonCoa={"naam": " ", "email": "mirjam@coa"},
        status={"vergunningVerleendOp": "2999-01-01"},
        familie={
            "gezinsleden": [{"voornaam": "Lina", "relatie": "KIND", "geboortejaar": 3000}],
            "gezinsherenigingAangevraagd": False,
        },
    )
    before = await people.counts(api, Klantprofiel, Notificatie, EmailOutbox, AuditRecord)
    body = await api.gql("casemanager", VERZENDEN, {"v": v, "input": slecht, "vorige": 0})
    assert code(body) == "VALIDATION_FAILED"
    assert set(body["errors"][0]["extensions"]["velden"]) == {
        "vorigeVersie",
        "input.contactpersoonCoa.naam",
        "input.contactpersoonCoa.email",
        "input.status.vergunningVerleendOp",
        "input.familie.gezinsleden.0.geboortejaar",
    }
    assert await people.counts(api, Klantprofiel, Notificatie, EmailOutbox, AuditRecord) == before


async def test_a_person_outside_the_scope_or_unknown_is_not_found(api: Api) -> None:
    body = await api.gql("casemanager", VERZENDEN, {"v": "0000000001", "input": profiel()})
    assert code(body) == "NOT_FOUND"


@pytest.mark.parametrize("user", ["utrecht", "beheerder", "derde", "amr", "regievoerder", "fg"])
async def test_only_the_casemanager_sends(api: Api, user: str) -> None:
    v = await people.vergunninghouder(api, "GM0344", "VERLEEND", versies=False)
    before = await people.counts(api, Klantprofiel)
    response = await api.post(user, VERZENDEN, {"v": v, "input": profiel()})
    assert code(response.json()) == "FORBIDDEN"
    assert [r.resultaat for r in await records(api, response)] == [AuditResultaat.GEWEIGERD]
    assert await people.counts(api, Klantprofiel) == before


async def test_twenty_concurrent_sends_give_one_version_and_nineteen_conflicts(fresh_api: Api) -> None:
    v = await people.vergunninghouder(fresh_api, "GM0344", "VERLEEND", versies=True)
    laatste = (await versies(fresh_api, v))[-1]
    bodies = await asyncio.gather(
        *(
            fresh_api.gql(
                "casemanager",
                VERZENDEN,
                {"v": v, "input": profiel(ambities=f"poging {i}"), "vorige": laatste},
            )
            for i in range(20)
        )
    )
    outcomes = Counter("ok" if "errors" not in b else code(b) for b in bodies)
    assert outcomes == {"ok": 1, "CONFLICT": 19}
    assert await versies(fresh_api, v) == list(range(1, laatste + 2))
    sent = await fresh_api.scalar(
        sa.select(sa.func.count()).where(
            AuditRecord.handeling == f"klantprofiel versie {laatste + 1} verzonden"
        )
    )
    assert sent == 1
