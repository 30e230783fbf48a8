"""A gemeente's beheerder manages its contactpersonen; a contact sets its own notifications.

Every write is checked for the allowed role, each refused role (FORBIDDEN and a GEWEIGERD record),
bad input (VALIDATION_FAILED naming each field, nothing written) and its access-log record.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest
import sqlalchemy as sa

from db.enums import AuditResultaat, Rol
from db.models import Account, AuditRecord, Contactpersoon, EmailOutbox, Notificatie
from tests import people
from tests.conftest import Api, audit_rows_for

TOEVOEGEN = """
mutation Toevoegen($input: ContactpersoonInput!) {
  contactpersoonToevoegen(input: $input) {
    id naam email gebruikersnaam telefoonnummer organisatietype magInloggen beheerder grondslag
    adres { postcode } notificaties { klantprofiel algemeen } gemeente { code }
  }
}"""
WIJZIGEN = """
mutation Wijzigen($id: ID!, $input: ContactpersoonWijziging!) {
  contactpersoonWijzigen(id: $id, input: $input) { id naam email gebruikersnaam telefoonnummer faxnummer }
}"""
VERWIJDEREN = "mutation Verwijderen($id: ID!) { contactpersoonVerwijderen(id: $id) }"
INSTELLEN = """
mutation Instellen($id: ID!, $i: NotificatieInstellingenInput!) {
  notificatiesInstellen(contactpersoonId: $id, instellingen: $i) { id notificaties { algemeen klantprofiel } }
}"""
IK = "{ ik { gebruikersnaam rol } }"
ALLES_AAN = {"algemeen": True, "woningcheck": True, "mvvProces": True, "klantprofiel": True}
ALLES_UIT = {"algemeen": False, "woningcheck": False, "mvvProces": False, "klantprofiel": False}


def nieuw(**overrides: Any) -> dict[str, Any]:
    contact = {
        "gemeenteCode": "GM0344",
        "naam": "Noor van Dijk",
        "email": "Noor.van.Dijk@utrecht.demo",
        "telefoonnummer": "030 - 286 00 00",
        "organisatietype": "GEMEENTE",
        "organisatie": "Gemeente Utrecht",
        "adres": {"straat": "Stadsplateau", "huisnummer": "1", "postcode": "3521az", "plaats": "Utrecht"},
        "notificaties": {"algemeen": True, "woningcheck": False, "mvvProces": False, "klantprofiel": True},
        "magInloggen": True,
    }
    contact.update(overrides)
    return contact


def trace(response: httpx.Response) -> str:
    return response.headers["traceparent"].split("-")[1]


async def records(api: Api, response: httpx.Response) -> list[Any]:
    return list(await api.rows(audit_rows_for(trace(response))))


def code(body: dict[str, Any]) -> str:
    return str(body["errors"][0]["extensions"]["code"])


# --- adding ------------------------------------------------------------------------------------------


async def test_beheerder_adds_a_colleague_who_can_log_in_at_once(fresh_api: Api) -> None:
    response = await fresh_api.post("beheerder", TOEVOEGEN, {"input": nieuw()})
    body = response.json()
    assert "errors" not in body, body
    added = body["data"]["contactpersoonToevoegen"]
    assert added["email"] == "noor.van.dijk@utrecht.demo"
    assert added["gebruikersnaam"] == "noor.van.dijk@utrecht.demo"
    assert added["telefoonnummer"] == "0302860000"
    assert added["adres"] == {"postcode": "3521 AZ"}
    assert added["gemeente"] == {"code": "GM0344"}
    assert added["notificaties"] == {"klantprofiel": True, "algemeen": True}

    # The new contact logs in as a medewerker of Utrecht.
    assert await fresh_api.data("noor.van.dijk@utrecht.demo", IK) == {
        "ik": {"gebruikersnaam": "noor.van.dijk@utrecht.demo", "rol": "GEMEENTE_MEDEWERKER"}
    }
    (record,) = await records(fresh_api, response)
    assert record.resultaat is AuditResultaat.GEWIJZIGD
    assert record.gebruikersnaam == "beheerder@utrecht.demo"
    assert record.operatie == "mutation contactpersoonToevoegen"
    assert "toegevoegd aan GM0344" in record.handeling and "noor.van.dijk@utrecht.demo" in record.handeling
    assert record.gegevensgroepen == "CONTACTGEGEVENS"


async def test_a_beheerder_contact_logs_in_as_beheerder(fresh_api: Api) -> None:
    await fresh_api.data("beheerder", TOEVOEGEN, {"input": nieuw(beheerder=True)})
    assert (await fresh_api.data("noor.van.dijk@utrecht.demo", IK))["ik"]["rol"] == "GEMEENTE_BEHEERDER"


async def test_another_organisation_needs_a_grondslag_and_becomes_a_derde_partij(fresh_api: Api) -> None:
    extern = nieuw(organisatietype="MAATSCHAPPELIJKE_BEGELEIDING", organisatie="Stichting Nieuw Thuis")
    before = await people.counts(fresh_api, Contactpersoon, Account)
    body = await fresh_api.gql("beheerder", TOEVOEGEN, {"input": {**extern, "grondslag": "  "}})
    assert code(body) == "VALIDATION_FAILED" and set(body["errors"][0]["extensions"]["velden"]) == {
        "input.grondslag"
    }
    assert await people.counts(fresh_api, Contactpersoon, Account) == before

    grondslag = "Overeenkomst maatschappelijke begeleiding 2026"
    added = (await fresh_api.data("beheerder", TOEVOEGEN, {"input": {**extern, "grondslag": grondslag}}))[
        "contactpersoonToevoegen"
    ]
    assert added["grondslag"] == grondslag
    assert (await fresh_api.data("noor.van.dijk@utrecht.demo", IK))["ik"]["rol"] == "DERDE_PARTIJ"


async def test_bad_input_names_every_field_and_writes_nothing(api: Api) -> None:
    before = await people.counts(api, Contactpersoon, Account)
    slecht = nieuw(
        naam=" ",
        email="noor@@utrecht",
        telefoonnummer="12345",
        faxnummer="+44 20 7946 0000",
        organisatie="",
        adres={"straat": "", "huisnummer": "1", "postcode": "0123 AB", "plaats": "Utrecht"},
        organisatietype="OVERIG",
        beheerder=True,
    )
    response = await api.post("beheerder", TOEVOEGEN, {"input": slecht})
    body = response.json()
    assert code(body) == "VALIDATION_FAILED" and body["data"] is None
    assert set(body["errors"][0]["extensions"]["velden"]) == {
        "input.naam",
        "input.email",
        "input.telefoonnummer",
        "input.faxnummer",
        "input.organisatie",
        "input.adres.straat",
        "input.adres.postcode",
        "input.grondslag",
        "input.beheerder",
    }
    assert await people.counts(api, Contactpersoon, Account) == before
    assert await records(api, response) == []


@pytest.mark.parametrize(
    "email", ["medewerker@utrecht.demo", "MEDEWERKER@Utrecht.demo", "casemanager@coa.demo"]
)
async def test_an_email_address_in_use_is_refused(api: Api, email: str) -> None:
    body = await api.gql("beheerder", TOEVOEGEN, {"input": nieuw(email=email)})
    assert code(body) == "VALIDATION_FAILED"
    assert body["errors"][0]["extensions"]["velden"] == {"input.email": "is al in gebruik"}


@pytest.mark.parametrize(
    "user", ["utrecht", "nieuwegein", "amsterdam", "derde", "amr", "casemanager", "regievoerder", "fg"]
)
async def test_other_roles_cannot_add_contacts(api: Api, user: str) -> None:
    before = await people.counts(api, Contactpersoon)
    response = await api.post(user, TOEVOEGEN, {"input": nieuw(email=f"x.{user}@utrecht.demo")})
    assert code(response.json()) == "FORBIDDEN"
    assert await people.counts(api, Contactpersoon) == before
    assert [r.resultaat for r in await records(api, response)] == [AuditResultaat.GEWEIGERD]


async def test_a_beheerder_adds_contacts_to_its_own_gemeente_only(api: Api) -> None:
    response = await api.post("beheerder", TOEVOEGEN, {"input": nieuw(gemeenteCode="GM0363")})
    assert code(response.json()) == "FORBIDDEN"
    assert [r.resultaat for r in await records(api, response)] == [AuditResultaat.GEWEIGERD]
    body = await api.gql("beheerder", TOEVOEGEN, {"input": nieuw(gemeenteCode="GM344")})
    assert body["errors"][0]["extensions"]["velden"] == {
        "input.gemeenteCode": "een CBS-gemeentecode, zoals GM0344"
    }


# --- changing ----------------------------------------------------------------------------------------


async def test_beheerder_changes_a_contact_and_its_login_follows(fresh_api: Api) -> None:
    cid = await people.contact_id(fresh_api, "medewerker@utrecht.demo")
    response = await fresh_api.post(
        "beheerder",
        WIJZIGEN,
        {"id": cid, "input": {"email": "sanne.devries@utrecht.demo", "faxnummer": "+31302860001"}},
    )
    changed = response.json()["data"]["contactpersoonWijzigen"]
    assert changed["gebruikersnaam"] == "sanne.devries@utrecht.demo"
    assert changed["faxnummer"] == "+31302860001" and changed["telefoonnummer"] == "0302860000"
    (record,) = await records(fresh_api, response)
    assert record.resultaat is AuditResultaat.GEWIJZIGD and "email, faxnummer" in record.handeling
    # The login name is the e-mail address: the old one no longer logs in, the new one does.
    assert (await fresh_api.post("utrecht", IK)).status_code == 401
    assert (await fresh_api.data("sanne.devries@utrecht.demo", IK))["ik"]["rol"] == "GEMEENTE_MEDEWERKER"


async def test_a_change_with_bad_input_changes_nothing(api: Api) -> None:
    cid = await people.contact_id(api, "medewerker@utrecht.demo")
    before = await api.rows(
        sa.select(Contactpersoon).where(Contactpersoon.email == "medewerker@utrecht.demo")
    )
    body = await api.gql(
        "beheerder",
        WIJZIGEN,
        {
            "id": cid,
            "input": {"naam": None, "telefoonnummer": "06-123", "email": "begeleider@vluchtelingenwerk.demo"},
        },
    )
    assert code(body) == "VALIDATION_FAILED"
    assert set(body["errors"][0]["extensions"]["velden"]) == {
        "input.naam",
        "input.telefoonnummer",
        "input.email",
    }
    after = await api.rows(sa.select(Contactpersoon).where(Contactpersoon.email == "medewerker@utrecht.demo"))
    assert [r.telefoonnummer for r in after] == [r.telefoonnummer for r in before]


async def test_a_beheerder_keeps_its_own_rights(api: Api) -> None:
    cid = await people.contact_id(api, "beheerder@utrecht.demo")
    body = await api.gql("beheerder", WIJZIGEN, {"id": cid, "input": {"beheerder": False}})
    assert (
        code(body) == "VALIDATION_FAILED" and "input.beheerder" in body["errors"][0]["extensions"]["velden"]
    )
    body = await api.gql("beheerder", VERWIJDEREN, {"id": cid})
    assert code(body) == "VALIDATION_FAILED"


async def test_contacts_of_another_gemeente_do_not_exist_for_a_beheerder(api: Api) -> None:
    cid = await people.contact_id(api, "medewerker@nieuwegein.demo")
    for query, variables in (
        (WIJZIGEN, {"id": cid, "input": {"naam": "X"}}),
        (VERWIJDEREN, {"id": cid}),
        (INSTELLEN, {"id": cid, "i": ALLES_UIT}),
    ):
        assert code(await api.gql("beheerder", query, variables)) == "NOT_FOUND"
    assert (await people.account(api, "medewerker@nieuwegein.demo")).actief


@pytest.mark.parametrize("user", ["utrecht", "derde", "casemanager", "regievoerder", "amr", "fg"])
async def test_other_roles_cannot_change_or_remove_contacts(api: Api, user: str) -> None:
    cid = await people.contact_id(api, "medewerker@utrecht.demo")
    for query, variables in ((WIJZIGEN, {"id": cid, "input": {"naam": "X"}}), (VERWIJDEREN, {"id": cid})):
        response = await api.post(user, query, variables)
        assert code(response.json()) == "FORBIDDEN"
        assert [r.resultaat for r in await records(api, response)] == [AuditResultaat.GEWEIGERD]
    assert (await people.account(api, "medewerker@utrecht.demo")).actief


# --- removing ----------------------------------------------------------------------------------------


async def test_removing_a_contact_ends_its_access_on_its_very_next_request(fresh_api: Api) -> None:
    assert (await fresh_api.post("utrecht", IK)).status_code == 200
    cid = await people.contact_id(fresh_api, "medewerker@utrecht.demo")
    account_id = (await people.account(fresh_api, "medewerker@utrecht.demo")).id

    response = await fresh_api.post("beheerder", VERWIJDEREN, {"id": cid})
    assert response.json() == {"data": {"contactpersoonVerwijderen": True}}
    assert (await fresh_api.post("utrecht", IK)).status_code == 401
    assert not (await people.account(fresh_api, "medewerker@utrecht.demo")).actief
    assert await fresh_api.scalar(sa.select(sa.func.count()).where(Notificatie.account_id == account_id)) == 0
    (record,) = await records(fresh_api, response)
    assert record.resultaat is AuditResultaat.GEWIJZIGD and record.gebruikersnaam == "beheerder@utrecht.demo"
    assert "verwijderd uit GM0344" in record.handeling and "medewerker@utrecht.demo" in record.handeling

    # Added again later, the address gets its account back, with nothing of before.
    again = nieuw(email="medewerker@utrecht.demo", naam="Sanne de Vries")
    await fresh_api.data("beheerder", TOEVOEGEN, {"input": again})
    assert (await fresh_api.data("utrecht", IK))["ik"]["rol"] == Rol.GEMEENTE_MEDEWERKER.value
    assert (await people.account(fresh_api, "medewerker@utrecht.demo")).id == account_id


async def test_removing_a_contact_without_login_drops_its_unsent_mail(fresh_api: Api) -> None:
    cid, email = await people.contact_zonder_login(fresh_api, "GM0344")
    async with fresh_api.engine.begin() as conn:
        await conn.execute(sa.insert(EmailOutbox).values(ontvanger=email, onderwerp="TVS", tekst="x"))
    assert (await fresh_api.data("beheerder", VERWIJDEREN, {"id": cid}))["contactpersoonVerwijderen"] is True
    assert await fresh_api.scalar(sa.select(sa.func.count()).where(EmailOutbox.ontvanger == email)) == 0


# --- notification settings ---------------------------------------------------------------------------


async def test_a_contact_sets_its_own_notifications(fresh_api: Api) -> None:
    cid = await people.contact_id(fresh_api, "medewerker@utrecht.demo")
    response = await fresh_api.post(
        "utrecht", INSTELLEN, {"id": cid, "i": {**ALLES_AAN, "klantprofiel": False}}
    )
    assert response.json()["data"]["notificatiesInstellen"]["notificaties"] == {
        "algemeen": True,
        "klantprofiel": False,
    }
    (record,) = await records(fresh_api, response)
    assert record.resultaat is AuditResultaat.GEWIJZIGD and record.gebruikersnaam == "medewerker@utrecht.demo"


async def test_the_beheerder_sets_a_contacts_notifications(fresh_api: Api) -> None:
    cid = await people.contact_id(fresh_api, "medewerker@utrecht.demo")
    data = await fresh_api.data("beheerder", INSTELLEN, {"id": cid, "i": ALLES_UIT})
    assert data["notificatiesInstellen"]["notificaties"] == {"algemeen": False, "klantprofiel": False}


@pytest.mark.parametrize(
    ("user", "expected"),
    [
        ("utrecht", "FORBIDDEN"),
        ("casemanager", "FORBIDDEN"),
        ("regievoerder", "FORBIDDEN"),
        ("derde", "NOT_FOUND"),
        ("amsterdam", "NOT_FOUND"),
        ("amr", "FORBIDDEN"),
        ("fg", "FORBIDDEN"),
    ],
)
async def test_others_cannot_set_a_contacts_notifications(api: Api, user: str, expected: str) -> None:
    cid = await people.contact_id(api, "beheerder@utrecht.demo")
    response = await api.post(user, INSTELLEN, {"id": cid, "i": ALLES_UIT})
    assert code(response.json()) == expected
    if expected == "FORBIDDEN":
        assert [r.resultaat for r in await records(api, response)] == [AuditResultaat.GEWEIGERD]
    assert await api.scalar(
        sa.select(Contactpersoon.notificatie_klantprofiel).where(
            Contactpersoon.email == "beheerder@utrecht.demo"
        )
    )


async def test_records_of_writes_are_in_the_fgs_access_log(fresh_api: Api) -> None:
    await fresh_api.data("beheerder", TOEVOEGEN, {"input": nieuw()})
    log = await fresh_api.data(
        "fg",
        '{ auditLog(filter: {gebruikersnaam: "beheerder@utrecht.demo"}) { nodes { resultaat handeling } } }',
    )
    assert {"resultaat": "GEWIJZIGD", "handeling": log["auditLog"]["nodes"][0]["handeling"]} in log[
        "auditLog"
    ]["nodes"]
    assert "toegevoegd" in log["auditLog"]["nodes"][0]["handeling"]
    assert await fresh_api.scalar(sa.select(sa.func.count()).where(AuditRecord.resultaat == "GEWIJZIGD")) == 1
